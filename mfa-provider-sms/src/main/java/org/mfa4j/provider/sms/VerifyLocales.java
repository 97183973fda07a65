package org.mfa4j.provider.sms;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code Locale} parameter of Twilio Verify's "create verification": a Java locale mapped to one of the
 * language tags Verify's default template supports. Verify answers an unsupported tag with 404 and sends nothing,
 * so a locale outside the list gives no tag, and Verify then picks the language from the number's country code
 * (its own recommendation). The list is Twilio's published one, kept conservative: a missing language costs the
 * user a text in the country's language; a wrong one costs the sign-in.
 */
final class VerifyLocales {

    /** Verify's language tags without a region (American English is {@code en}). */
    private static final Set<String> LANGUAGES = Set.of("af", "ar", "ca", "cs", "da", "de", "el", "en", "es", "et",
            "fi", "fr", "he", "hi", "hr", "hu", "id", "it", "ja", "kn", "ko", "lt", "mr", "ms", "nb", "nl", "pl", "pt",
            "ro", "ru", "sk", "sv", "te", "th", "tl", "tr", "vi", "zh");

    private VerifyLocales() {
    }

    /** The Verify tag for {@code locale}, or none when Verify has no such language. */
    static Optional<String> tag(Locale locale) {
        String language = switch (locale.getLanguage()) {
            case "iw" -> "he";
            case "in" -> "id";
            case "no", "nn" -> "nb";
            case "fil" -> "tl";
            default -> locale.getLanguage();
        };
        if (!LANGUAGES.contains(language)) {
            return Optional.empty();
        }
        String region = locale.getCountry();
        return switch (language) {
            case "en" -> Optional.of(region.equals("GB") ? "en-GB" : "en");
            case "pt" -> Optional.of(region.equals("BR") ? "pt-BR" : "pt");
            // Verify's Chinese is simplified (mainland or Hong Kong terms): none for Taiwan, Macao or Hant.
            case "zh" -> locale.getScript().equals("Hant") || region.equals("TW") || region.equals("MO")
                    ? Optional.empty() : Optional.of(region.equals("HK") ? "zh-HK" : region.equals("CN") ? "zh-CN" : "zh");
            default -> Optional.of(language);
        };
    }
}
