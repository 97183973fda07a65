package org.mfa4j.testing;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a task in a JVM whose JCA provider list lacks one provider, then puts it back where it was: how a test
 * sees what happens on a JVM without an algorithm (for example {@code SunJCE}, which has every HMAC, AES-GCM
 * and PBKDF2). The provider list is global, so the task must not run beside other tests that need it (the
 * build runs test classes one at a time).
 */
public final class JcaProviders {

    private JcaProviders() {
    }

    /** Runs {@code task} without the provider named {@code name} and returns its result. */
    public static synchronized <T> T without(String name, Callable<T> task) throws Exception {
        List<Provider> all = List.of(Security.getProviders());
        Provider removed = Security.getProvider(name);
        if (removed == null) {
            throw new IllegalStateException("no JCA provider named " + name + " in this JVM");
        }
        int position = all.indexOf(removed) + 1;
        Security.removeProvider(name);
        try {
            return task.call();
        } finally {
            Security.insertProviderAt(removed, position);
        }
    }
}
