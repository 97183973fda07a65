package org.mfa4j.examples.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What a signed-in connection may run: {@code whoami}, {@code date}, {@code help}, and in the shell
 * {@code exit}. As an interactive shell (with a terminal, it echoes and edits the line itself) or one
 * {@code exec} command ({@code ssh host whoami}). An unknown command is refused without repeating it.
 */
final class TinyShell implements Command {

    static final String HELP = "Commands: whoami, date, help, exit";
    private static final int MAX_LINE = 256;

    private final Clock clock;
    private final Optional<String> command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private String user = "?";
    private String factor = "?";
    private boolean terminal;
    private Thread thread;

    private TinyShell(Clock clock, Optional<String> command) {
        this.clock = clock;
        this.command = command;
    }

    static TinyShell shell(Clock clock) {
        return new TinyShell(clock, Optional.empty());
    }

    static TinyShell exec(Clock clock, String command) {
        return new TinyShell(clock, Optional.of(command));
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        user = channel.getSession().getUsername();
        factor = Optional.ofNullable(channel.getSession().getAttribute(SecondFactorAuth.SIGNED_IN_WITH)).orElse("?");
        terminal = !env.getPtyModes().isEmpty();
        thread = new Thread(this::run, "ssh-shell-" + user);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        int status = 0;
        try {
            if (command.isPresent()) {
                status = execute(command.get().strip()) ? 0 : 127;
            } else {
                print("Signed in as " + user + " with a password and " + factor + ". " + HELP + ".");
                for (;;) {
                    write("> ");
                    Optional<String> line = readLine();
                    if (line.isEmpty() || line.get().strip().equals("exit")) {
                        break;
                    }
                    if (!line.get().isBlank()) {
                        execute(line.get().strip());
                    }
                }
            }
        } catch (IOException e) {
            status = 1; // the channel closed under us: nothing to tell
        }
        exit.onExit(status);
    }

    /** Runs one command; false when it is not one of ours. */
    private boolean execute(String line) throws IOException {
        switch (line) {
            case "whoami" -> print(user + " (signed in with a password and " + factor + ")");
            case "date" -> print(Instant.now(clock).toString());
            case "help" -> print(HELP);
            default -> {
                err.write(("unknown command (" + HELP + ")" + newline()).getBytes(StandardCharsets.UTF_8));
                err.flush();
                return false;
            }
        }
        return true;
    }

    /**
     * One line: with a terminal (raw mode) this echoes printable characters and handles backspace, Ctrl-C
     * (drops the line) and Ctrl-D (ends on an empty line). Empty when the input ended.
     */
    private Optional<String> readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (c < 0 || terminal && c == 4 && line.length() == 0) {
                return Optional.empty();
            }
            if (c == '\r' || c == '\n') {
                if (terminal) {
                    write("\r\n");
                }
                if (c == '\r' && !terminal) {
                    continue;
                }
                return Optional.of(line.toString());
            }
            if (!terminal) {
                if (line.length() < MAX_LINE) {
                    line.append((char) c);
                }
            } else if (c == 127 || c == 8) {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    write("\b \b");
                }
            } else if (c == 3) {
                line.setLength(0);
                write("^C\r\n> ");
            } else if (c >= 32 && c < 127 && line.length() < MAX_LINE) {
                line.append((char) c);
                out.write(c);
                out.flush();
            }
        }
    }

    private void print(String text) throws IOException {
        write(text + newline());
    }

    private String newline() {
        return terminal ? "\r\n" : "\n";
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
