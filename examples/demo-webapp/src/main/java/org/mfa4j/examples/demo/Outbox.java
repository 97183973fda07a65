package org.mfa4j.examples.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;

/**
 * The developer outbox: what the demo sent, read back for the outbox page. E-mail goes to GreenMail, an SMTP
 * server in this JVM on a free loopback port; SMS go to {@link TwilioStandIn}, a loopback HTTP server that
 * answers the SMS module's calls as Twilio's Messages API does. Nothing leaves the machine and no account is
 * needed. A real deployment has neither: it configures {@code mfa4j.email.smtp-*} and {@code mfa4j.sms.*}.
 */
public final class Outbox implements DisposableBean {

    /**
     * One message as the outbox page shows it; the text holds the code, as the recipient's inbox would. The
     * time is the sender's: the e-mail's Date header, the SMS stand-in's clock.
     */
    public record Message(String to, String subject, String text, Instant sentAt) {
    }

    private final GreenMail mail;
    private final TwilioStandIn sms;

    Outbox(Clock clock) {
        this.mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        this.mail.start();
        this.sms = TwilioStandIn.start(clock);
    }

    /** The SMTP port the e-mail module is pointed at. */
    int smtpPort() {
        return mail.getSmtp().getPort();
    }

    TwilioStandIn sms() {
        return sms;
    }

    /** The e-mails sent since start-up, the newest first. */
    public List<Message> emails() {
        List<Message> all = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            all.add(0, read(m));
        }
        return all;
    }

    /** The text messages sent since start-up, the newest first. */
    public List<Message> texts() {
        List<Message> all = new ArrayList<>(sms.messages());
        Collections.reverse(all);
        return all;
    }

    private static Message read(MimeMessage m) {
        try {
            Instant sent = m.getSentDate() == null ? Instant.EPOCH : m.getSentDate().toInstant();
            String to = InternetAddress.toString(m.getRecipients(jakarta.mail.Message.RecipientType.TO));
            return new Message(to == null ? "" : to, m.getSubject() == null ? "" : m.getSubject(),
                    plainText(m), sent);
        } catch (MessagingException | IOException e) {
            return new Message("?", "(unreadable message)", "", Instant.EPOCH);
        }
    }

    /** The first text/plain part: the e-mail module sends text and HTML alternatives. */
    private static String plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart p = multipart.getBodyPart(i);
                String text = plainText(p);
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    @Override
    public void destroy() {
        sms.stop();
        mail.stop();
    }
}
