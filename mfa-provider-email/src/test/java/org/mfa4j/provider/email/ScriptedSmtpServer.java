package org.mfa4j.provider.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server (RFC 5321: EHLO, STARTTLS, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for what
 * GreenMail cannot play: a server that offers no AUTH, one that offers no STARTTLS, one that offers AUTH only
 * inside TLS, one that never answers, one that refuses a recipient. It records what the client said (AUTH
 * payloads replaced by a marker) and each message it accepted, so a test can say "nothing was sent".
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket listener;
    private final SSLContext tls;
    private final boolean offerAuth;
    private final boolean silent;
    private final int rejectRecipientWith;
    private final boolean requireAuth;
    private final String user;
    private final String password;
    private final Thread acceptor;

    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Boolean> authOverTls = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private ScriptedSmtpServer(Builder b) throws IOException {
        this.tls = b.tls;
        this.offerAuth = b.offerAuth;
        this.silent = b.silent;
        this.rejectRecipientWith = b.rejectRecipientWith;
        this.requireAuth = b.requireAuth;
        this.user = b.user;
        this.password = b.password;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    static Builder builder() {
        return new Builder();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Every command line the clients sent, in order; AUTH payloads are not kept. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** Whether any client said {@code verb} (MAIL, RCPT, DATA, AUTH, STARTTLS, ...). */
    boolean heard(String verb) {
        return commands.stream().anyMatch(c -> c.toUpperCase(Locale.ROOT).startsWith(verb));
    }

    /** The messages accepted after DATA (headers and body as received). */
    List<String> messages() {
        return List.copyOf(messages);
    }

    /** For each AUTH command: whether it came inside TLS. */
    List<Boolean> authOverTls() {
        return List.copyOf(authOverTls);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        Socket socket = plain;
        boolean authenticated = false;
        try {
            if (silent) {
                // Accept the connection, say nothing, wait for the client to give up.
                plain.getInputStream().read();
                return;
            }
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            reply(out, "220 scripted.test ESMTP ready");
            for (String line; (line = in.readLine()) != null; ) {
                String upper = line.toUpperCase(Locale.ROOT);
                commands.add(upper.startsWith("AUTH") ? line.split(" ")[0] + " " + line.split(" ")[1] + " (payload)"
                        : line);
                boolean secure = socket instanceof SSLSocket;
                if (upper.startsWith("EHLO")) {
                    List<String> lines = new ArrayList<>();
                    lines.add("scripted.test");
                    lines.add("8BITMIME");
                    if (tls != null && !secure) {
                        lines.add("STARTTLS");
                    }
                    if (offerAuth && (tls == null || secure)) {
                        lines.add("AUTH PLAIN LOGIN");
                    }
                    for (int i = 0; i < lines.size(); i++) {
                        reply(out, "250" + (i == lines.size() - 1 ? " " : "-") + lines.get(i));
                    }
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 scripted.test");
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    reply(out, "220 2.0.0 ready to start TLS");
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                            socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    socket = upgraded;
                    open.add(socket);
                    in = reader(socket);
                    out = socket.getOutputStream();
                } else if (upper.startsWith("AUTH ") && offerAuth) {
                    authOverTls.add(secure);
                    authenticated = authenticate(line, in, out);
                } else if (upper.startsWith("MAIL FROM:")) {
                    reply(out, requireAuth && !authenticated ? "530 5.7.0 Authentication required" : "250 2.1.0 OK");
                } else if (upper.startsWith("RCPT TO:")) {
                    String address = line.substring(line.indexOf(':') + 1).trim();
                    reply(out, rejectRecipientWith > 0
                            ? rejectRecipientWith + " 5.1.1 " + address + ": recipient address rejected"
                            : "250 2.1.5 OK");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 end data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    for (String d; (d = in.readLine()) != null && !d.equals("."); ) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    }
                    messages.add(data.toString());
                    reply(out, "250 2.0.0 queued");
                } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                    reply(out, "250 2.0.0 OK");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 command not recognised");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    private boolean authenticate(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] parts = line.split(" ");
        String mechanism = parts[1].toUpperCase(Locale.ROOT);
        String givenUser;
        String givenPassword;
        if (mechanism.equals("PLAIN")) {
            String payload = parts.length > 2 ? parts[2] : prompt(out, in, "");
            String[] fields = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8).split("\0", -1);
            givenUser = fields[1];
            givenPassword = fields[2];
        } else if (mechanism.equals("LOGIN")) {
            givenUser = decode(parts.length > 2 ? parts[2] : prompt(out, in, "VXNlcm5hbWU6"));
            givenPassword = decode(prompt(out, in, "UGFzc3dvcmQ6"));
        } else {
            reply(out, "504 5.5.4 mechanism not supported");
            return false;
        }
        boolean ok = givenUser.equals(user) && givenPassword.equals(password);
        reply(out, ok ? "235 2.7.0 authentication successful" : "535 5.7.8 authentication credentials invalid");
        return ok;
    }

    private static String prompt(OutputStream out, BufferedReader in, String challenge) throws IOException {
        reply(out, "334 " + challenge);
        return in.readLine();
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static final class Builder {
        private SSLContext tls;
        private boolean offerAuth;
        private boolean silent;
        private int rejectRecipientWith;
        private boolean requireAuth;
        private String user = "mfa";
        private String password = "s3cret-smtp-pw";

        /** Offer STARTTLS with this context; AUTH (if offered) then only inside TLS, as real servers do. */
        Builder startTls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** Offer AUTH PLAIN and LOGIN and accept these credentials. */
        Builder auth(String user, String password) {
            this.offerAuth = true;
            this.user = user;
            this.password = password;
            return this;
        }

        /** Answer MAIL FROM with 530 until the client authenticated. */
        Builder requireAuth() {
            this.requireAuth = true;
            return this;
        }

        /** Refuse every recipient with this reply code; the reply quotes the address, as real servers do. */
        Builder rejectRecipients(int code) {
            this.rejectRecipientWith = code;
            return this;
        }

        /** Accept connections and never send the greeting. */
        Builder silent() {
            this.silent = true;
            return this;
        }

        ScriptedSmtpServer start() throws IOException {
            return new ScriptedSmtpServer(this);
        }
    }
}
