/**
 * Spring Boot auto-configuration for mfa4j, and mfa4j's factors in Spring Security 7's multi-factor model.
 *
 * <p>Public: {@link org.mfa4j.spring.Mfa4jProperties} (the {@code mfa4j.*} properties),
 * {@link org.mfa4j.spring.MfaWeb} (mfa4j for the signed-in user of a servlet request),
 * {@link org.mfa4j.spring.MfaFactors} (provider id to {@code FactorGrantedAuthority}),
 * {@link org.mfa4j.spring.MfaUserResolver} and {@link org.mfa4j.spring.MfaBuilderCustomizer} (extension
 * beans), and the three auto-configurations.
 *
 * <p>Not here: pages. The application renders its MFA, setup and account pages from {@link org.mfa4j.View}s;
 * the starter never writes HTML. Not reactive: Spring Security's MFA model is servlet only. Not a user store:
 * the application keeps its users and passwords.
 */
package org.mfa4j.spring;
