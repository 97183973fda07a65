package org.mfa4j.provider.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local HTTP server (the JDK's) that speaks the parts of Twilio's REST API the sender uses, to the real SDK:
 * Messages ({@code api.twilio.com}) and Verify v2 verifications and checks ({@code verify.twilio.com}), told apart
 * by the {@code Host} header, which stays Twilio's because {@link #routes()} sends every request here whatever its
 * host. It records every request (host, path, form, Authorization header) and answers as Twilio does, or as a
 * test scripted: an error status with a Twilio JSON error, a gateway's HTML page, or no answer at all until
 * {@link #release()}. One per test: {@code @RegisterExtension final FakeTwilio twilio = new FakeTwilio();}.
 */
final class FakeTwilio implements AutoCloseable, AfterEachCallback {

    static final String MESSAGES = "messages";
    static final String VERIFICATIONS = "verifications";
    static final String CHECKS = "checks";

    private static final Pattern MESSAGES_PATH = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\\.json");
    private static final Pattern VERIFY_PATH = Pattern.compile("/v2/Services/(VA[0-9a-f]{32})/(Verifications|VerificationCheck)");

    /** One request as the server saw it. */
    record Recorded(String endpoint, String method, String host, String path, Map<String, String> form,
            String authorization) {
    }

    /** A scripted answer; {@code status 0} means: say nothing until released. */
    record Answer(int status, String contentType, String body) {
        static Answer twilioError(int status, int code, String message) {
            return new Answer(status, "application/json", "{\"code\": " + code + ", \"message\": \"" + message
                    + "\", \"more_info\": \"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status
                    + "}");
        }

        static Answer html(int status) {
            return new Answer(status, "text/html", "<html><body><h1>" + status + " Service Unavailable</h1></body></html>");
        }

        static Answer silence() {
            return new Answer(0, null, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-twilio");
        t.setDaemon(true);
        return t;
    });
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Answer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, String> openVerifications = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    /** The code every verification "sends"; null: a fresh one for each new verification. */
    private volatile String nextVerifyCode;
    private volatile String lastVerifyCode;
    private int serial;

    FakeTwilio() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Routes every request, whatever its host, to this server over plain HTTP. */
    HttpRoutePlanner routes() {
        HttpHost here = new HttpHost("http", "127.0.0.1", port());
        return (target, context) -> new HttpRoute(here);
    }

    /** The next answer(s) of {@code endpoint}, before it goes back to playing Twilio. */
    FakeTwilio script(String endpoint, Answer... answers) {
        scripted.computeIfAbsent(endpoint, e -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    /** The code every later verification "sends"; without it, each new one sends a fresh code. */
    void nextVerifyCode(String code) {
        nextVerifyCode = code;
    }

    /** The code of the last verification started (or still pending and started again: Twilio resends it). */
    String lastVerifyCode() {
        return lastVerifyCode;
    }

    /** Lets silent answers go (they answer 201 to a client that has long given up). */
    void release() {
        released.countDown();
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    long posts() {
        return requests.stream().filter(r -> r.method().equals("POST")).count();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String host = exchange.getRequestHeaders().getFirst("Host");
            String path = exchange.getRequestURI().getPath();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String endpoint = endpoint(host, path);
            requests.add(new Recorded(endpoint, exchange.getRequestMethod(), host, path, form,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Queue<Answer> queue = scripted.get(endpoint);
            Answer answer = queue == null ? null : queue.poll();
            if (answer == null) {
                answer = playTwilio(endpoint, path, form);
            }
            if (answer.status() == 0) {
                released.await(10, TimeUnit.SECONDS);
                answer = playTwilio(endpoint, path, form);
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a read timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static String endpoint(String host, String path) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (h.equals("api.twilio.com") && MESSAGES_PATH.matcher(path).matches()) {
            return MESSAGES;
        }
        Matcher verify = VERIFY_PATH.matcher(path);
        if (h.equals("verify.twilio.com") && verify.matches()) {
            return verify.group(2).equals("Verifications") ? VERIFICATIONS : CHECKS;
        }
        return "unknown";
    }

    private synchronized String freshCode() {
        return String.format("%06d", (++serial * 7919L + 100_003L) % 1_000_000L);
    }

    private synchronized String sid(String prefix) {
        return prefix + String.format("%032x", ++serial);
    }

    private Answer playTwilio(String endpoint, String path, Map<String, String> form) {
        String now = "2026-11-25T10:15:30Z";
        switch (endpoint) {
            case MESSAGES: {
                Matcher m = MESSAGES_PATH.matcher(path);
                m.matches();
                return json(201, "{\"sid\": \"" + sid("SM") + "\", \"account_sid\": \"" + m.group(1) + "\", "
                        + "\"to\": \"" + form.get("To") + "\", \"from\": " + quoted(form.get("From")) + ", "
                        + "\"messaging_service_sid\": " + quoted(form.get("MessagingServiceSid")) + ", "
                        + "\"body\": \"(stored)\", \"status\": \"queued\", \"num_segments\": \"1\", "
                        + "\"direction\": \"outbound-api\", \"api_version\": \"2010-04-01\", "
                        + "\"date_created\": \"Wed, 25 Nov 2026 10:15:30 +0000\", "
                        + "\"date_updated\": \"Wed, 25 Nov 2026 10:15:30 +0000\", \"date_sent\": null}");
            }
            case VERIFICATIONS: {
                Matcher m = VERIFY_PATH.matcher(path);
                m.matches();
                lastVerifyCode = openVerifications.computeIfAbsent(form.get("To"),
                        to -> nextVerifyCode != null ? nextVerifyCode : freshCode());
                return json(201, "{\"sid\": \"" + sid("VE") + "\", \"service_sid\": \"" + m.group(1) + "\", "
                        + "\"to\": \"" + form.get("To") + "\", \"channel\": \"" + form.get("Channel") + "\", "
                        + "\"status\": \"pending\", \"valid\": false, \"date_created\": \"" + now + "\", "
                        + "\"date_updated\": \"" + now + "\", \"send_code_attempts\": []}");
            }
            case CHECKS: {
                Matcher m = VERIFY_PATH.matcher(path);
                m.matches();
                String expected = openVerifications.get(form.get("To"));
                if (expected == null) {
                    return Answer.twilioError(404, 20404, "The requested resource " + path + " was not found");
                }
                boolean valid = expected.equals(form.get("Code"));
                if (valid) {
                    openVerifications.remove(form.get("To"));
                }
                return json(200, "{\"sid\": \"" + sid("VE") + "\", \"service_sid\": \"" + m.group(1) + "\", "
                        + "\"to\": \"" + form.get("To") + "\", \"channel\": \"sms\", "
                        + "\"status\": \"" + (valid ? "approved" : "pending") + "\", \"valid\": " + valid + ", "
                        + "\"date_created\": \"" + now + "\", \"date_updated\": \"" + now + "\"}");
            }
            default:
                return Answer.twilioError(404, 20404, "The requested resource was not found");
        }
    }

    private static Answer json(int status, String body) {
        return new Answer(status, "application/json", body);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    /** The Basic-auth header Twilio expects for {@code user:password}. */
    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The form fields of every request to {@code endpoint}. */
    List<Map<String, String>> forms(String endpoint) {
        List<Map<String, String>> forms = new ArrayList<>();
        for (Recorded r : requests) {
            if (r.endpoint().equals(endpoint)) {
                forms.add(r.form());
            }
        }
        return forms;
    }
}
