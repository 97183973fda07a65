package org.mfa4j.provider.email;

import org.mfa4j.MfaProviderException;
import org.mfa4j.spi.code.CodeChannel;
import org.mfa4j.spi.code.CodeMessage;

/** The core's code messages as e-mails: rendered from the templates, sent once over SMTP. */
final class EmailChannel implements CodeChannel {

    private final SmtpTransport transport;
    private final MessageTemplates templates;
    private final String application;

    EmailChannel(SmtpTransport transport, MessageTemplates templates, String application) {
        this.transport = transport;
        this.templates = templates;
        this.application = application;
    }

    /** How the core shows an address: {@code j***@example.com}; never the address in clear. */
    static String mask(String address) {
        return EmailAddress.parse(address).map(EmailAddress::masked).orElse("***");
    }

    @Override
    public void send(CodeMessage message) {
        EmailAddress to = EmailAddress.parse(message.destination())
                .orElseThrow(() -> new MfaProviderException("e-mail not sent: the stored address is not valid"));
        EmailMessage mail = templates.render(message.locale(), message.code(), message.validFor(), application);
        try {
            transport.send(to, mail);
        } catch (DeliveryException e) {
            // Its message names the masked recipient and the reason only; it has no cause that could quote more.
            throw new MfaProviderException("e-mail not delivered (" + e.reason() + "): " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "EmailChannel[" + transport + "]";
    }
}
