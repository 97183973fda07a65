package org.mfa4j.provider.duo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaUser;
import org.mfa4j.View;
import org.mfa4j.provider.duo.ExchangeResult.Status;
import org.mfa4j.provider.duo.PendingState.Kind;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.ProviderUnavailableException;
import org.mfa4j.spi.RemoteCheck;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.Setup;

/**
 * The {@code duo} provider on the core's SPI; what it does is described on {@link DuoProviderFactory}. A
 * sign-in keeps its state in the login flow's properties, a setup's first round trip in the entry's; both
 * answers go the same way: {@link #remoteCheck} (or {@link #activationCheck}) compares the callback's state
 * with the stored one and only then hands the core the code exchange to run once, outside its retry loop;
 * {@link #verify(MfaInput, RemoteResult, PropertyManager)} (or {@code activate}) checks the state again
 * inside the transaction, consumes it and applies Duo's verdict. Thread-safe: it keeps nothing per user.
 */
final class DuoProvider implements MfaProvider {

    private static final String RESULT_STATUS = "status";
    private static final String RESULT_REASON = "reason";
    private static final String RESULT_USERNAME = "username";

    private final DuoGateway gateway;
    private final Duration stateLifetime;
    private final Function<MfaUser, String> usernames;
    private final ProviderEvents events;

    DuoProvider(DuoGateway gateway, Duration stateLifetime, Function<MfaUser, String> usernames,
                ProviderEvents events) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.stateLifetime = Objects.requireNonNull(stateLifetime, "stateLifetime");
        this.usernames = Objects.requireNonNull(usernames, "usernames");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Every answer is a callback with a state; anything else is refused unevaluated. */
    @Override
    public boolean canProcess(MfaInput input) {
        return DuoCallback.of(input).state().isPresent();
    }

    // ------------------------------------------------------------------ setup and activation

    /** The first round trip: a state in the entry, and Duo's authorization URL. Duo enrols the user there. */
    @Override
    public Setup setup(PropertyManager properties) {
        DuoState state = gateway.newState();
        PendingState.store(properties, state, Kind.DUO, properties.now().plus(stateLifetime), Optional.empty());
        return Setup.of(view(gateway.authorizationUrl(username(properties), state), false));
    }

    @Override
    public Optional<RemoteCheck> activationCheck(MfaInput input, PropertyManager properties) {
        return exchangeFor(input, properties, properties);
    }

