package org.mfa4j.provider.u2f;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.mfa4j.MfaInput;
import org.mfa4j.View;

/**
 * A software WebAuthn authenticator written with java.security for the in-process tests: an ES256 key,
 * "none" attestation (or "fido-u2f" with {@link #u2fAttestation}, as an old U2F key gives), and knobs for what a browser or a bad authenticator could do wrong (origin, RP id,
 * flags, counter). It reads the options JSON the provider shows and writes the JSON a browser's
 * {@code credential.toJSON()} gives. Public for mfa-benchmarks, which signs its assertions with it.
 */
public final class SoftKey {

    static final int UP = 0x01;
    static final int UV = 0x04;
    private static final int AT = 0x40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64U_DEC = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private byte[] userHandle = new byte[0];

    String origin;
    String rpId;
    int flags = UP | UV;
    long counter;
    /** When set, assertions are made as for a key registered under this U2F AppID (the appid extension). */
    String appId;
    private KeyPair attestationKey;
    private byte[] attestationCertificate;

    public SoftKey(String origin, String rpId) {
        this.origin = origin;
        this.rpId = rpId;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    public static String creationOptions(View setup) {
        return setup.require(U2fProviderFactory.VIEW_CREATION_OPTIONS);
    }

    /**
     * Registrations from now on carry FIDO U2F attestation ({@code fmt} "fido-u2f"): {@code certificate} (DER, an
     * EC P-256 key) and a signature with {@code key} over the U2F registration data.
     */
    void u2fAttestation(KeyPair key, byte[] certificate) {
        this.attestationKey = key;
        this.attestationCertificate = certificate.clone();
    }

    /** {@code navigator.credentials.create} with the setup view's options. */
    public MfaInput register(View setup) {
        JsonNode options = read(creationOptions(setup));
        userHandle = B64U_DEC.decode(options.path("user").path("id").asText());
        byte[] clientData = clientData("webauthn.create", options.path("challenge").asText());
        CBORObject attestation = CBORObject.NewMap();
        CBORObject statement = CBORObject.NewMap();
        if (attestationCertificate != null) {
            ECPublicKey pub = (ECPublicKey) keys.getPublic();
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.write(0x00);
            signed.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
            signed.writeBytes(sha256(clientData));
            signed.writeBytes(credentialId);
            signed.write(0x04);
            signed.writeBytes(unsigned32(pub.getW().getAffineX()));
            signed.writeBytes(unsigned32(pub.getW().getAffineY()));
            statement.Add("sig", sign(attestationKey, signed.toByteArray()));
            statement.Add("x5c", CBORObject.NewArray().Add(attestationCertificate));
        }
        attestation.Add("fmt", attestationCertificate != null ? "fido-u2f" : "none");
        attestation.Add("attStmt", statement);
        attestation.Add("authData", authenticatorData(flags | AT, true));
        ObjectNode response = JSON.createObjectNode();
        response.put("clientDataJSON", B64U.encodeToString(clientData));
        response.put("attestationObject", B64U.encodeToString(attestation.EncodeToBytes()));
        return input(credential(response));
    }

    /** {@code navigator.credentials.get} with the challenge view's options. */
    public MfaInput sign(View challenge) {
        return sign(read(challenge.require(U2fProviderFactory.VIEW_REQUEST_OPTIONS)).path("challenge").asText());
    }

    /** An assertion over {@code challenge} (Base64URL); the counter moves on by one first. */
    public MfaInput sign(String challenge) {
        counter++;
        byte[] clientData = clientData("webauthn.get", challenge);
        byte[] authData = authenticatorData(flags, false);
        ObjectNode response = JSON.createObjectNode();
        response.put("clientDataJSON", B64U.encodeToString(clientData));
        response.put("authenticatorData", B64U.encodeToString(authData));
        response.put("signature", B64U.encodeToString(signature(authData, clientData)));
        response.put("userHandle", B64U.encodeToString(userHandle));
        return input(credential(response));
    }

    private ObjectNode credential(ObjectNode response) {
        ObjectNode c = JSON.createObjectNode();
        c.put("type", "public-key");
        c.put("id", B64U.encodeToString(credentialId));
        c.put("rawId", B64U.encodeToString(credentialId));
        c.set("response", response);
        ObjectNode extensions = JSON.createObjectNode();
        if (appId != null && !response.has("attestationObject")) {
            extensions.put("appid", true);
        }
        c.set("clientExtensionResults", extensions);
        return c;
    }

    private static MfaInput input(ObjectNode credential) {
        return MfaInput.of(java.util.Map.of(U2fProviderFactory.INPUT_CREDENTIAL, credential.toString()));
    }

    private byte[] clientData(String type, String challenge) {
        ObjectNode c = JSON.createObjectNode();
        c.put("type", type);
        c.put("challenge", challenge);
        c.put("origin", origin);
        c.put("crossOrigin", false);
        return c.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] authenticatorData(int flagBits, boolean withCredential) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String scope = appId != null && !withCredential ? appId : rpId;
        out.writeBytes(sha256(scope.getBytes(StandardCharsets.UTF_8)));
        out.write(flagBits);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        if (withCredential) {
            out.writeBytes(new byte[16]); // AAGUID: none
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
            out.writeBytes(credentialId);
            out.writeBytes(coseKey());
        }
        return out.toByteArray();
    }

    /** The credential id. */
    public byte[] credentialId() {
        return credentialId.clone();
    }

    /** The user handle of the last registration. */
    public byte[] userHandle() {
        return userHandle.clone();
    }

    /** The public key, COSE-encoded. */
    public byte[] coseKey() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        CBORObject cose = CBORObject.NewMap();
        cose.Add(1, 2);
        cose.Add(3, -7);
        cose.Add(-1, 1);
        cose.Add(-2, unsigned32(pub.getW().getAffineX()));
        cose.Add(-3, unsigned32(pub.getW().getAffineY()));
        return cose.EncodeToBytes();
    }

    private byte[] signature(byte[] authData, byte[] clientData) {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes(authData);
        signed.writeBytes(sha256(clientData));
        return sign(keys, signed.toByteArray());
    }

    private static byte[] sign(KeyPair key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SoftKey[" + Arrays.hashCode(credentialId) + "]";
    }
}
