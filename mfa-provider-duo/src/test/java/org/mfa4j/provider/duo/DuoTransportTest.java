package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.provider.duo.ExchangeResult.Status;

/** TLS, pins, trust and the proxy, end to end: what the SDK's production path checks still holds here. */
@DuoPeerTest
class DuoTransportTest {

    private final DuoPeer peer = DuoPeer.get();

    @Test
    void theSdksOwnPinsOfDuosCasRefuseTheTestCa() {
        DuoGateway gateway = DuoPeer.gateway(peer.settings().caPins(List.of()));

        Health health = gateway.health();

        assertThat(health.isUp()).isFalse();
        assertThat(health.reason()).startsWith("TLS failed").contains("SSLPeerUnverifiedException");
        assertThat(peer.duo.healthCalls).as("no request passed the pin check").hasValue(0);
    }

    @Test
    void pinsOfAnotherCaRefuseTheConnectionAndNoCodeIsSent() {
        String otherPin = TestPki.create("another CA", DuoPeer.API_HOST).caPin();
        DuoGateway pinned = DuoPeer.gateway(peer.settings().caPins(List.of(otherPin)));
        Callback callback = peer.prompt(peer.gateway(), "alice", pinned.newState());

        ExchangeResult result = pinned.exchange(callback.code(), "alice");

        assertThat(result.status()).isEqualTo(Status.NETWORK);
        assertThat(result.reason()).startsWith("TLS failed");
        assertThat(peer.duo.tokenCalls).hasValue(0);
    }

    @Test
    void aPinAmongSeveralIsEnough() {
        String otherPin = TestPki.create("another CA", DuoPeer.API_HOST).caPin();

        assertThat(DuoPeer.gateway(peer.settings().caPins(List.of(otherPin, peer.pki.caPin()))).health().isUp())
                .isTrue();
    }

    @Test
    void theTrustStoreIsReadWhenTheGatewayIsBuilt() throws IOException {
        Path other = Files.createTempFile(Path.of("target", "duo-peer"), "other-trust", ".p12");
        char[] password = "other".toCharArray();
        TestPki.create("unrelated CA", "unrelated.test").writeTrustStore(other, password);
        DuoGateway builtWithOtherTrust;
        try {
            DuoPeer.useTrustStore(other, password);
            builtWithOtherTrust = peer.gateway();
        } finally {
            DuoPeer.useTrustStore(peer.trustStore, peer.trustStorePassword);
            Files.delete(other);
        }
        DuoGateway builtWithTestTrust = peer.gateway();

        assertThat(builtWithOtherTrust.health().reason()).as("the trust it was built with, not today's")
                .startsWith("TLS failed");
        assertThat(builtWithTestTrust.health().isUp()).isTrue();
    }

    @Test
    void anUnreachableProxyMakesTheExchangeANetworkFailure() {
        DuoGateway gateway = DuoPeer.gateway(peer.settings().proxy("127.0.0.1", DuoPeer.closedPort()));

        ExchangeResult result = gateway.exchange("0123456789abcdef0123456789abcdef01234567", "alice");

        assertThat(result.status()).isEqualTo(Status.NETWORK);
        assertThat(result.reason()).startsWith("no connection");
    }

    @Test
    void everyCallGoesThroughTheProxyToTheApiHostOnPort443() {
        DuoGateway gateway = peer.gateway();
        gateway.health();
        Callback callback = peer.prompt(gateway, "alice", gateway.newState());
        gateway.exchange(callback.code(), "alice");

        assertThat(peer.proxy.targets()).isNotEmpty().containsOnly(DuoPeer.API_HOST + ":443");
        assertThat(peer.duo.hosts()).hasSize(3).containsOnly(DuoPeer.API_HOST);
    }
}
