package org.mfa4j.provider.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One recipient's address, checked as a bare RFC 5322 addr-spec in ASCII (no display name, no group, no controls,
 * no internationalised local part: that would need SMTPUTF8), and
 * shown only masked: {@code j***@example.com}. {@link #toString()} is the masked form, so a log line or message
 * that prints the value never carries the address.
 */
final class EmailAddress {

    /** RFC 5321: a path is at most 256 octets including the angle brackets. */
    private static final int MAX_LENGTH = 254;

    private final String address;
    private final InternetAddress parsed;

    private EmailAddress(String address, InternetAddress parsed) {
        this.address = address;
        this.parsed = parsed;
    }

    /** The address, or empty when {@code text} is not one bare address. The reason is not told: it would quote it. */
    static Optional<EmailAddress> parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > MAX_LENGTH || !text.chars().allMatch(c -> c > ' ' && c <= '~')) {
            return Optional.empty();
        }
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            parsed.validate();
            int at = text.lastIndexOf('@');
            if (parsed.getPersonal() != null || parsed.isGroup() || !text.equals(parsed.getAddress())
                    || at < 1 || at == text.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new EmailAddress(text, parsed));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /** The address in clear, for the SMTP envelope and the {@code To} header only. */
    String value() {
        return address;
    }

    /** The first character of the local part, three stars, and the domain: {@code j***@example.com}. */
    String masked() {
        int at = address.lastIndexOf('@');
        return address.charAt(0) + "***" + address.substring(at);
    }

    InternetAddress toInternetAddress() {
        return (InternetAddress) parsed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress && ((EmailAddress) o).address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
