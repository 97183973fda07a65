package org.mfa4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the answer page shows for one provider, from {@link Mfa#prompt}: the same call for every provider,
 * so the page needs no provider-specific guess. For a code from an app it says what to type; for a sent
 * code, where it went and until when; for a security key or a redirect, the data the page hands on.
 *
 * @param status       {@link Status#ACCEPTED} when the page can ask for the answer (something was prepared
 *                     or sent, or nothing was needed); {@link Status#LOCKED}, {@link Status#NOT_ACTIVE},
 *                     {@link Status#NOT_ALLOWED} or {@link Status#UNAVAILABLE} (the provider's remote side
 *                     is down) otherwise, and then nothing was prepared
 * @param providerId   the provider asked
 * @param instructions for {@link Status#ACCEPTED}: one sentence for the user, never a secret ("Enter the
 *                     6-digit code from your authenticator app.", "Enter the code sent to j***@example.com.")
 * @param issued       whether the provider prepared or sent something (false: it needs no challenge)
 * @param view         data for the page (WebAuthn request options, a redirect URL, the masked destination);
 *                     never the code itself
 * @param expiresAt    when the prepared answer stops being accepted
 */
public record Prompt(Status status, String providerId, Optional<String> instructions, boolean issued, View view,
                     Optional<Instant> expiresAt) {

    public Prompt {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(instructions, "instructions");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((status == Status.ACCEPTED) != instructions.isPresent()) {
            throw new IllegalArgumentException("exactly the prompts that can be answered have instructions");
        }
    }

    /** A prompt that cannot be answered now (locked, not active, not allowed, unavailable): nothing was prepared. */
    public static Prompt refused(Status status, String providerId) {
        return new Prompt(status, providerId, Optional.empty(), false, View.empty(), Optional.empty());
    }
}
