package org.mfa4j.provider.email;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;
import org.mfa4j.provider.email.DeliveryException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one e-mail to one recipient over a fresh SMTP session, and enforces what Jakarta Mail's flags only
 * request: with {@link SmtpSettings.Security#STARTTLS} or {@link SmtpSettings.Security#IMPLICIT_TLS} the session
 * is encrypted before anything is said (checked on the connected transport, not assumed from the flags); with
 * credentials, the message is sent only if the server offered AUTH and the login succeeded. Jakarta Mail's
 * {@code mail.smtp.auth=true} alone connects unauthenticated when the server offers no AUTH; this class closes
 * such a session before {@code MAIL FROM}.
 *
 * <p>Thread-safe: each call opens its own connection. Nothing is retried: a resend is the caller's decision.
 */
final class SmtpTransport {

    private static final Logger log = LoggerFactory.getLogger(SmtpTransport.class);

    /** Jakarta Mail's wording when STARTTLS is required and the server does not offer it. */
    private static final String STARTTLS_MISSING = "STARTTLS is required";

    private final SmtpSettings settings;
    private final Session session;
    private final Clock clock;

    SmtpTransport(SmtpSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = Session.getInstance(properties(settings));
    }

    /**
     * Hands {@code message} to the server for {@code to}.
     *
     * @throws DeliveryException when the server was not reached, TLS or authentication could not be had, the
     *     server refused the message, or it stopped answering; nothing was sent in the first three cases
     */
    void send(EmailAddress to, EmailMessage message) throws DeliveryException {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        MimeMessage mime = mime(to, message);
        SMTPTransport transport = new SMTPTransport(session,
                new URLName("smtp", settings.host(), settings.port(), null, null, null));
        try {
            connect(transport, to);
            requireProtection(transport, to);
            transport.sendMessage(mime, new Address[] {to.toInternetAddress()});
            log.debug("e-mail to {} accepted by {}:{}", to, settings.host(), settings.port());
        } catch (MessagingException e) {
            throw logged(sendFailure(e, to));
        } catch (DeliveryException e) {
            throw logged(e);
        } finally {
            closeQuietly(transport);
        }
    }

    private void connect(SMTPTransport transport, EmailAddress to) throws DeliveryException {
        try {
            if (settings.authenticates()) {
                transport.connect(settings.host(), settings.port(), settings.username().orElseThrow(),
                        settings.password());
            } else {
                transport.connect(settings.host(), settings.port(), null, null);
            }
        } catch (AuthenticationFailedException e) {
            throw failure(Reason.AUTH, 0, to, "the server refused the credentials (or offers neither PLAIN nor"
                    + " LOGIN)");
        } catch (MessagingException e) {
            throw connectFailure(e, to);
        }
    }

    /** What the flags asked for, checked on the live session before the envelope is sent. */
    private void requireProtection(SMTPTransport transport, EmailAddress to) throws DeliveryException {
        if (settings.security() != SmtpSettings.Security.NONE && !transport.isSSL()) {
            throw failure(Reason.TLS, 0, to, "the session is not encrypted");
        }
        // Jakarta Mail logs in exactly when credentials are set and the server advertises one of these; a
        // session that connected without either is unauthenticated.
        if (settings.authenticates()
                && !(transport.supportsExtension("AUTH") || transport.supportsExtension("AUTH=LOGIN"))) {
            throw failure(Reason.AUTH, 0, to, "the server offered no AUTH; not sending unauthenticated");
        }
    }

    private DeliveryException connectFailure(MessagingException e, EmailAddress to) {
        if (has(e, SSLException.class)) {
            return failure(Reason.TLS, 0, to, tlsDetail(e));
        }
        if (settings.security() == SmtpSettings.Security.STARTTLS && e.getMessage() != null
                && e.getMessage().startsWith(STARTTLS_MISSING)) {
            return failure(Reason.TLS, 0, to, "STARTTLS is required and the server does not offer it");
        }
        if (e instanceof MailConnectException) {
            return failure(Reason.CONNECT, 0, to, "no connection to the server ("
                    + simpleName(e.getCause()) + ")");
        }
        if (has(e, SocketTimeoutException.class)) {
            return failure(Reason.TIMEOUT, 0, to, "the server did not answer in time");
        }
        return failure(Reason.CONNECT, 0, to, "the SMTP session could not be opened ("
                + simpleName(e.getCause() != null ? e.getCause() : e) + ")");
    }

    private DeliveryException sendFailure(MessagingException e, EmailAddress to) {
        if (has(e, SocketTimeoutException.class)) {
            return failure(Reason.TIMEOUT, 0, to,
                    "the server stopped answering; it may have accepted the message");
        }
        if (has(e, SSLException.class)) {
            return failure(Reason.TLS, 0, to, tlsDetail(e));
        }
        int code = replyCode(e);
        if (code == 530) {
            return failure(Reason.AUTH, code, to, "the server requires authentication and none is configured");
        }
        if (code > 0) {
            return failure(Reason.REJECTED, code, to, "the server refused the " + refused(e) + " (SMTP " + code
                    + ")");
        }
        if (e instanceof SendFailedException) {
            return failure(Reason.REJECTED, 0, to, "the server refused the recipient");
        }
        return failure(Reason.CONNECT, 0, to, "the SMTP session broke off ("
                + simpleName(e.getCause() != null ? e.getCause() : e) + ")");
    }

    private DeliveryException failure(Reason reason, int code, EmailAddress to, String what) {
        return new DeliveryException(reason, code, "e-mail to " + to.masked() + " via " + settings.host() + ":"
                + settings.port() + " not sent: " + what);
    }

    private static DeliveryException logged(DeliveryException e) {
        log.debug("{} [{}]", e.getMessage(), e.reason());
        return e;
    }

    /** The SMTP reply code in the exception or the ones it wraps ({@code SendFailedException} nests them). */
    private static int replyCode(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException
                ? ((MessagingException) x).getNextException() : null) {
            if (x instanceof SMTPAddressFailedException) {
                return ((SMTPAddressFailedException) x).getReturnCode();
            }
            if (x instanceof SMTPSenderFailedException) {
                return ((SMTPSenderFailedException) x).getReturnCode();
            }
            if (x instanceof SMTPSendFailedException) {
                return ((SMTPSendFailedException) x).getReturnCode();
            }
        }
        return 0;
    }

    private static String refused(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException
                ? ((MessagingException) x).getNextException() : null) {
            if (x instanceof SMTPAddressFailedException) {
                return "recipient";
            }
            if (x instanceof SMTPSenderFailedException) {
                return "sender";
            }
        }
        return "message";
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong in the handshake, from the exception types (their texts may quote the certificate). */
    private static String tlsDetail(Throwable e) {
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
            return "the server's certificate is not trusted";
        }
        if (has(e, CertificateException.class)) {
            return "the server's certificate does not name this host or is invalid";
        }
        return "the TLS handshake failed";
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException && ((MessagingException) t).getNextException() != null) {
            return ((MessagingException) t).getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String simpleName(Throwable t) {
        return t == null ? "no detail" : t.getClass().getSimpleName();
    }

    private MimeMessage mime(EmailAddress to, EmailMessage message) throws DeliveryException {
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(settings.from());
            mime.setRecipient(Message.RecipientType.TO, to.toInternetAddress());
            mime.setSubject(message.subject(), "UTF-8");
            mime.setSentDate(Date.from(clock.instant()));
            mime.setContentLanguage(new String[] {message.locale().toLanguageTag()});
            // RFC 3834: no vacation replies to a code.
            mime.setHeader("Auto-Submitted", "auto-generated");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), "UTF-8", "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            mime.setContent(alternative);
            mime.saveChanges();
            return mime;
        } catch (MessagingException e) {
            throw failure(Reason.REJECTED, 0, to, "the message could not be composed (" + simpleName(e) + ")");
        }
    }

    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            log.trace("closing the SMTP session failed: {}", simpleName(e));
        }
    }

    private static Properties properties(SmtpSettings s) {
        Properties p = new Properties();
        String from = s.from().getAddress();
        p.setProperty("mail.smtp.host", s.host());
        p.setProperty("mail.smtp.port", Integer.toString(s.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(s.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(s.readTimeout().toMillis()));
        // Envelope sender, and the domain of the Message-ID (else the JVM's user and host name would be used).
        p.setProperty("mail.smtp.from", from);
        p.setProperty("mail.from", from);
        p.setProperty("mail.smtp.auth", Boolean.toString(s.authenticates()));
        // Both are safe inside TLS; XOAUTH2 and NTLM would misuse a password.
        p.setProperty("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
        p.setProperty("mail.debug", "false");
        p.setProperty("mail.debug.auth", "false");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        // Else a failure with the configured socket factory (a host name mismatch, say) is retried on a second
        // connection with the JVM's default factory, and the first failure is lost.
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        p.setProperty("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        switch (s.security()) {
            case STARTTLS:
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                break;
            case IMPLICIT_TLS:
                p.setProperty("mail.smtp.ssl.enable", "true");
                break;
            case NONE:
                p.setProperty("mail.smtp.starttls.enable", "false");
                break;
            default:
                throw new IllegalStateException("unknown security mode " + s.security());
        }
        s.trustStore().ifPresent(trust -> p.put("mail.smtp.ssl.socketFactory", sslContext(trust)
                .getSocketFactory()));
        s.ehloName().ifPresent(name -> p.setProperty("mail.smtp.localhost", name));
        return p;
    }

    private static SSLContext sslContext(KeyStore trust) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the SMTP trust store cannot be used: " + e.getMessage(), e);
        }
    }
}
