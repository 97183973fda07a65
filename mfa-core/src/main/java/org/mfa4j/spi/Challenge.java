package org.mfa4j.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.View;
import org.mfa4j.spi.code.SendCharge;

/**
 * What a provider prepared before the user can answer: the view for the page (WebAuthn request options, a
 * Duo redirect URL, "a code was sent to +49*****78") and, for providers that send something, the dispatch
 * the core runs once the pending state is safely stored.
 *
 * @param view      what the page shows; never the code itself
 * @param expiresAt when the prepared answer stops being accepted, if it expires
 * @param dispatch  the side effect to run after the state is committed (send the SMS or e-mail), if any
 */
public record Challenge(View view, Optional<Instant> expiresAt, Optional<Dispatch> dispatch) {

    public Challenge {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(dispatch, "dispatch");
    }

    /** A challenge that only shows something (WebAuthn options, a redirect). */
    public static Challenge of(View view) {
        return new Challenge(view, Optional.empty(), Optional.empty());
    }

    /** A challenge whose answer expires, delivered by {@code dispatch} after commit. */
    public static Challenge sent(View view, Instant expiresAt, Dispatch dispatch) {
        return new Challenge(view, Optional.of(expiresAt), Optional.of(dispatch));
    }

    /**
     * Delivers a prepared code. Runs at most once per committed challenge, outside any retry loop, so a
     * message is never sent twice by mfa4j itself. Throw {@link org.mfa4j.MfaProviderException} when it
     * could not be delivered.
     */
    @FunctionalInterface
    public interface Dispatch {
        void send();

        /**
         * The send budgets the core charges before {@link #send} runs (across threads and nodes); when one is
         * used up nothing is sent, the prepared answer is void and the caller gets {@code Status.THROTTLED}.
         * The default charges nothing. {@link org.mfa4j.spi.code.OneTimeCodes} names its budgets here.
         */
        default List<SendCharge> charges() {
            return List.of();
        }

        /**
         * A short id of the way the code travels ({@code email}, {@code sms}, {@code voice}), named in the
         * {@link org.mfa4j.MfaEvent.CodeSent} event the core raises after {@link #send} returned, and so in
         * metrics: never the destination or the code. The default is empty: the event names the provider's id.
         */
        default Optional<String> channel() {
            return Optional.empty();
        }

        /**
         * A delivery a provider makes itself (a remote API that generates and sends the code, such as Twilio
         * Verify), charged to {@code charges} ({@link org.mfa4j.spi.code.SendBudget#charge}) like every send of
         * {@link org.mfa4j.spi.code.OneTimeCodes}. Its {@code toString} names the budgets only.
         */
        static Dispatch charged(Runnable send, List<SendCharge> charges) {
            return charged(send, charges, Optional.empty());
        }

        /**
         * As {@link #charged(Runnable, List)}, naming its {@link #channel}: empty, or a short lowercase id
         * ({@code [a-z][a-z0-9_-]{0,31}}).
         *
         * @throws IllegalArgumentException when {@code channel} is not such an id (the message does not quote it)
         */
        static Dispatch charged(Runnable send, List<SendCharge> charges, Optional<String> channel) {
            Objects.requireNonNull(send, "send");
            List<SendCharge> copy = List.copyOf(charges);
            Optional<String> via = requireChannel(channel);
            return new Dispatch() {
                @Override
                public void send() {
                    send.run();
                }

                @Override
                public List<SendCharge> charges() {
                    return copy;
                }

                @Override
                public Optional<String> channel() {
                    return via;
                }

                @Override
                public String toString() {
                    return "Dispatch" + copy;
                }
            };
        }

        /**
         * Returns {@code channel} if it is empty or a short lowercase id ({@code [a-z][a-z0-9_-]{0,31}}).
         *
         * @throws IllegalArgumentException otherwise, without quoting it
         */
        static Optional<String> requireChannel(Optional<String> channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.isPresent() && !channel.get().matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("a channel id must match [a-z][a-z0-9_-]{0,31}");
            }
            return channel;
        }
    }
}
