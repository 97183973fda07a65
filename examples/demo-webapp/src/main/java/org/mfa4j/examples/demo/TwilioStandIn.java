package org.mfa4j.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;

/**
 * Enough of Twilio's Messages API for the SMS module, on a loopback port: {@code POST
 * /2010-04-01/Accounts/{sid}/Messages.json} is kept for the outbox and answered {@code 201} with the fields the
 * Twilio SDK reads. {@link #routes()} is handed to {@code Mfa.builder().service(HttpRoutePlanner.class, ...)},
 * so the SDK's requests for {@code api.twilio.com} arrive here over plain HTTP; anything else is a 404.
 */
final class TwilioStandIn {

    private static final Pattern MESSAGES = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\\.json");

    private final HttpServer server;
    private final Clock clock;
    private final List<Outbox.Message> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger serial = new AtomicInteger();

    private TwilioStandIn(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    static TwilioStandIn start(Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TwilioStandIn standIn = new TwilioStandIn(server, clock);
            server.createContext("/", standIn::handle);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("the demo's SMS outbox could not listen on a loopback port", e);
        }
    }

    /** Every request, whatever its host, to this server. */
    HttpRoutePlanner routes() {
        HttpHost here = new HttpHost("http", "127.0.0.1", server.getAddress().getPort());
        return (target, context) -> new HttpRoute(here);
    }

    List<Outbox.Message> messages() {
        return List.copyOf(sent);
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = MESSAGES.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                answer(exchange, 404, "{\"code\": 20404, \"message\": \"not found\", \"status\": 404}");
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String to = form.getOrDefault("To", "");
            sent.add(new Outbox.Message(to, "", form.getOrDefault("Body", ""), clock.instant()));
            String date = "\"Wed, 25 Nov 2026 10:15:30 +0000\"";
            answer(exchange, 201, "{\"sid\": \"SM" + String.format("%032x", serial.incrementAndGet())
                    + "\", \"account_sid\": \"" + m.group(1) + "\", \"to\": \"" + to.replaceAll("[^+0-9]", "")
                    + "\", \"status\": \"queued\", \"num_segments\": \"1\", \"direction\": \"outbound-api\", "
                    + "\"api_version\": \"2010-04-01\", \"date_created\": " + date + ", \"date_updated\": " + date
                    + ", \"date_sent\": null}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
