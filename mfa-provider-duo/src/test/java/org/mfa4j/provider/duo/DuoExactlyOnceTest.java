package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.duosecurity.Client;
import com.duosecurity.exception.DuoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.provider.duo.ExchangeResult.Status;

/**
 * The exchange is a single-use remote call: one POST to the token endpoint per {@link DuoGateway#exchange},
 * counted on the server, whatever happens to the answer.
 */
@DuoPeerTest
class DuoExactlyOnceTest {

    private final DuoPeer peer = DuoPeer.get();

    @Test
    void everyExchangeCallsTheTokenEndpointExactlyOnce() {
        DuoGateway gateway = peer.gateway();
        List<Callback> callbacks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callbacks.add(peer.prompt(gateway, "user" + i, gateway.newState()));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.exchange(callbacks.get(i).code(), "user" + i).status()).isEqualTo(Status.ALLOW);
            assertThat(peer.duo.tokenCalls).hasValue(i + 1);
        }
        assertThat(peer.duo.problems()).isEmpty();
    }

    @Test
    void aUsedCodeIsRefusedByDuoWithOneMoreCall() {
        DuoGateway gateway = peer.gateway();
        Callback callback = peer.prompt(gateway, "alice", gateway.newState());
        assertThat(gateway.exchange(callback.code(), "alice").status()).isEqualTo(Status.ALLOW);

        ExchangeResult replay = gateway.exchange(callback.code(), "alice");

        assertThat(replay.status()).isEqualTo(Status.DUO_ERROR);
        assertThat(peer.duo.tokenCalls).hasValue(2);
    }

    @Test
    void aConnectionDroppedAfterTheTokenRequestIsNotRetried() {
        DuoGateway gateway = peer.gateway();
        Callback callback = peer.prompt(gateway, "alice", gateway.newState());
        assertThat(gateway.health().isUp()).isTrue(); // leaves a pooled connection, as a prompt does
        peer.duo.dropToken = true;

        ExchangeResult result = gateway.exchange(callback.code(), "alice");

        assertThat(result.status()).isEqualTo(Status.NETWORK);
        assertThat(peer.duo.tokenCalls).as("token requests Duo received").hasValue(1);
    }

    /**
     * Why {@link SdkHttp} turns OkHttp's retries off: the SDK's own client (1.3.1, OkHttp 3.14) sends the
     * same token request again when a pooled connection drops after the request went out. If this starts
     * failing, a new SDK no longer retries and SdkHttp's rule is a belt without braces, not a bug.
     */
    @Test
    void theSdksOwnClientWouldSendTheTokenRequestMoreThanOnce() throws DuoException {
        Client untuned = new Client.Builder(DuoPeer.CLIENT_ID, peer.clientSecret, "127.0.0.1", peer.proxy.port(),
                DuoPeer.API_HOST, DuoPeer.REDIRECT_URI).setCACerts(new String[] {peer.pki.caPin()}).build();
        Callback callback = peer.browse(java.net.URI.create(untuned.createAuthUrl("alice", untuned.generateState())));
        untuned.healthCheck();
        peer.duo.dropToken = true;

        assertThatThrownBy(() -> untuned.exchangeAuthorizationCodeFor2FAResult(callback.code(), "alice"))
                .isInstanceOf(DuoException.class);
        assertThat(peer.duo.tokenCalls.get()).as("token requests Duo received").isGreaterThan(1);
    }

    @Test
    void aTokenEndpointThatDoesNotAnswerIsANetworkFailureWithinTheTimeouts() {
        DuoGateway gateway = DuoPeer.gateway(peer.settings()
                .readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(1)));
        Callback callback = peer.prompt(gateway, "alice", gateway.newState());
        peer.duo.delay = Duration.ofSeconds(10);
        peer.duo.delayToken = true;

        long started = System.nanoTime();
        ExchangeResult result = gateway.exchange(callback.code(), "alice");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.status()).isEqualTo(Status.NETWORK);
        assertThat(result.reason()).startsWith("timed out");
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(peer.duo.tokenCalls).hasValue(1);
    }
}
