package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.ConflictingStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * An {@code Mfa} with the {@code duo} provider (from its factory, with the peer's settings) on an in-memory
 * store that can lose a write on request, a clock the test moves, and a listener that keeps every event;
 * and the steps of a test: enrol, prompt, follow the URL as a browser, answer.
 */
final class DuoMfa {

    final DuoPeer peer = DuoPeer.get();
    final MutableClock clock = MutableClock.startingAt2026();
    final RecordingListener events = new RecordingListener();
    final ConflictingStore store = new ConflictingStore(new InMemoryMfaStore());
    final Mfa mfa;

    DuoMfa() {
        this(Map.of(), b -> { });
    }

    /** With more provider settings, and more builder settings. */
    DuoMfa(Map<String, String> settings, Consumer<Mfa.Builder> more) {
        Map<String, String> all = new LinkedHashMap<>(peer.providerSettings());
        all.putAll(settings);
        Mfa.Builder b = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .listener(events).provider(new DuoProviderFactory()).configure(DuoProviderFactory.ID, all);
        more.accept(b);
        mfa = b.build();
    }

    /** The callback parameters as the application hands them to verify or activate. */
    static MfaInput input(Callback callback) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", callback.state());
        params.put("duo_code", callback.code());
        return MfaInput.of(params); // drops an absent code

    }

    /** What the browser brings back from the URL of {@code view}. */
    Callback follow(View view) {
        return peer.browse(URI.create(view.require(DuoProviderFactory.VIEW_URL)));
    }

    /** Sets Duo up for {@code user} with a first round trip; the activation must pass. */
    void enrol(MfaUser user, MfaSession session) {
        View view = mfa.setup(user, DuoProviderFactory.ID, session).view().orElseThrow();
        Result activated = mfa.activate(user, DuoProviderFactory.ID, input(follow(view)), session);
        assertThat(activated.status()).as("activation after a round trip").isEqualTo(Status.ACCEPTED);
    }

    Prompt prompt(MfaUser user, String session) {
        return mfa.prompt(user, DuoProviderFactory.ID, MfaSession.of(session));
    }

    /** A prompt that sent the browser to Duo, followed to its callback. */
    Callback promptAndFollow(MfaUser user, String session) {
        Prompt prompt = prompt(user, session);
        assertThat(prompt.status()).as("prompt").isEqualTo(Status.ACCEPTED);
        return follow(prompt.view());
    }

    Result verify(MfaUser user, MfaInput input, String session) {
        return mfa.verify(user, DuoProviderFactory.ID, input, MfaSession.of(session));
    }

    Result verify(MfaUser user, Callback callback, String session) {
        return verify(user, input(callback), session);
    }

    /** The notices of the provider of one kind. */
    long notices(String kind) {
        return events.events(MfaEvent.Notice.class).stream().filter(n -> n.kind().equals(kind)).count();
    }
}
