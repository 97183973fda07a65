package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spring.MfaFactors;

/**
 * The verify page of a factor that sends its code (e-mail, SMS) asks mfa4j for a code only on a POST: a GET
 * (a reload, the back button, a link prefetcher) must not send a message or use up the send budget. What the
 * page shows meanwhile, "a code was sent to j***@example.com", is what the last send's {@link Prompt} said,
 * kept in the HTTP session: the masked destination and the times, never the code.
 */
final class SentCodes {

    /** The factors whose prompt sends nothing (a code from an app, a key's request, Duo's redirect). */
    private static final Set<String> PROMPT_ON_OPEN = Set.of(MfaController.TOTP, MfaController.RECOVERY,
            MfaFactors.WEBAUTHN_PROVIDER, MfaController.DUO);
    private static final String ATTRIBUTE = SentCodes.class.getName() + ".";

    /** Where the last code went (masked), until when it is accepted, when a new one may be sent. */
    record Sent(String sentTo, Instant expiresAt, Instant resendAt) implements Serializable {

        /** Whole minutes left at {@code now}, rounded up. */
        long minutesLeft(Instant now) {
            return (Duration.between(now, expiresAt).toSeconds() + 59) / 60;
        }
    }

    private SentCodes() {
    }

    /**
     * Whether opening the verify page may call {@code Mfa.prompt}: only for the factors known to send nothing.
     * Any other, a third party's too, sends its code on the page's POST.
     */
    static boolean promptOnOpen(String provider) {
        return PROMPT_ON_OPEN.contains(provider);
    }

    /** Keeps what a prompt that sent (or kept) a code said; anything else forgets the last one. */
    static void remember(HttpServletRequest request, String provider, Prompt prompt) {
        Optional<String> to = prompt.view().get("sentTo");
        if (prompt.status() != Status.ACCEPTED || to.isEmpty() || prompt.expiresAt().isEmpty()) {
            forget(request, provider);
            return;
        }
        Instant until = prompt.expiresAt().get();
        Instant resend = prompt.view().get("resendAt").map(Instant::parse).orElse(until);
        request.getSession().setAttribute(ATTRIBUTE + provider, new Sent(to.get(), until, resend));
    }

    /** The code sent in this session for {@code provider} that is still accepted at {@code now}, if any. */
    static Optional<Sent> pending(HttpServletRequest request, String provider, Instant now) {
        HttpSession session = request.getSession(false);
        Object sent = session == null ? null : session.getAttribute(ATTRIBUTE + provider);
        return sent instanceof Sent s && now.isBefore(s.expiresAt()) ? Optional.of(s) : Optional.empty();
    }

    /**
     * After an answer: a success uses the code up, and an expired code, a flow reset (every code of the flow
     * void) or "no challenge" leaves nothing to show. A wrong code leaves the sent one pending.
     */
    static void after(HttpServletRequest request, String provider, Result result) {
        HttpSession session = request.getSession(false);
        if (session != null && result.status() == Status.FLOW_RESET) {
            Collections.list(session.getAttributeNames()).stream().filter(n -> n.startsWith(ATTRIBUTE))
                    .forEach(session::removeAttribute);
        }
        boolean gone = result.isAccepted() || result.status() == Status.EXPIRED
                || result.reason().filter(r -> r == FailureReason.EXPIRED || r == FailureReason.NO_CHALLENGE)
                .isPresent();
        if (gone) {
            forget(request, provider);
        }
    }

    private static void forget(HttpServletRequest request, String provider) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE + provider);
        }
    }
}
