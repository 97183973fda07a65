package org.mfa4j.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfa4j.policy.Require;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mfa4j.*} properties. Each provider's own settings are {@code mfa4j.<provider id>.<setting>}
 * (for example {@code mfa4j.totp.issuer}), handed to the provider as its settings map; they are read for
 * every provider found on the class path, so adding a factor is adding its module and its properties.
 * The names below are reserved and cannot be provider ids.
 */
@ConfigurationProperties(prefix = "mfa4j")
public class Mfa4jProperties {

    /** The top-level names that are not provider ids. */
    static final List<String> RESERVED = List.of("policy", "lockout", "keys", "store", "web", "grace-period",
            "step-up", "protected-actions", "enabled");

    /** Who must use MFA and which providers are offered. */
    private final Policy policy = new Policy();
    /** Failure counting and locking. */
    private final Lockout lockout = new Lockout();
    /** The application keys that sign proofs and seal secrets. */
    private final Keys keys = new Keys();
    /** Where mfa4j keeps its state. */
    private final Store store = new Store();
    /** The servlet integration with Spring Security. */
    private final Web web = new Web();
    /** How long a proof lets the application's protected actions go ahead. The default is 5 minutes. */
    private Duration gracePeriod = Duration.ofMinutes(5);
    /** How recent a proof must be to change a user's factors. The default is 5 minutes. */
    private Duration stepUp = Duration.ofMinutes(5);
    /** A grace period per named protected action, for example {@code change-email: 2m}. */
    private final Map<String, Duration> protectedActions = new LinkedHashMap<>();

    public Policy getPolicy() {
        return policy;
    }

    public Lockout getLockout() {
        return lockout;
    }

    public Keys getKeys() {
        return keys;
    }

    public Store getStore() {
        return store;
    }

    public Web getWeb() {
        return web;
    }

    public Duration getGracePeriod() {
        return gracePeriod;
    }

    public void setGracePeriod(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    public Duration getStepUp() {
        return stepUp;
    }

    public void setStepUp(Duration stepUp) {
        this.stepUp = stepUp;
    }

    public Map<String, Duration> getProtectedActions() {
        return protectedActions;
    }

    /** {@code mfa4j.policy.*}: the enforcement policy. */
    public static class Policy {
        /** Who must use MFA: NOBODY, ALL, NON_ADMINS, ADMINS or SYSTEM_MAINTAINERS. The default is NOBODY. */
        private Require require = Require.NOBODY;
        /** The provider suggested at setup. The default is none. */
        private String recommended;
        /** Providers every user must set up. The default is none. */
        private List<String> forced = new ArrayList<>();
        /** Providers nobody may use (they stay registered). The default is none. */
        private List<String> disabled = new ArrayList<>();

        public Require getRequire() {
            return require;
        }

        public void setRequire(Require require) {
            this.require = require;
        }

        public String getRecommended() {
            return recommended;
        }

        public void setRecommended(String recommended) {
            this.recommended = recommended;
        }

        public List<String> getForced() {
            return forced;
        }

        public void setForced(List<String> forced) {
            this.forced = forced;
        }

        public List<String> getDisabled() {
            return disabled;
        }

        public void setDisabled(List<String> disabled) {
            this.disabled = disabled;
        }
    }

    /** {@code mfa4j.lockout.*}: the lockout policy. */
    public static class Lockout {
        /** Consecutive failures on one provider that lock it. The default is 3. */
        private int maxFailures = 3;
        /** Consecutive failures across all providers that lock the account. The default and maximum is 100. */
        private int accountCeiling = 100;
        /** Failures allowed in one login flow before it resets and voids its codes. The default is 5. */
        private int flowBudget = 5;
        /** When set, a lock ends after this wait, doubling each time; unset (the default) locks until an unlock. */
        private Duration temporaryLockout;
        /** The longest temporary lockout. The default is one day. */
        private Duration maxTemporaryLockout = Duration.ofDays(1);

        public int getMaxFailures() {
            return maxFailures;
        }

        public void setMaxFailures(int maxFailures) {
            this.maxFailures = maxFailures;
        }

        public int getAccountCeiling() {
            return accountCeiling;
        }

        public void setAccountCeiling(int accountCeiling) {
            this.accountCeiling = accountCeiling;
        }

        public int getFlowBudget() {
            return flowBudget;
        }

        public void setFlowBudget(int flowBudget) {
            this.flowBudget = flowBudget;
        }

        public Duration getTemporaryLockout() {
            return temporaryLockout;
        }

        public void setTemporaryLockout(Duration temporaryLockout) {
            this.temporaryLockout = temporaryLockout;
        }

        public Duration getMaxTemporaryLockout() {
            return maxTemporaryLockout;
        }

        public void setMaxTemporaryLockout(Duration maxTemporaryLockout) {
            this.maxTemporaryLockout = maxTemporaryLockout;
        }
    }

    /** {@code mfa4j.keys.*}: where the keys come from. One of the two is required. */
    public static class Keys {
        /** The key file (read with SecretKeys.fromFile; it must not be readable by others). */
        private Path file;
        /** Generate the key file when it does not exist yet (single-node demos). The default is false. */
        private boolean generateIfMissing;
        /** Throw-away keys for this JVM only (tests): every proof and sealed secret dies with it. The default is false. */
        private boolean ephemeral;

        public Path getFile() {
            return file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

        public boolean isGenerateIfMissing() {
            return generateIfMissing;
        }

        public void setGenerateIfMissing(boolean generateIfMissing) {
            this.generateIfMissing = generateIfMissing;
        }

        public boolean isEphemeral() {
            return ephemeral;
        }

        public void setEphemeral(boolean ephemeral) {
            this.ephemeral = ephemeral;
        }
    }

    /** {@code mfa4j.store.*}: the JDBC store on the application's DataSource. */
    public static class Store {
        /** The table. The default is mfa4j_user. */
        private String table = "mfa4j_user";
        /** Create the table at start-up when it is missing (idempotent). The default is false: apply the SQL yourself. */
        private boolean createSchema;

        public String getTable() {
            return table;
        }

        public void setTable(String table) {
            this.table = table;
        }

        public boolean isCreateSchema() {
            return createSchema;
        }

        public void setCreateSchema(boolean createSchema) {
            this.createSchema = createSchema;
        }
    }

    /** {@code mfa4j.web.*}: the Spring Security integration (servlet only). */
    public static class Web {
        /** Require an mfa4j factor on every rule that needs an authenticated user, when mfa4j requires MFA for that user. The default is true. */
        private boolean requireFactors = true;
        /** The page a user without the factor is sent to (Spring's missing-authority entry point). The default is /mfa. */
        private String verifyPage = "/mfa";
        /** The authority that makes a user an mfa4j administrator for the policy. The default is ROLE_ADMIN. */
        private String adminAuthority = "ROLE_ADMIN";

        public boolean isRequireFactors() {
            return requireFactors;
        }

        public void setRequireFactors(boolean requireFactors) {
            this.requireFactors = requireFactors;
        }

        public String getVerifyPage() {
            return verifyPage;
        }

        public void setVerifyPage(String verifyPage) {
            this.verifyPage = verifyPage;
        }

        public String getAdminAuthority() {
            return adminAuthority;
        }

        public void setAdminAuthority(String adminAuthority) {
            this.adminAuthority = adminAuthority;
        }
    }
}
