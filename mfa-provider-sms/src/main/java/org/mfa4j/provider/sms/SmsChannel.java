package org.mfa4j.provider.sms;

import java.util.Set;
import org.mfa4j.MfaProviderException;
import org.mfa4j.spi.code.CodeChannel;
import org.mfa4j.spi.code.CodeMessage;
import org.mfa4j.spi.code.CodeTemplates;

/**
 * The core's code messages as texts through Programmable Messaging: rendered from this module's templates, one POST
 * each (no retry: a repeated POST can deliver a second SMS). A refusal or failure becomes an
 * {@link MfaProviderException} naming the outcome and Twilio's error code, never the number or the text.
 */
final class SmsChannel implements CodeChannel {

    private final TwilioSender sender;
    private final PhoneNumbers numbers;
    private final CodeTemplates templates;
    private final String application;

    SmsChannel(TwilioSender sender, PhoneNumbers numbers, String application) {
        this.sender = sender;
        this.numbers = numbers;
        this.templates = CodeTemplates.load(SmsChannel.class, "templates/sms", Set.of(CodeTemplates.Part.TEXT));
        this.application = application;
    }

    @Override
    public void send(CodeMessage message) {
        PhoneNumber to = numbers.check(message.destination()).number()
                .orElseThrow(() -> new MfaProviderException("SMS not sent: the stored number is no longer allowed"));
        String body = templates.render(message.locale(), message.code(), message.validFor(), application)
                .part(CodeTemplates.Part.TEXT).strip();
        SmsResult result = sender.send(to, body);
        if (result.status() != SmsResult.Status.SENT) {
            throw new MfaProviderException(notSent(to, result));
        }
    }

    /** Why a text (or a Verify start) to {@code to} failed, with the number masked: for an exception's message. */
    static String notSent(PhoneNumber to, SmsResult result) {
        return "SMS to " + to.masked() + " not sent: " + result.status()
                + result.twilioCode().stream().mapToObj(c -> " (Twilio error " + c + ")").findFirst().orElse("")
                + (result.mayHaveBeenAccepted() ? "; Twilio may have accepted it" : "");
    }

    @Override
    public String toString() {
        return "SmsChannel[" + sender + "]";
    }
}
