package org.mfa4j.benchmarks;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.data.AuthenticatorAssertionResponse;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.ClientAssertionExtensionOutputs;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.exception.AssertionFailedException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.provider.u2f.SoftKey;
import org.mfa4j.provider.u2f.U2fProviderFactory;
import org.mfa4j.store.Document;
import org.mfa4j.store.InMemoryMfaStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One WebAuthn assertion (ES256, the software authenticator of the u2f tests), checked three ways on the
 * same input (issue 12: {@code Mfa.verify} at most 1.15 times Yubico's {@code finishAssertion} alone):
 * <ul>
 *   <li>{@link #mfaVerify}: {@code Mfa.verify} with the browser's JSON, in-memory store. An assertion answers
 *       its request once, so each call first puts the user's document back to the snapshot taken right after
 *       the prompt (one compare-and-set on the in-memory store) and requires {@code ACCEPTED}.</li>
 *   <li>{@link #finishAssertion}: Yubico's {@code RelyingParty.finishAssertion} alone, on the same request and
 *       response already parsed, with a repository that holds the credential: what any integration of
 *       Yubico's library costs at least.</li>
 *   <li>{@link #parseAndFinishAssertion}: the same with the browser's JSON parsed by Yubico's
 *       {@code PublicKeyCredential.parseAssertionResponseJson}, as Yubico's documentation shows.</li>
 *   <li>{@link #relyingPartyBuild}: building the {@code RelyingParty} with the provider's settings, which the
 *       provider did for every call before it kept one.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class WebAuthnVerifyBenchmark {

    /**
     * The u2f provider, on this module's class path for this benchmark only: the discovery benchmarks leave it
     * out (it needs an RP id), so they go on measuring TOTP and recovery codes as before. A compile-time
     * constant: naming it loads no u2f class.
     */
    static final String ONLY_EXPLICIT = U2fProviderFactory.ID;
    static final String RP_ID = "mfa4j.test";
    static final String ORIGIN = "https://mfa4j.test";

    /** A user with one registered key, an open request in the benchmark session, and its assertion. */
    @State(Scope.Thread)
    public static class Signed {
        InMemoryMfaStore store;
        Mfa mfa;
        MfaUser user;
        Document snapshot;
        MfaInput answer;
        RelyingParty relyingParty;
        FinishAssertionOptions finish;
        OneCredential repository;

        @Setup(Level.Trial)
        public void sign() throws IOException {
            store = new InMemoryMfaStore();
            mfa = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom()))
                    .clock(new SteppingClock(Fixtures.START)).provider(new U2fProviderFactory())
                    .configure(U2fProviderFactory.ID, java.util.Map.of("rp-id", RP_ID)).build();
            user = MfaUser.of("dave");
            SoftKey key = new SoftKey(ORIGIN, RP_ID);
            MfaSession enrol = MfaSession.of("benchmark-enrol");
            Change setup = mfa.setup(user, U2fProviderFactory.ID, enrol);
            Fixtures.require(mfa.activate(user, U2fProviderFactory.ID, key.register(setup.view().orElseThrow()), enrol),
                    Status.ACCEPTED, "registration");
            String options = mfa.prompt(user, U2fProviderFactory.ID, MfaSession.of(Fixtures.SESSION)).view()
                    .require(U2fProviderFactory.VIEW_REQUEST_OPTIONS);
            snapshot = Fixtures.snapshot(store, user.id());
            answer = key.sign(SoftKey.read(options).path("challenge").asText());

            repository = new OneCredential(user.accountLabel(), key);
            relyingParty = relyingParty(repository);
            AssertionRequest request = AssertionRequest.fromJson("{\"publicKeyCredentialRequestOptions\":" + options
                    + ",\"username\":\"" + user.accountLabel() + "\"}");
            PublicKeyCredential<AuthenticatorAssertionResponse, ClientAssertionExtensionOutputs> response =
                    PublicKeyCredential.parseAssertionResponseJson(answerJson());
            finish = FinishAssertionOptions.builder().request(request).response(response).build();
        }

        public Result verify() {
            Fixtures.restore(store, user.id(), snapshot);
            return Fixtures.require(mfa.verify(user, U2fProviderFactory.ID, answer, MfaSession.of(Fixtures.SESSION)),
                    Status.ACCEPTED, "webauthn verify");
        }

        /** The browser's JSON, as {@link #mfaVerify} gets it. */
        public String answerJson() {
            return answer.param(U2fProviderFactory.INPUT_CREDENTIAL).orElseThrow();
        }

        public AssertionResult finish() throws AssertionFailedException {
            return succeeded(relyingParty.finishAssertion(finish));
        }

        public AssertionResult parseAndFinish() throws AssertionFailedException, IOException {
            return succeeded(relyingParty.finishAssertion(FinishAssertionOptions.builder().request(finish.getRequest())
                    .response(PublicKeyCredential.parseAssertionResponseJson(answerJson())).build()));
        }

        private static AssertionResult succeeded(AssertionResult r) {
            if (!r.isSuccess()) {
                throw new IllegalStateException("Yubico refused the benchmark's assertion");
            }
            return r;
        }
    }

    /** The relying party as the provider configures it, over {@code repository}. */
    static RelyingParty relyingParty(CredentialRepository repository) {
        return RelyingParty.builder().identity(RelyingPartyIdentity.builder().id(RP_ID).name(RP_ID).build())
                .credentialRepository(repository).origins(Set.of(ORIGIN)).allowOriginPort(false)
                .allowOriginSubdomain(false).validateSignatureCounter(true)
                .clock(Clock.fixed(Fixtures.START, ZoneOffset.UTC)).build();
    }

    @Benchmark
    public Result mfaVerify(Signed s) {
        return s.verify();
    }

    @Benchmark
    public AssertionResult finishAssertion(Signed s) throws AssertionFailedException {
        return s.finish();
    }

    @Benchmark
    @Fork(1)
    public AssertionResult parseAndFinishAssertion(Signed s) throws AssertionFailedException, IOException {
        return s.parseAndFinish();
    }

    @Benchmark
    @Fork(1)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public RelyingParty relyingPartyBuild(Signed s) {
        return relyingParty(s.repository);
    }

    /** Yubico's repository for the one key: what an application without mfa4j would write. */
    static final class OneCredential implements CredentialRepository {
        private final String username;
        private final RegisteredCredential credential;

        OneCredential(String username, SoftKey key) {
            this.username = username;
            this.credential = RegisteredCredential.builder().credentialId(new ByteArray(key.credentialId()))
                    .userHandle(new ByteArray(key.userHandle())).publicKeyCose(new ByteArray(key.coseKey()))
                    .signatureCount(0).build();
        }

        @Override
        public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String name) {
            return username.equals(name)
                    ? Set.of(PublicKeyCredentialDescriptor.builder().id(credential.getCredentialId()).build())
                    : Set.of();
        }

        @Override
        public Optional<ByteArray> getUserHandleForUsername(String name) {
            return username.equals(name) ? Optional.of(credential.getUserHandle()) : Optional.empty();
        }

        @Override
        public Optional<String> getUsernameForUserHandle(ByteArray handle) {
            return credential.getUserHandle().equals(handle) ? Optional.of(username) : Optional.empty();
        }

        @Override
        public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray handle) {
            return credential.getCredentialId().equals(credentialId) && credential.getUserHandle().equals(handle)
                    ? Optional.of(credential) : Optional.empty();
        }

        @Override
        public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
            return credential.getCredentialId().equals(credentialId) ? Set.of(credential) : Set.of();
        }
    }
}
