package org.mfa4j.provider.duo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP CONNECT proxy on 127.0.0.1 (a random port) that tunnels every {@code CONNECT host:443} to
 * one local port, the fake Duo's. The SDK's proxy builder sends its HTTPS calls through it, so the API
 * hostname can be any name (no DNS entry, no port in it) while TLS, the host name check and the pins
 * still run end to end against that name. Records the targets it was asked for.
 */
final class ConnectProxy implements AutoCloseable {

    private final int upstreamPort;
    private final ServerSocket listener;
    private final ExecutorService pool;
    private final List<String> targets = new CopyOnWriteArrayList<>();

    ConnectProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "connect-proxy");
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The {@code host:port} of every CONNECT, in order. */
    List<String> targets() {
        return List.copyOf(targets);
    }

    void clear() {
        targets.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pool.execute(() -> tunnel(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            if (requestLine.length != 3 || !"CONNECT".equals(requestLine[0])) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            targets.add(requestLine[1]);
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                pool.execute(() -> pump(client, upstream));
                pump(upstream, client);
            }
        } catch (IOException e) {
            // the client or the server went away: the tunnel ends
        }
    }

    /** Copies {@code from}'s input to {@code to}'s output, then half-closes {@code to}. */
    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed; the other copy ends on its own
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > 8192) {
                throw new IOException("no complete CONNECT head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        pool.shutdownNow();
    }
}
