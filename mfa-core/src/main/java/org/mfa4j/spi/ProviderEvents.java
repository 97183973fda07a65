package org.mfa4j.spi;

import java.util.Map;

/** A provider's channel to the application's event listeners and audit log. */
public interface ProviderEvents {

    /**
     * Publishes a notice about a user, after the current operation has been committed (a notice of an
     * operation that is retried or fails is not published).
     *
     * @param userId     the user concerned
     * @param kind       a short lowercase word such as {@code low-codes}
     * @param attributes non-secret facts; never a code, secret, phone number or e-mail address
     */
    void notice(String userId, String kind, Map<String, String> attributes);
}
