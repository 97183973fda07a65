/**
 * The e-mail factor: one-time codes sent over SMTP, on the core's one-time-code block ({@code org.mfa4j.spi.code}).
 *
 * <p>Public: {@link org.mfa4j.provider.email.EmailProviderFactory} (found by {@code ServiceLoader}; its Javadoc
 * lists the settings and what NIST SP 800-63B-4 says about e-mail), {@link org.mfa4j.provider.email.SmtpSettings},
 * and {@link org.mfa4j.provider.email.EmailNotifier}: security notifications ({@code org.mfa4j.MfaNotifier}) by
 * e-mail over the same transport, to the address the application gives for a user. The transport, the channel, the
 * templates (rendered by the core's {@code CodeTemplates}, the notifications' by {@code NoticeTemplates}) and the
 * typed delivery failure are package-private.
 *
 * <p>What the transport enforces rather than requests: with STARTTLS (the default) or implicit TLS, the session is
 * encrypted before the password or the message is sent, against the JVM's trust store (or an explicit one) and
 * with the server's host name checked; with credentials, the message goes out only after a successful SMTP AUTH,
 * never unauthenticated because the server offered no AUTH. Failures are typed (connect, TLS, authentication,
 * rejected, timeout) and their messages show the recipient masked ({@code j***@example.com}), never the address,
 * the password or the server's reply text.
 *
 * <p>What it does not do: retry (a resend is a new code, decided by the caller), queue, or check that a mailbox
 * exists. Jakarta Mail's own protocol trace (the {@code java.util.logging} logger {@code org.eclipse.angus.mail}
 * at {@code FINEST}, or {@code mail.debug}) prints the recipient and the message body, code included: keep it off
 * in production. The password stays out of that trace ({@code mail.debug.auth} is off).
 */
package org.mfa4j.provider.email;
