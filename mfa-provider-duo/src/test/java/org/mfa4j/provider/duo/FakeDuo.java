package org.mfa4j.provider.duo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A local HTTPS server (JDK {@code HttpsServer} on 127.0.0.1, a random port) that plays Duo's three OIDC
 * endpoints to the real SDK, checking what the SDK sends as Duo would:
 * <ul>
 *   <li>{@code POST /oauth/v1/health_check}: {@code client_id} and a {@code client_assertion} JWT (HS512
 *       under the client secret, {@code iss = sub = client id}, {@code aud} the endpoint's URL, not
 *       expired, with a {@code jti}); answers {@code {"stat":"OK",...}} or what {@link #health} says.</li>
 *   <li>{@code GET /oauth/v1/authorize}: the query ({@code scope=openid}, {@code response_type=code},
 *       {@code client_id}, {@code redirect_uri}) and the signed {@code request} object (same client id and
 *       redirect URI, {@code state} of 22 to 1024 characters, {@code duo_uname}, not expired); plays a user
 *       who approves, and redirects to {@code redirect_uri?duo_code=..&state=..}.</li>
 *   <li>{@code POST /oauth/v1/token}: {@code grant_type=authorization_code}, the code (single use, bound
 *       to the redirect URI it was issued for) and a client assertion as above; answers an {@code id_token}
 *       signed HS512 with the client secret carrying the claims Duo sends ({@code iss}, {@code aud},
 *       {@code sub}, {@code preferred_username}, {@code iat}, {@code exp}, {@code auth_time}, {@code nonce}
 *       when the request object had one, {@code auth_result}, {@code auth_context}), which a test may
 *       rewrite ({@link #idToken}), sign with another key or algorithm, delay or drop.</li>
 * </ul>
 * Anything the SDK sends that Duo would refuse is answered 400 and recorded in {@link #problems()}.
 * Every endpoint counts its calls.
 */
final class FakeDuo implements AutoCloseable {

    enum HealthAnswer { OK, STAT_FAIL, HTTP_503, HTTP_500, NOT_JSON, DELAYED }

    private record Pending(String username, String redirectUri, Object nonce) { }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final byte[] secret;
    private final String apiHost;
    private final String redirectUri;
    private final HttpsServer server;
    private final ExecutorService pool;

    final AtomicInteger healthCalls = new AtomicInteger();
    final AtomicInteger authorizeCalls = new AtomicInteger();
    final AtomicInteger tokenCalls = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> requestObjects = new CopyOnWriteArrayList<>();
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();

    volatile HealthAnswer health = HealthAnswer.OK;
    volatile UnaryOperator<Map<String, Object>> idToken = UnaryOperator.identity();
    volatile byte[] tokenKey;
    volatile String tokenAlgorithm = "HS512";
    volatile Duration delay = Duration.ZERO;
    volatile boolean delayToken;
    volatile boolean dropToken;
    private volatile CountDownLatch release = new CountDownLatch(1);

    FakeDuo(SSLContext tls, String clientId, byte[] secret, String apiHost, String redirectUri) {
        this.clientId = clientId;
        this.secret = secret.clone();
        this.apiHost = apiHost;
        this.redirectUri = redirectUri;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Duo", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-duo");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/oauth/v1/health_check", guarded("POST", this::healthCheck));
        server.createContext("/oauth/v1/authorize", guarded("GET", this::authorize));
        server.createContext("/oauth/v1/token", guarded("POST", this::token));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Back to a healthy Duo that answers at once; counters, codes and records cleared; sleepers woken. */
    void reset() {
        release.countDown();
        release = new CountDownLatch(1);
        health = HealthAnswer.OK;
        idToken = UnaryOperator.identity();
        tokenKey = null;
        tokenAlgorithm = "HS512";
        delay = Duration.ZERO;
        delayToken = false;
        dropToken = false;
        healthCalls.set(0);
        authorizeCalls.set(0);
        tokenCalls.set(0);
        problems.clear();
        requestObjects.clear();
        hosts.clear();
        codes.clear();
    }

    /** What the SDK sent that Duo would have refused. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The verified request objects of the authorize calls. */
    List<Map<String, Object>> requestObjects() {
        return List.copyOf(requestObjects);
    }

    /** The Host headers seen. */
    List<String> hosts() {
        return List.copyOf(hosts);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private interface Endpoint {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private HttpHandler guarded(String method, Endpoint endpoint) {
        return exchange -> {
            try (exchange) {
                hosts.add(exchange.getRequestHeaders().getFirst("Host"));
                if (!method.equals(exchange.getRequestMethod())) {
                    refuse(exchange, "method " + exchange.getRequestMethod() + " on " + exchange.getRequestURI().getPath());
                    return;
                }
                endpoint.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                problems.add("fake Duo failed: " + e);
                throw e;
            }
        };
    }

    private void healthCheck(HttpExchange exchange) throws IOException, InterruptedException {
        healthCalls.incrementAndGet();
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!clientId.equals(form.get("client_id")) || !clientAssertionOk(form.get("client_assertion"), "/oauth/v1/health_check")) {
            refuse(exchange, "health check without a valid client_id and client_assertion");
            return;
        }
        Map<String, Object> fail = Map.of("stat", "FAIL", "code", 50301, "timestamp", now(),
                "message", "Service unavailable", "message_detail", "The Duo service is temporarily unavailable");
        switch (health) {
            case OK -> json(exchange, 200, Map.of("stat", "OK", "response", Map.of("timestamp", now())));
            case STAT_FAIL -> json(exchange, 200, fail);
            case HTTP_503 -> json(exchange, 503, fail);
            case HTTP_500 -> json(exchange, 500, fail);
            case NOT_JSON -> send(exchange, 200, "text/html", "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8));
            case DELAYED -> {
                release.await(delay.toMillis(), TimeUnit.MILLISECONDS);
                json(exchange, 200, Map.of("stat", "OK", "response", Map.of("timestamp", now())));
            }
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        authorizeCalls.incrementAndGet();
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (!"openid".equals(query.get("scope")) || !"code".equals(query.get("response_type"))
                || !clientId.equals(query.get("client_id")) || !redirectUri.equals(query.get("redirect_uri"))) {
            refuse(exchange, "authorize query " + query.keySet() + " is not what Duo expects");
            return;
        }
        Optional<Map<String, Object>> verified = Hs512Jwt.verify(query.get("request"), secret);
        if (verified.isEmpty()) {
            refuse(exchange, "authorize request object does not verify with the client secret");
            return;
        }
        Map<String, Object> request = verified.get();
        Object state = request.get("state");
        Object username = request.get("duo_uname");
        boolean ok = clientId.equals(request.get("client_id")) && redirectUri.equals(request.get("redirect_uri"))
                && "code".equals(request.get("response_type")) && "openid".equals(request.get("scope"))
                && state instanceof String s && s.length() >= 22 && s.length() <= 1024
                && username instanceof String u && !u.isEmpty()
                && request.get("exp") instanceof Number exp && exp.longValue() > now();
        if (!ok) {
            refuse(exchange, "authorize request object claims " + request.keySet() + " are not what Duo expects");
            return;
        }
        requestObjects.add(request);
        String code = HexFormat.of().formatHex(randomBytes(20));
        codes.put(code, new Pending((String) username, redirectUri, request.get("nonce")));
        String parameter = Boolean.FALSE.equals(request.get("use_duo_code_attribute")) ? "code" : "duo_code";
        exchange.getResponseHeaders().set("Location", redirectUri + "?" + parameter + "=" + code
                + "&state=" + URLEncoder.encode((String) state, StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws IOException, InterruptedException {
        tokenCalls.incrementAndGet();
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"authorization_code".equals(form.get("grant_type"))
                || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                || !clientAssertionOk(form.get("client_assertion"), "/oauth/v1/token")) {
            refuse(exchange, "token request without a valid grant type and client assertion");
            return;
        }
        if (delayToken) {
            release.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (dropToken) {
            // Closing the exchange before any response header closes the connection: the client sees it drop
            // after its request was sent and read.
            return;
        }
        Pending pending = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (pending == null || !pending.redirectUri().equals(form.get("redirect_uri"))) {
            json(exchange, 400, Map.of("error", "invalid_grant",
                    "error_description", "The provided authorization grant or redirect URI is invalid"));
            return;
        }
        long now = now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://" + apiHost + "/oauth/v1/token");
        claims.put("aud", clientId);
        claims.put("sub", "DU" + HexFormat.of().formatHex(randomBytes(9)).toUpperCase());
        claims.put("preferred_username", pending.username());
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("auth_time", now);
        if (pending.nonce() != null) {
            claims.put("nonce", pending.nonce());
        }
        claims.put("auth_result", new LinkedHashMap<>(Map.of(
                "result", "allow", "status", "allow", "status_msg", "Login Successful")));
        claims.put("auth_context", Map.of(
                "result", "allow", "reason", "user_approved", "factor", "duo_push", "event_type", "authentication",
                "timestamp", now, "txid", HexFormat.of().formatHex(randomBytes(16)),
                "user", Map.of("name", pending.username(), "key", "DUKEY0000000000000000"),
                "application", Map.of("name", "mfa4j test", "key", clientId),
                "access_device", Map.of("ip", "127.0.0.1", "location", Map.of("city", "Ann Arbor", "country", "US")),
                "auth_device", Map.of("ip", "127.0.0.1", "name", "test phone")));
        Map<String, Object> sent = idToken.apply(claims);
        byte[] key = tokenKey == null ? secret : tokenKey;
        json(exchange, 200, Map.of("id_token", Hs512Jwt.sign(sent, key, tokenAlgorithm),
                "access_token", HexFormat.of().formatHex(randomBytes(16)), "expires_in", 3600, "token_type", "Bearer"));
    }

    private boolean clientAssertionOk(String assertion, String path) {
        Optional<Map<String, Object>> claims = Hs512Jwt.verify(assertion, secret);
        if (claims.isEmpty()) {
            return false;
        }
        Map<String, Object> c = claims.get();
        Object aud = c.get("aud");
        String expected = "https://" + apiHost + path;
        boolean audOk = expected.equals(aud) || (aud instanceof List<?> l && l.contains(expected));
        return clientId.equals(c.get("iss")) && clientId.equals(c.get("sub")) && audOk
                && c.get("exp") instanceof Number exp && exp.longValue() > now() && c.get("jti") instanceof String;
    }

    private void refuse(HttpExchange exchange, String problem) throws IOException {
        problems.add(problem);
        json(exchange, 400, Map.of("error", "invalid_request", "error_description", "refused by the fake Duo"));
    }

    private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        send(exchange, status, "application/json", Hs512Jwt.JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