    /** Only reached without an exchange: a refusal, since a setup's round trip always goes through Duo. */
    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return withoutExchange(input, properties, properties);
    }

    @Override
    public Outcome activate(MfaInput input, RemoteResult remote, PropertyManager properties) {
        return withExchange(input, remote, properties, properties);
    }

    // ------------------------------------------------------------------ sign-in

    /**
     * The health check, then a state in the login flow and the URL to send the browser to: Duo's
     * authorization URL, or, when Duo is down and fail mode is open, the redirect URI with the state.
     *
     * @throws ProviderUnavailableException when Duo is down and fail mode is closed
     */
    @Override
    public Optional<Challenge> challenge(PropertyManager properties) {
        Preflight preflight = gateway.preflight();
        if (preflight.decision() == Preflight.Decision.REFUSED_DUO_DOWN) {
            throw new ProviderUnavailableException("Duo is unavailable (" + preflight.health().reason()
                    + ") and fail mode is closed: no sign-in with Duo until it answers");
        }
        boolean failOpen = preflight.decision() == Preflight.Decision.ALLOWED_FAIL_OPEN;
        DuoState state = gateway.newState();
        Instant expires = properties.now().plus(stateLifetime);
        PendingState.store(properties.challenge(), state, failOpen ? Kind.FAIL_OPEN : Kind.DUO, expires,
                failOpen ? Optional.of(preflight.health().reason()) : Optional.empty());
        URI url = failOpen
                ? URI.create(gateway.settings().redirectUri() + "?" + DuoCallback.STATE + "=" + state.value())
                : gateway.authorizationUrl(username(properties), state);
        return Optional.of(new Challenge(view(url, failOpen), Optional.of(expires), Optional.empty()));
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        boolean failOpen = PendingState.kind(properties.challenge()).filter(Kind.FAIL_OPEN::equals).isPresent();
        return Optional.of(failOpen ? "Duo cannot be reached right now: continue to sign in without it."
                : "Continue with Duo.");
    }

    @Override
    public Optional<RemoteCheck> remoteCheck(MfaInput input, PropertyManager properties) {
        return exchangeFor(input, properties.challenge(), properties);
    }

    /** A callback without an exchange: a fail-open pass, Duo's error, or a refusal of the state. */
    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        return withoutExchange(input, properties.challenge(), properties);
    }

    @Override
    public Outcome verify(MfaInput input, RemoteResult remote, PropertyManager properties) {
        return withExchange(input, remote, properties.challenge(), properties);
    }

    // ------------------------------------------------------------------ the two paths of an answer

    /**
     * The exchange for a callback whose state is the one stored in {@code map}, unexpired, for a round trip
     * through Duo, with a code and no error; none otherwise, and the answer is decided without Duo.
     */
    private Optional<RemoteCheck> exchangeFor(MfaInput input, PropertyMap map, PropertyManager properties) {
        DuoCallback callback = DuoCallback.of(input);
        Optional<PendingState> pending = PendingState.read(map);
        if (callback.state().isEmpty() || callback.code().isEmpty() || callback.error() || pending.isEmpty()
                || pending.get().kind() != Kind.DUO || !pending.get().matches(callback.state().get())
                || pending.get().expiredAt(properties.now())) {
            return Optional.empty();
        }
        String code = callback.code().get();
        String username = username(properties);
        return Optional.of(() -> {
            ExchangeResult result = gateway.exchange(code, username);
            return RemoteResult.of(Map.of(RESULT_STATUS, result.status().name(), RESULT_REASON, result.reason(),
                    RESULT_USERNAME, username));
        });
    }

    private Outcome withoutExchange(MfaInput input, PropertyMap map, PropertyManager properties) {
        DuoCallback callback = DuoCallback.of(input);
        if (callback.state().isEmpty()) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        String state = callback.state().get();
        Optional<PendingState> stored = PendingState.read(map);
        Optional<PendingState> pending = stored.filter(p -> p.matches(state));
        if (pending.isEmpty()) {
            return unmatched(state, stored.isPresent(), properties);
        }
        if (pending.get().expiredAt(properties.now())) {
            return consumed(map, properties, state, Outcome.reject(FailureReason.EXPIRED, detail("expired-state")));
        }
        if (pending.get().kind() == Kind.FAIL_OPEN) {
            events.notice(properties.user().id(), DuoProviderFactory.NOTICE_FAIL_OPEN,
                    Map.of("health", pending.get().health().orElse("down")));
            return consumed(map, properties, state, Outcome.accept(detail("fail-open")));
        }
        if (callback.error()) {
            return consumed(map, properties, state, Outcome.reject(FailureReason.DENIED, detail("error")));
        }
        // No code that could be sent to Duo; or a state stored after the remote check read the document,
        // which a retry of the same callback exchanges. Either way the state stays for its callback.
        return Outcome.reject(callback.code().isEmpty() ? FailureReason.MALFORMED_INPUT : FailureReason.NO_CHALLENGE);
    }

    /** Only reached when {@link #exchangeFor} made the exchange, so the callback has a state and a code. */
    private Outcome withExchange(MfaInput input, RemoteResult remote, PropertyMap map, PropertyManager properties) {
        String state = DuoCallback.of(input).state().orElseThrow();
        Optional<PendingState> stored = PendingState.read(map);
        Optional<PendingState> pending = stored.filter(p -> p.kind() == Kind.DUO && p.matches(state));
        if (pending.isEmpty()) {
            // Consumed or replaced since the remote check read it (another request with the same callback):
            // Duo's verdict is not applied.
            return unmatched(state, stored.isPresent(), properties);
        }
        if (pending.get().expiredAt(properties.now())) {
            return consumed(map, properties, state, Outcome.reject(FailureReason.EXPIRED, detail("expired-state")));
        }
        Status status = remote.get(RESULT_STATUS).map(Status::valueOf).orElse(Status.PROTOCOL_ERROR);
        if (status == Status.ALLOW && !remote.get(RESULT_USERNAME).filter(username(properties)::equals).isPresent()) {
            status = Status.USERNAME_MISMATCH; // exchanged for another name than this user's: never this user's pass
        }
        return consumed(map, properties, state, verdict(status, remote.get(RESULT_REASON).orElse(""), properties));
    }

    /** Duo's verdict as an outcome, with a notice for what an operator must see. */
    private Outcome verdict(Status status, String reason, PropertyManager properties) {
        return switch (status) {
            case ALLOW -> Outcome.accept(detail("allow"));
            case DENY -> Outcome.reject(FailureReason.DENIED, detail("deny"));
            case USERNAME_MISMATCH -> noticed(DuoProviderFactory.NOTICE_BAD_TOKEN, status, reason, properties,
                    FailureReason.WRONG_CODE, "username-mismatch");
            case INVALID_TOKEN -> noticed(DuoProviderFactory.NOTICE_BAD_TOKEN, status, reason, properties,
                    FailureReason.WRONG_CODE, "invalid-token");
            case EXPIRED_TOKEN -> noticed(DuoProviderFactory.NOTICE_BAD_TOKEN, status, reason, properties,
                    FailureReason.EXPIRED, "expired-token");
            case DUO_ERROR -> Outcome.reject(FailureReason.WRONG_CODE, detail("code-refused"));
            case NETWORK -> noticed(DuoProviderFactory.NOTICE_UNREACHABLE, status, reason, properties,
                    FailureReason.UNAVAILABLE, "network");
            case PROTOCOL_ERROR -> noticed(DuoProviderFactory.NOTICE_UNREACHABLE, status, reason, properties,
                    FailureReason.UNAVAILABLE, "protocol-error");
            case MALFORMED_CODE -> Outcome.reject(FailureReason.MALFORMED_INPUT);
        };
    }

    private Outcome noticed(String kind, Status status, String reason, PropertyManager properties,
                            FailureReason refusal, String detail) {
        events.notice(properties.user().id(), kind, Map.of("result", status.name(), "reason", reason));
        return Outcome.reject(refusal, detail(detail));
    }

    /** A state that is not the pending one: the one used last again (a replay), another, or none pending. */
    private static Outcome unmatched(String state, boolean anyPending, PropertyManager properties) {
        Optional<Boolean> used = PendingState.consumed(properties, state);
        if (used.isPresent()) {
            return used.get() ? Outcome.repeat(detail("used-state"))
                    : Outcome.reject(FailureReason.REPLAY, detail("used-state"));
        }
        return anyPending ? Outcome.reject(FailureReason.WRONG_CODE, detail("wrong-state"))
                : Outcome.reject(FailureReason.NO_CHALLENGE);
    }

    private static Outcome consumed(PropertyMap map, PropertyManager properties, String state, Outcome outcome) {
        PendingState.consume(map, properties, state, outcome.accepted());
        return outcome;
    }

    private static Map<String, String> detail(String value) {
        return Map.of(DuoProviderFactory.DETAIL_DUO, value);
    }

    private String username(PropertyManager properties) {
        return usernames.apply(properties.user());
    }

    private static View view(URI url, boolean failOpen) {
        View.Builder view = View.builder().put(DuoProviderFactory.VIEW_URL, url.toString());
        if (failOpen) {
            view.put(DuoProviderFactory.VIEW_FAIL_OPEN, "true");
        }
        return view.build();
    }

    @Override
    public String toString() {
        return "DuoProvider[" + gateway.settings() + ", stateLifetime=" + stateLifetime + "]";
    }
}
