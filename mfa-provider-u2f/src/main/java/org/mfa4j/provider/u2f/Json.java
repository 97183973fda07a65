package org.mfa4j.provider.u2f;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.data.AuthenticatorAssertionResponse;
import com.yubico.webauthn.data.AuthenticatorAttestationResponse;
import com.yubico.webauthn.data.ClientAssertionExtensionOutputs;
import com.yubico.webauthn.data.ClientRegistrationExtensionOutputs;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mfa4j.spi.SecretBytes;

/**
 * The provider's one JSON mapper, configured as Yubico configures its own ({@code JacksonCodecs.json()} in
 * {@code yubico-util}, which is not Yubico's public API): unknown properties fail, absent values are left
 * out, bytes are Base64URL, with the JDK 8 and java.time modules. Built once: Yubico's {@code parse...Json}, {@code toJson} and {@code fromJson} helpers build a new mapper
 * on every call (0.4 to 1.3 ms each, measured here, against 11 µs with a kept one).
 */
final class Json {

    /** Longest browser response read, in characters (a response with attestation is a few KB). */
    static final int MAX_RESPONSE_CHARS = 64 * 1024;

    private static final TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse,
            ClientRegistrationExtensionOutputs>> REGISTRATION = new TypeReference<>() { };
    private static final TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse,
            ClientAssertionExtensionOutputs>> ASSERTION = new TypeReference<>() { };

    private final ObjectMapper mapper = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .defaultBase64Variant(Base64Variants.MODIFIED_FOR_URL)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    /** The browser's {@code credential.toJSON()} after {@code navigator.credentials.create}; empty if unreadable. */
    Optional<PublicKeyCredential<AuthenticatorAttestationResponse, ClientRegistrationExtensionOutputs>>
            registration(String json) {
        return read(json, REGISTRATION);
    }

    /** The browser's {@code credential.toJSON()} after {@code navigator.credentials.get}; empty if unreadable. */
    Optional<PublicKeyCredential<AuthenticatorAssertionResponse, ClientAssertionExtensionOutputs>>
            assertion(String json) {
        return read(json, ASSERTION);
    }

    private <T> Optional<T> read(String json, TypeReference<T> type) {
        if (json == null || json.length() > MAX_RESPONSE_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.readValue(json, type));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // malformed input: the caller refuses it, without quoting it
        }
    }

    /** What the page hands to {@code PublicKeyCredential.parse...OptionsFromJSON} (the {@code publicKey} member). */
    String write(Object options) {
        try {
            return mapper.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request as stored: its JSON, sealed by the core. */
    SecretBytes seal(Object request) {
        return SecretBytes.copyOf(write(request).getBytes(StandardCharsets.UTF_8));
    }

    PublicKeyCredentialCreationOptions creationOptions(SecretBytes stored) {
        return open(stored, PublicKeyCredentialCreationOptions.class);
    }

    AssertionRequest assertionRequest(SecretBytes stored) {
        return open(stored, AssertionRequest.class);
    }

    private <T> T open(SecretBytes stored, Class<T> type) {
        return stored.read(b -> {
            try {
                return mapper.readValue(b, type);
            } catch (IOException e) {
                throw new UncheckedIOException("a stored WebAuthn request does not parse", e);
            }
        });
    }
}
