package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.provider.duo.ExchangeResult.Status;

/** The real SDK through the gateway against the fake Duo: the whole Universal Prompt round trip. */
@DuoPeerTest
class DuoRoundTripTest {

    private final DuoPeer peer = DuoPeer.get();

    @Test
    void healthAuthorizationRedirectAndExchangeGiveAllow() {
        DuoGateway gateway = peer.gateway();

        assertThat(gateway.health()).isEqualTo(Health.up());
        DuoState state = gateway.newState();
        URI url = gateway.authorizationUrl("alice", state);
        Callback callback = peer.browse(url);
        assertThat(callback.location().toString()).startsWith(DuoPeer.REDIRECT_URI + "?duo_code=");
        assertThat(state.matches(callback.state())).as("the callback carries the stored state").isTrue();
        ExchangeResult result = gateway.exchange(callback.code(), "alice");

        assertThat(result.status()).isEqualTo(Status.ALLOW);
        assertThat(peer.duo.problems()).as("what the SDK sent, as Duo checks it").isEmpty();
        assertThat(peer.duo.healthCalls).hasValue(1);
        assertThat(peer.duo.authorizeCalls).hasValue(1);
        assertThat(peer.duo.tokenCalls).hasValue(1);
        assertThat(peer.duo.hosts()).containsOnly(DuoPeer.API_HOST);
        assertThat(peer.proxy.targets()).isNotEmpty().containsOnly(DuoPeer.API_HOST + ":443");
    }

    @Test
    void theStateTravelsOnlyInsideTheSignedRequestObjectAndNoNonceIsSent() {
        DuoGateway gateway = peer.gateway();
        DuoState state = gateway.newState();

        URI url = gateway.authorizationUrl("alice", state);
        peer.browse(url);

        assertThat(url.getHost()).isEqualTo(DuoPeer.API_HOST);
        assertThat(url.getPath()).isEqualTo("/oauth/v1/authorize");
        assertThat(url.getRawQuery()).doesNotContain(state.value());
        assertThat(peer.duo.requestObjects()).singleElement().satisfies(request -> {
            assertThat(request).containsEntry("state", state.value()).containsEntry("duo_uname", "alice")
                    .containsEntry("redirect_uri", DuoPeer.REDIRECT_URI).containsEntry("use_duo_code_attribute", true);
            // duo-universal-sdk 1.3.1 sends no nonce, so there is none to check on the way back: the state
            // (stored server-side by the caller) is what binds the callback to the flow.
            assertThat(request).doesNotContainKey("nonce");
        });
    }

    @Test
    void aForeignStateDoesNotMatch() {
        DuoGateway gateway = peer.gateway();
        DuoState mine = gateway.newState();
        Callback other = peer.prompt(gateway, "alice", gateway.newState());

        assertThat(mine.matches(other.state())).isFalse();
        assertThat(mine.matches(null)).isFalse();
    }

    @Test
    void oneGatewayServesConcurrentRoundTrips() throws Exception {
        DuoGateway gateway = peer.gateway();
        int users = 4;
        ExecutorService pool = Executors.newFixedThreadPool(users);
        try {
            List<Future<Status>> results = new ArrayList<>();
            CyclicBarrier barrier = new CyclicBarrier(users);
            for (int i = 0; i < users; i++) {
                String user = "user" + i;
                results.add(pool.submit(() -> {
                    Callback callback = peer.prompt(gateway, user, gateway.newState());
                    barrier.await();
                    return gateway.exchange(callback.code(), user).status();
                }));
            }
            for (Future<Status> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(Status.ALLOW);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(peer.duo.tokenCalls).hasValue(users);
    }
}
