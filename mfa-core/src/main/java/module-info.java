/**
 * mfa4j core: the SPI, the {@code Mfa} entry point, policies and stores. {@code org.mfa4j.internal} is not
 * exported.
 */
module org.mfa4j.core {
    requires org.slf4j;
    requires transitive java.sql;
    requires com.fasterxml.jackson.core;

    exports org.mfa4j;
    exports org.mfa4j.policy;
    exports org.mfa4j.spi;
    exports org.mfa4j.spi.code;
    exports org.mfa4j.spi.otp;
    exports org.mfa4j.store;

    uses org.mfa4j.spi.MfaProviderFactory;
}
