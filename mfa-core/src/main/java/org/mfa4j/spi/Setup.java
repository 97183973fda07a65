package org.mfa4j.spi;

import java.util.Objects;
import java.util.Optional;
import org.mfa4j.View;

/**
 * What a provider's setup prepared: the view for the setup page (an otpauth URI and QR code, creation
 * options, "a code was sent to j***@example.com") and, for a provider that must deliver something before
 * the factor can be activated (a code to verify an e-mail address or a phone number), the delivery the core
 * runs once the pending setup is safely stored.
 *
 * @param view     what the setup page shows; never a code that is sent
 * @param delivery the side effect to run once after the setup is committed, if any
 */
public record Setup(View view, Optional<Challenge.Dispatch> delivery) {

    public Setup {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** A setup that only shows something. */
    public static Setup of(View view) {
        return new Setup(view, Optional.empty());
    }

    /** A setup whose activation needs something delivered (runs once, after commit, never for a retried run). */
    public static Setup delivered(View view, Challenge.Dispatch delivery) {
        return new Setup(view, Optional.of(delivery));
    }
}
