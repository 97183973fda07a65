package org.mfa4j.provider.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away server certificate for {@code localhost} (and only that name: a client that connects to
 * 127.0.0.1 must refuse it), made once per test JVM with the JDK's own {@code keytool}. GreenMail serves it
 * through its {@code greenmail.tls.keystore.*} system properties; {@link ScriptedSmtpServer} through
 * {@link #serverContext()}; clients trust it through {@link #trustStore()}.
 */
final class TestTls {

    static final String PASSWORD = "changeit";

    private static TestTls instance;

    private final Path keyStoreFile;
    private final KeyStore keyStore;

    private TestTls(Path keyStoreFile, KeyStore keyStore) {
        this.keyStoreFile = keyStoreFile;
        this.keyStore = keyStore;
    }

    /** The certificate, made on first use; also points GreenMail at it. */
    static synchronized TestTls get() {
        if (instance == null) {
            instance = create();
            System.setProperty("greenmail.tls.keystore.file", instance.keyStoreFile.toString());
            System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        }
        return instance;
    }

    /** A trust store holding only the test certificate. */
    KeyStore trustStore() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("smtp-test", keyStore.getCertificate("smtp"));
            return trust;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side TLS context with the test certificate. */
    SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestTls create() {
        try {
            Path dir = Files.createTempDirectory("mfa4j-smtp-tls");
            Path file = dir.resolve("smtp-server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "smtp",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new TestTls(file, ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
