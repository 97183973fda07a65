package org.mfa4j.spring;

import org.mfa4j.Mfa;

/**
 * Changes the {@link Mfa.Builder} after the starter applied the {@code mfa4j.*} properties and before it
 * builds: register application services a provider needs ({@code builder.service(Mailer.class, mailer)}),
 * per-group or per-user policy rules, or a provider factory that is not discovered. Every bean of this type
 * runs, in {@code @Order}.
 */
@FunctionalInterface
public interface MfaBuilderCustomizer {

    void customize(Mfa.Builder builder);
}
