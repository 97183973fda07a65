package org.mfa4j.provider.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What GreenMail received, read server-side: the last message's code and parts. */
final class Inbox {

    private static final Pattern CODE = Pattern.compile("^\\s+(\\d{6,8})\\s*$", Pattern.MULTILINE);

    private final GreenMailExtension server;

    Inbox(GreenMailExtension server) {
        this.server = server;
    }

    int size() {
        return server.getReceivedMessages().length;
    }

    MimeMessage last() {
        MimeMessage[] all = server.getReceivedMessages();
        if (all.length == 0) {
            throw new AssertionError("no message arrived");
        }
        return all[all.length - 1];
    }

    /** The plain-text body of the last message. */
    String lastText() {
        try {
            return (String) ((MimeMultipart) last().getContent()).getBodyPart(0).getContent();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The code in the last message's text body (the templates put it alone on an indented line). */
    String lastCode() {
        Matcher m = CODE.matcher(lastText());
        if (!m.find()) {
            throw new AssertionError("no code in the last message");
        }
        return m.group(1);
    }
}
