package org.mfa4j.examples.ssh;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.mfa4j.Mfa;
import org.mfa4j.MfaSession;
import org.mfa4j.examples.quickstart.QuickStart;

/**
 * An SSH server whose login is a password, then the user's second factor from mfa4j (TrueNAS's "2FA for SSH
 * too"), on the quick start's data: a user enrolled there logs in here with the same authenticator app and
 * recovery codes, and the lockout counters are the same ones. Public API only.
 *
 * <p>It listens on 127.0.0.1 only. Its files live in the data folder ({@code --data}, else
 * {@code $MFA4J_QUICKSTART_DATA}, else {@code ./mfa4j-data}, the quick start's): the host key
 * {@value #HOST_KEY} (generated on first start, owner-only) and the password table {@link PasswordTable#FILE}.
 * On first start the table gets the quick start's user {@code demo} with a generated password, printed once.
 */
public final class SshLogin implements AutoCloseable {

    static final String HOST_KEY = "ssh-host-key";
    static final int DEFAULT_PORT = 2222;
    static final String DEFAULT_USER = "demo";

    static final String HELP = """
            Usage: ssh-server [--port N] [--data DIR] [--host-key FILE] [--add-user NAME]

            An SSH server on 127.0.0.1: a password, then the second factor the quick start set up (a code
            from the authenticator app, or a recovery code). With Maven, pass options as -Dexec.args="...".

              --port N          the port (default: %d, or any free one when that is taken; 0: any free one)
              --data DIR        the quick start's data folder (default: $%s, else ./%s); the password
                                table and the host key are kept there too
              --host-key FILE   the host key (default: DIR/%s; generated when missing)
              --add-user NAME   give NAME (a quick start --user) a new password, print it, and start
              --help            this text
            """.formatted(DEFAULT_PORT, QuickStart.DATA_ENV, QuickStart.DEFAULT_DATA, HOST_KEY);

    private final SshServer server;
    private final HikariDataSource dataSource;

    private SshLogin(SshServer server, HikariDataSource dataSource) {
        this.server = server;
        this.dataSource = dataSource;
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ssh-server: " + e.getMessage());
            System.err.print(HELP);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(HELP);
            return;
        }
        SshLogin login;
        try {
            login = start(options, System.out, Clock.systemUTC());
        } catch (RuntimeException e) {
            System.err.println("ssh-server: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            login.close();
            stopped.countDown();
        }));
        System.out.println("Ctrl-C stops the server.");
        stopped.await();
    }

    /** Opens the data, adds users as asked, starts the server and prints how to log in. */
    static SshLogin start(Options options, PrintStream out, Clock clock) {
        SecureRandom random = new SecureRandom();
        PasswordTable passwords = PasswordTable.open(options.data(), random);
        HikariDataSource dataSource = QuickStart.dataSource(options.data());
        try {
            Mfa mfa = QuickStart.build(dataSource, options.data());
            out.println("mfa4j SSH server. State: " + options.data().toAbsolutePath()
                    + " (the quick start's database and keys, this server's password table and host key)");
            List<String> added = options.addUser().map(List::of)
                    .orElse(passwords.names().isEmpty() ? List.of(DEFAULT_USER) : List.of());
            for (String name : added) {
                char[] password = passwords.newPassword(name);
                out.println("Password for " + name + " (shown only now; only its hash is kept, --add-user " + name
                        + " makes a new one): " + new String(password));
                java.util.Arrays.fill(password, '\0');
            }
            SshServer server = server(mfa, passwords, options, clock, random);
            startOn(server, options.port());
            out.println("Listening on 127.0.0.1:" + server.getPort() + ". Users: "
                    + String.join(", ", passwords.names()) + ". Log in with:");
            out.println("  ssh -p " + server.getPort() + " -o UserKnownHostsFile=" + QuickStart.shellWord(
                    options.data().resolve("ssh-known-hosts").toAbsolutePath().toString()) + " "
                    + passwords.names().get(0) + "@127.0.0.1");
            return new SshLogin(server, dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static SshServer server(Mfa mfa, PasswordTable passwords, Options options, Clock clock,
                                    SecureRandom random) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setKeyPairProvider(hostKey(options.hostKey()));
        Texts texts = new Texts(mfa.providers(), options.data());
        server.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, SecondFactorAuth.factory(mfa, texts)));
        // Both, in this order; SecondFactorAuth also refuses to run before the password (see there).
        CoreModuleProperties.AUTH_METHODS.set(server, "password,keyboard-interactive");
        server.setPasswordAuthenticator((user, password, session) -> {
            if (!passwords.check(user, password)) {
                return false;
            }
            byte[] id = new byte[16];
            random.nextBytes(id);
            session.setAttribute(SecondFactorAuth.MFA_SESSION, MfaSession.of(HexFormat.of().formatHex(id)));
            session.setAttribute(SecondFactorAuth.PASSWORD_PASSED, user);
            return true;
        });
        server.setShellFactory(channel -> TinyShell.shell(clock));
        server.setCommandFactory((channel, command) -> TinyShell.exec(clock, command));
        return server;
    }

    /** An ECDSA P-256 host key in {@code file}, generated on first use and readable by the owner only. */
    private static SimpleGeneratorHostKeyProvider hostKey(Path file) {
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        provider.setKeySize(256);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            provider.loadKeys(null);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load or generate the host key " + file, e);
        }
        return provider;
    }

    /** The port asked for; without one, {@value #DEFAULT_PORT} or, when that is taken, any free port. */
    private static void startOn(SshServer server, Optional<Integer> port) {
        server.setPort(port.orElse(DEFAULT_PORT));
        try {
            try {
                server.start();
            } catch (BindException e) {
                if (port.isPresent()) {
                    throw new IllegalStateException("port " + port.get() + " is in use: choose another with --port", e);
                }
                server.setPort(0);
                server.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SSH server", e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            // stopping anyway
        } finally {
            dataSource.close();
        }
    }

    /** The command line. */
    record Options(Optional<Integer> port, Path data, Path hostKey, Optional<String> addUser, boolean help) {

        static Options parse(String[] args, Map<String, String> env) {
            Optional<Integer> port = Optional.empty();
            String data = Optional.ofNullable(env.get(QuickStart.DATA_ENV)).filter(s -> !s.isBlank())
                    .orElse(QuickStart.DEFAULT_DATA);
            Optional<String> hostKey = Optional.empty();
            Optional<String> addUser = Optional.empty();
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--port" -> port = Optional.of(port(value(args, ++i, a)));
                    case "--data" -> data = value(args, ++i, a);
                    case "--host-key" -> hostKey = Optional.of(value(args, ++i, a));
                    case "--add-user" -> {
                        String name = value(args, ++i, a);
                        if (!PasswordTable.isValidName(name)) {
                            throw new IllegalArgumentException("--add-user takes 1 to 32 letters, digits, '.', '_'"
                                    + " or '-'");
                        }
                        addUser = Optional.of(name);
                    }
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option (see --help)");
                }
            }
            Path dataDir = Path.of(data);
            return new Options(port, dataDir, hostKey.map(Path::of).orElse(dataDir.resolve(HOST_KEY)), addUser, help);
        }

        private static int port(String s) {
            try {
                int p = Integer.parseInt(s);
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("--port takes a number from 0 to 65535");
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
