package org.mfa4j.examples.quickstart;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Where the quick start talks to the user: the terminal when there is one, else standard input and output,
 * one answer per line. Answers are never echoed into the output, so a transcript holds no code.
 */
final class Terminal {

    /** Standard input ended before an answer. */
    static final class NoAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoAnswer() {
            super("standard input ended", null, false, false);
        }
    }

    private final BufferedReader in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private final boolean unicode;
    private final boolean color;

    Terminal(BufferedReader in, PrintWriter out, PrintWriter err, boolean interactive, Charset charset,
             boolean color) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        CharsetEncoder encoder = charset.newEncoder();
        this.unicode = encoder.canEncode(TerminalQrCode.UNICODE_CHARACTERS);
        this.color = color;
    }

    /**
     * The process's terminal ({@link System#console()}, with its charset and ANSI colours unless
     * {@code NO_COLOR} is set or {@code TERM=dumb}); else standard input and output in the platform's encoding.
     */
    static Terminal system(Map<String, String> env) {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        Console console = System.console();
        if (console != null) {
            boolean color = env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
            return new Terminal(new BufferedReader(console.reader()), console.writer(), err, true, console.charset(),
                    color);
        }
        Charset charset = nativeCharset();
        return new Terminal(new BufferedReader(new InputStreamReader(System.in, charset)),
                new PrintWriter(new OutputStreamWriter(System.out, charset), true), err, false, charset, false);
    }

    private static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("native.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    void println(String line) {
        out.println(line);
    }

    void print(String text) {
        out.print(text);
        out.flush();
    }

    void error(String line) {
        out.flush();
        err.println(line);
    }

    /**
     * Shows {@code prompt} and reads one answer, stripped.
     *
     * @throws NoAnswer when the input ended
     */
    String ask(String prompt) {
        out.print(prompt + " ");
        out.flush();
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer", e);
        }
        if (line == null || !interactive) {
            out.println(); // the answer stays out of the output: end the prompt's line
        }
        if (line == null) {
            throw new NoAnswer();
        }
        return line.strip();
    }

    /** {@code text} as a QR code drawn with characters this terminal can show. */
    List<String> qrCode(String text) {
        return TerminalQrCode.render(text, unicode, color);
    }
}
