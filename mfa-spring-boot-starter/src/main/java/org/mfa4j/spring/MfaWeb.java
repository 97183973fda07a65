package org.mfa4j.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Proof;
import org.mfa4j.ProofStatus;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.UserOverview;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * mfa4j for the signed-in user of a servlet request: the same operations as {@link Mfa}, with the user taken
 * from Spring Security's context and the {@link MfaSession} from the HTTP session. The proof token never
 * leaves the server: it lives in the HTTP session beside a random per-login id that mfa4j binds proofs to.
 *
 * <p>Every accepted verification (and a first enrolment) stores the proof and merges one
 * {@link FactorGrantedAuthority} per provider the proof records ({@link MfaFactors#authority}) into the
 * current {@link Authentication} with {@code toBuilder()}, so the password factor and earlier factors stay;
 * then the session id changes. Operations on the user's factors hand mfa4j the session's proof, so its
 * step-up rules apply, and keep the successor proof a change returns.
 *
 * <p>Servlet only (Spring Security's MFA model is not reactive). Thread-safe; one per application.
 */
public final class MfaWeb {

    static final String ATTRIBUTE = MfaWeb.class.getName() + ".STATE";

    private final Mfa mfa;
    private final MfaUserResolver users;
    private final SecurityContextRepository contexts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final SecureRandom random = new SecureRandom();

    public MfaWeb(Mfa mfa, MfaUserResolver users, SecurityContextRepository contexts) {
        this.mfa = Objects.requireNonNull(mfa, "mfa");
        this.users = Objects.requireNonNull(users, "users");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    /** The entry point, for what this class does not wrap ({@code mfa().admin()}, {@code providers()}). */
    public Mfa mfa() {
        return mfa;
    }

    /**
     * The signed-in user.
     *
     * @throws AuthenticationCredentialsNotFoundException when nobody is signed in
     */
    public MfaUser user() {
        return users.resolve(authentication());
    }

    /** This request's session as mfa4j sees it: the per-login id and the proof kept, if any. */
    public MfaSession session(HttpServletRequest request) {
        return session(request, user());
    }

    public MfaState state(HttpServletRequest request) {
        MfaUser user = user();
        return mfa.state(user, session(request, user));
    }

    public UserOverview overview() {
        return mfa.overview(user());
    }

    public Prompt prompt(HttpServletRequest request, String providerId) {
        MfaUser user = user();
        return mfa.prompt(user, providerId, session(request, user));
    }

    /** Verifies an answer; on {@code ACCEPTED} keeps the proof and adds the factor to the authentication. */
    public Result verify(HttpServletRequest request, HttpServletResponse response, String providerId,
                         MfaInput input) {
        MfaUser user = user();
        Result r = mfa.verify(user, providerId, input, session(request, user));
        r.proof().ifPresent(p -> signedIn(request, response, p));
        return r;
    }

    public Change setup(HttpServletRequest request, String providerId) {
        return setup(request, providerId, MfaInput.empty());
    }

    /** A setup with what the user entered: an e-mail address or phone number to verify, a key's label. */
    public Change setup(HttpServletRequest request, String providerId, MfaInput input) {
        MfaUser user = user();
        return keep(request, mfa.setup(user, providerId, input, session(request, user)));
    }

    /**
     * Activates a provider set up with {@link #setup}; on {@code ACCEPTED} keeps the proof, and a first
     * enrolment (a sign-in) adds the factor to the authentication.
     */
    public Result activate(HttpServletRequest request, HttpServletResponse response, String providerId,
                           MfaInput input) {
        MfaUser user = user();
        Result r = mfa.activate(user, providerId, input, session(request, user));
        r.proof().ifPresent(p -> {
            if (p.fromEnrolment()) {
                signedIn(request, response, p);
            } else {
                keepProof(request, p);
            }
        });
        return r;
    }

    public Change update(HttpServletRequest request, String providerId, MfaInput input) {
        MfaUser user = user();
        return keep(request, mfa.update(user, providerId, input, session(request, user)));
    }

    public Change deactivate(HttpServletRequest request, String providerId) {
        MfaUser user = user();
        return keep(request, mfa.deactivate(user, providerId, session(request, user)));
    }

    /** Renames one credential (a security key, a phone number): a step-up operation, as every change. */
    public Change renameCredential(HttpServletRequest request, String providerId, String credentialId, String label) {
        MfaUser user = user();
        return keep(request, mfa.renameCredential(user, providerId, credentialId, label, session(request, user)));
    }

    /** Removes one credential and leaves the provider's others; the last one deactivates the provider. */
    public Change removeCredential(HttpServletRequest request, String providerId, String credentialId) {
        MfaUser user = user();
        return keep(request, mfa.removeCredential(user, providerId, credentialId, session(request, user)));
    }

    public Change unlock(HttpServletRequest request, String providerId) {
        MfaUser user = user();
        return keep(request, mfa.unlock(user, providerId, session(request, user)));
    }

    public Change setDefaultProvider(HttpServletRequest request, String providerId) {
        MfaUser user = user();
        return keep(request, mfa.setDefaultProvider(user, providerId, session(request, user)));
    }

    /** Whether the session's proof is recent enough for one of the application's protected actions. */
    public ProofStatus checkProof(HttpServletRequest request, String action) {
        MfaUser user = user();
        return mfa.checkProof(user, session(request, user), action);
    }

    // ------------------------------------------------------------------ shared with the authorization manager

    MfaUser user(Authentication authentication) {
        return users.resolve(authentication);
    }

    MfaSession session(HttpServletRequest request, MfaUser user) {
        MfaSessionState s = sessionState(request, user);
        return MfaSession.of(s.loginId(), s.proofToken());
    }

    boolean isSignedIn(Authentication a) {
        return a != null && a.isAuthenticated() && !trust.isAnonymous(a);
    }

    private Authentication authentication() {
        Authentication a = holder.getContext().getAuthentication();
        if (!isSignedIn(a)) {
            throw new AuthenticationCredentialsNotFoundException("mfa4j needs a signed-in user (password first)");
        }
        return a;
    }

    /** The session's state for this user; a new random login id when there is none or it was another user's. */
    private MfaSessionState sessionState(HttpServletRequest request, MfaUser user) {
        HttpSession session = request.getSession(true);
        if (session.getAttribute(ATTRIBUTE) instanceof MfaSessionState s && s.userId().equals(user.id())) {
            return s;
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        MfaSessionState fresh = new MfaSessionState(user.id(), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id), null);
        session.setAttribute(ATTRIBUTE, fresh);
        return fresh;
    }

    private Change keep(HttpServletRequest request, Change change) {
        change.proof().ifPresent(p -> keepProof(request, p));
        return change;
    }

    private void keepProof(HttpServletRequest request, Proof proof) {
        MfaSessionState s = sessionState(request, user());
        request.getSession().setAttribute(ATTRIBUTE, s.withProof(proof.token()));
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Proof proof) {
        keepProof(request, proof);
        Authentication current = authentication();
        Set<String> factors = new LinkedHashSet<>();
        proof.providers().forEach(id -> factors.add(MfaFactors.authority(id)));
        Authentication next = current.toBuilder().authorities(granted -> {
            granted.removeIf(g -> factors.contains(g.getAuthority())); // a fresh success replaces its own older one
            factors.forEach(f -> granted.add(FactorGrantedAuthority.withAuthority(f).issuedAt(proof.issuedAt())
                    .build()));
        }).build();
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(next);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        request.changeSessionId(); // more privilege now: a new id, as after the password
    }

    /** The proof token this session holds, for tests of the starter. */
    Optional<String> proofToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof MfaSessionState s
                ? Optional.ofNullable(s.proofToken()) : Optional.empty();
    }
}
