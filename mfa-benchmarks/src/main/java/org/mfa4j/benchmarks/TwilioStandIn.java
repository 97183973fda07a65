package org.mfa4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;

/**
 * The local peer of the SMS benchmark: an HTTP server on the loopback interface (the JDK's) that accepts every
 * POST as Twilio's Messages API accepts a text (201 and the created message). {@link #routes()} sends the SDK's
 * requests for {@code api.twilio.com} here over plain HTTP. Counts what it accepted.
 */
final class TwilioStandIn implements AutoCloseable {

    private static final byte[] CREATED = ("{\"sid\": \"SM" + "0".repeat(32) + "\", \"status\": \"queued\","
            + " \"direction\": \"outbound-api\", \"num_segments\": \"1\"}").getBytes(StandardCharsets.UTF_8);

    static {
        // Without it the JDK's server writes the headers and then the body with Nagle's algorithm on, and the
        // client's delayed ACK adds about 40 ms to every request: a figure of this stand-in, not of the sender.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final AtomicLong accepted = new AtomicLong();
    private volatile String lastForm = "";

    TwilioStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                lastForm = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, CREATED.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(CREATED);
                }
                accepted.incrementAndGet();
            }
        });
        server.start();
    }

    /** Every request, whatever its host, to this server. */
    HttpRoutePlanner routes() {
        HttpHost here = new HttpHost("http", "127.0.0.1", server.getAddress().getPort());
        return (target, context) -> new HttpRoute(here);
    }

    /** The form of the last request, decoded (it holds the text, and so the code). */
    String lastForm() {
        return lastForm;
    }

    long accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
