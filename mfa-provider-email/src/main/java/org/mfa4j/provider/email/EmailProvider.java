package org.mfa4j.provider.email;

import java.util.Locale;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.code.OneTimeCodeProvider;
import org.mfa4j.spi.code.OneTimeCodes;

/** The e-mail factor: the address from the setup input or the user; every step is the core's. */
final class EmailProvider extends OneTimeCodeProvider {

    EmailProvider(OneTimeCodes codes, Locale defaultLocale) {
        super(codes, defaultLocale, "e-mail address");
    }

    @Override
    protected String destination(MfaInput input, PropertyManager properties) {
        String typed = input.param(EmailProviderFactory.INPUT_EMAIL).or(() -> properties.user().email())
                .orElseThrow(() -> new IllegalArgumentException("an e-mail address is needed: give the setup input '"
                        + EmailProviderFactory.INPUT_EMAIL + "' or the user's e-mail"));
        return EmailAddress.parse(typed.strip()).map(EmailAddress::value)
                .orElseThrow(() -> new IllegalArgumentException("that is not one valid e-mail address"));
    }
}
