package org.mfa4j.provider.u2f;

import com.yubico.webauthn.data.AttestationConveyancePreference;
import com.yubico.webauthn.data.AuthenticatorAttachment;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.ResidentKeyRequirement;
import com.yubico.webauthn.data.UserVerificationRequirement;
import com.yubico.webauthn.data.exception.HexException;
import com.yubico.webauthn.extension.appid.AppId;
import com.yubico.webauthn.extension.appid.InvalidAppIdException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.Settings;

/** The provider's settings, read and checked once when the provider is created (see the factory's Javadoc). */
record U2fSettings(String rpId, String rpName, Set<String> origins, UserVerificationRequirement userVerification,
                   AttestationConveyancePreference attestation, Optional<AuthenticatorAttachment> attachment,
                   ResidentKeyRequirement residentKey, Duration timeout, Set<ByteArray> aaguids,
                   Optional<AppId> appId, boolean passkeys) {

    U2fSettings {
        origins = Set.copyOf(origins);
        aaguids = Set.copyOf(aaguids);
    }

    static U2fSettings from(Settings s) {
        String rpId = s.require("rp-id").toLowerCase(Locale.ROOT);
        if (!isHostName(rpId)) {
            throw invalid(s, "rp-id", "a host name such as example.com (no scheme, port or path; not an IP address)");
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String o : s.get("origins", "https://" + rpId).split(",")) {
            origins.add(origin(s, o.strip()));
        }
        Set<ByteArray> aaguids = new LinkedHashSet<>();
        for (String a : s.get("aaguids", "").split(",")) {
            if (!a.isBlank()) {
                aaguids.add(aaguid(s, a.strip()));
            }
        }
        Optional<AppId> appId = s.get("app-id").map(a -> appId(s, a));
        boolean passkeys = s.getBoolean("passkeys", false);
        return new U2fSettings(rpId, s.get("rp-name", rpId), origins,
                choice(s, "user-verification", UserVerificationRequirement.PREFERRED, Map.of(
                        "discouraged", UserVerificationRequirement.DISCOURAGED,
                        "preferred", UserVerificationRequirement.PREFERRED,
                        "required", UserVerificationRequirement.REQUIRED)),
                choice(s, "attestation", AttestationConveyancePreference.NONE, Map.of(
                        "none", AttestationConveyancePreference.NONE,
                        "indirect", AttestationConveyancePreference.INDIRECT,
                        "direct", AttestationConveyancePreference.DIRECT,
                        "enterprise", AttestationConveyancePreference.ENTERPRISE)),
                Optional.ofNullable(choice(s, "authenticator-attachment", null, Map.of(
                        "platform", AuthenticatorAttachment.PLATFORM,
                        "cross-platform", AuthenticatorAttachment.CROSS_PLATFORM))),
                choice(s, "resident-key", passkeys ? ResidentKeyRequirement.REQUIRED
                        : ResidentKeyRequirement.DISCOURAGED, Map.of(
                        "discouraged", ResidentKeyRequirement.DISCOURAGED,
                        "preferred", ResidentKeyRequirement.PREFERRED,
                        "required", ResidentKeyRequirement.REQUIRED)),
                s.getDuration("timeout", Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10)),
                aaguids, appId, passkeys);
    }

    private static <T> T choice(Settings s, String key, T defaultValue, Map<String, T> values) {
        Optional<String> raw = s.get(key);
        if (raw.isEmpty() || raw.get().equalsIgnoreCase("any") && defaultValue == null) {
            return defaultValue;
        }
        T v = values.get(raw.get().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw invalid(s, key, "one of " + new java.util.TreeSet<>(values.keySet())
                    + (defaultValue == null ? " or any" : ""));
        }
        return v;
    }

    /** An exact origin: scheme, host and port, nothing else; https, or http for localhost only. */
    private static String origin(Settings s, String o) {
        try {
            URI u = new URI(o);
            boolean local = "localhost".equals(u.getHost());
            if (!("https".equals(u.getScheme()) || local && "http".equals(u.getScheme())) || u.getHost() == null
                    || u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null
                    || !(u.getRawPath() == null || u.getRawPath().isEmpty())) {
                throw invalid(s, "origins", "a comma-separated list of origins such as https://example.com or "
                        + "https://login.example.com:8443 (https, or http for localhost; no path)");
            }
            return o.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            throw invalid(s, "origins", "a comma-separated list of origins such as https://example.com");
        }
    }

    private static ByteArray aaguid(Settings s, String a) {
        String hex = a.replace("-", "");
        try {
            if (hex.length() == 32) {
                return ByteArray.fromHex(hex.toLowerCase(Locale.ROOT));
            }
        } catch (HexException e) {
            // reported below
        }
        throw invalid(s, "aaguids", "a comma-separated list of AAGUIDs (UUIDs or 32 hex digits)");
    }

    private static AppId appId(Settings s, String a) {
        try {
            return new AppId(a);
        } catch (InvalidAppIdException e) {
            throw invalid(s, "app-id", "an https URL (the AppID the old U2F keys were registered with)");
        }
    }

    private static boolean isHostName(String h) {
        if (h.isEmpty() || h.length() > 253 || h.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return false;
        }
        for (String label : h.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static MfaConfigurationException invalid(Settings s, String key, String expected) {
        return new MfaConfigurationException("provider '" + U2fProviderFactory.ID + "' setting '" + key
                + "' (or environment variable " + s.environmentName(key) + ") must be " + expected);
    }
}
