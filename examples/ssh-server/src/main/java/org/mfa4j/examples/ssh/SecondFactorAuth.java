package org.mfa4j.examples.ssh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.AbstractUserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.session.ServerSession;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.examples.quickstart.QuickStart;

/**
 * The second step of the login, SSH's {@code keyboard-interactive} method (RFC 4256) run as one dialogue:
 * after the password, it asks for the user's default factor ("Code from your authenticator app:") and names
 * the alternatives; a refused answer is explained in the next request's instruction ("Not accepted: wrong
 * code. Authenticator app: 2 attempts left.") and asked again in the same round, so any client (OpenSSH,
 * PuTTY, SSHD's own) shows each explanation. Lockout, the account ceiling and the flow budget are mfa4j's,
 * counted in its store: the same counters as every other channel of the application.
 *
 * <p>When nothing can sign the user in (no factor set up, the account or every factor locked, the store
 * failed) the last request says why and what to do (enrol with the quick start, ask an
 * administrator); after the client's empty reply the connection is closed.
 *
 * <p>The password comes first: this method runs only for the user whose password {@link SshLogin} accepted
 * in this connection. SSHD's chained methods ({@code password,keyboard-interactive}) alone would let a
 * client start here and spend the user's attempts without the password.
 */
final class SecondFactorAuth extends AbstractUserAuth {

    /** Set by the password step: the user whose password this connection passed. */
    static final AttributeKey<String> PASSWORD_PASSED = new AttributeKey<>();
    /** The factor that signed the connection in (after success). */
    static final AttributeKey<String> SIGNED_IN_WITH = new AttributeKey<>();
    /** The application's session for mfa4j: one per connection, and its proof after success. */
    static final AttributeKey<MfaSession> MFA_SESSION = new AttributeKey<>();

    static final String TOTP = "totp";
    static final String RECOVERY = "recovery";
    static final String CLOSING_PROMPT = "Not signed in. Press Enter to close the connection:";
    /** Requests in one round (empty answers included) before the round fails; the client may start another. */
    static final int MAX_REQUESTS = 10;

    private final Mfa mfa;
    private final Texts texts;
    private MfaUser user;
    private String offered;
    private boolean closing;
    private int requests;

    private SecondFactorAuth(Mfa mfa, Texts texts) {
        super("keyboard-interactive");
        this.mfa = mfa;
        this.texts = texts;
    }

    static UserAuthFactory factory(Mfa mfa, Texts texts) {
        return new UserAuthFactory() {
            @Override
            public String getName() {
                return "keyboard-interactive";
            }

            @Override
            public SecondFactorAuth createUserAuth(ServerSession session) {
                return new SecondFactorAuth(mfa, texts);
            }
        };
    }

    @Override
    protected Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        if (init) {
            buffer.getString(); // language tag
            buffer.getString(); // submethods
            String passed = session.getAttribute(PASSWORD_PASSED);
            if (passed == null || !passed.equals(getUsername())) {
                return false; // no password yet: nothing is asked, nothing is counted
            }
            user = MfaUser.of(passed);
            return next(session, Optional.empty());
        }
        List<String> responses = responses(buffer);
        if (closing) {
            session.disconnect(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE, "Not signed in.");
            return false;
        }
        String typed = responses.size() == 1 ? responses.get(0).strip() : "";
        if (typed.isEmpty()) {
            return next(session, Optional.of("Nothing typed (no attempt used)."));
        }
        return answer(session, typed);
    }

    /** Asks for the next answer, with {@code note} (what happened to the last one) above the prompt. */
    private Boolean next(ServerSession session, Optional<String> note) throws IOException {
        if (++requests > MAX_REQUESTS) {
            return false;
        }
        MfaSession mfaSession = mfaSession(session);
        try {
            MfaState state = mfa.state(user, mfaSession);
            switch (state.status()) {
                case NOT_REQUIRED, SATISFIED -> {
                    session.setAttribute(SIGNED_IN_WITH, "no second factor (not required)");
                    return true;
                }
                case SETUP_REQUIRED -> {
                    return refuse(session, note, texts.enrol(user.id()));
                }
                case VERIFICATION_REQUIRED -> {
                    List<String> usable = usable(state);
                    if (usable.isEmpty()) {
                        return refuse(session, note, texts.nothingUsable(user.id(), state.locked(),
                                mfa.overview(user).accountLocked()));
                    }
                    offered = usable.get(0);
                    Prompt prompt = mfa.prompt(user, offered, mfaSession);
                    if (prompt.status() != Status.ACCEPTED) {
                        return refuse(session, note, texts.notNow(offered));
                    }
                    List<String> lines = new ArrayList<>();
                    note.ifPresent(lines::add);
                    state.locked().forEach(p -> lines.add(texts.lockedLine(mfa.overview(user), p)));
                    usable.stream().skip(1).forEach(p -> lines.add(texts.alternative(p)));
                    return ask(session, lines, texts.promptFor(offered));
                }
                default -> throw new IllegalStateException("unknown step " + state.status());
            }
        } catch (MfaException e) {
            return refuse(session, note, texts.storeFailed());
        }
    }

    /** Checks one answer: a recovery code (letters and dashes) for the recovery codes, digits for the other. */
    private Boolean answer(ServerSession session, String typed) throws IOException {
        String provider = QuickStart.isRecoveryCode(typed) ? RECOVERY
                : RECOVERY.equals(offered) ? TOTP : offered;
        MfaSession mfaSession = mfaSession(session);
        Result r;
        try {
            if (!provider.equals(offered)) {
                mfa.prompt(user, provider, mfaSession);
            }
            r = mfa.verify(user, provider, MfaInput.code(typed), mfaSession);
        } catch (MfaException e) {
            return refuse(session, Optional.empty(), texts.storeFailed());
        }
        return switch (r.status()) {
            case ACCEPTED -> {
                session.setAttribute(MFA_SESSION, mfaSession.withProof(r.proof().orElseThrow()));
                session.setAttribute(SIGNED_IN_WITH, texts.title(provider));
                yield true;
            }
            case REJECTED, EXPIRED, FLOW_RESET -> next(session, Optional.of(texts.rejected(r)));
            case LOCKED -> r.lockScope().orElse(LockScope.PROVIDER) == LockScope.ACCOUNT
                    ? refuse(session, Optional.empty(), texts.accountLocked(user.id(), r))
                    : next(session, Optional.empty()); // the next request says which factor is locked
            case UNAVAILABLE, NOT_ACTIVE, NOT_ALLOWED, STEP_UP_REQUIRED, THROTTLED, NOT_DELIVERED ->
                    next(session, Optional.of(texts.notAvailable(r)));
        };
    }

    /** The user's factors that can take an answer now, the default first. */
    private static List<String> usable(MfaState state) {
        List<String> usable = new ArrayList<>();
        state.defaultProvider().ifPresent(usable::add);
        usable.addAll(state.alternatives());
        usable.removeAll(state.locked());
        return usable.stream().distinct().toList();
    }

    private Boolean ask(ServerSession session, List<String> lines, String prompt) throws IOException {
        InteractiveChallenge c = challenge(lines);
        c.addPrompt(prompt, false); // recovery codes are secrets: not echoed
        send(session, c);
        return null;
    }

    /**
     * The last request: why, and what to do; the connection closes after the reply. It has a prompt (not the
     * empty one RFC 4256 allows) because some clients, SSHD's among them, show the instruction only with one.
     */
    private Boolean refuse(ServerSession session, Optional<String> note, String why) throws IOException {
        List<String> lines = new ArrayList<>();
        note.ifPresent(lines::add);
        lines.add(why);
        closing = true;
        InteractiveChallenge c = challenge(lines);
        c.addPrompt(CLOSING_PROMPT, true);
        send(session, c);
        return null;
    }

    private static InteractiveChallenge challenge(List<String> lines) {
        InteractiveChallenge c = new InteractiveChallenge();
        c.setInteractionName("Second factor");
        c.setInteractionInstruction(String.join("\n", lines));
        c.setLanguageTag("");
        return c;
    }

    private static void send(ServerSession session, InteractiveChallenge c) throws IOException {
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_INFO_REQUEST);
        c.append(buffer);
        session.writePacket(buffer);
    }

    private static List<String> responses(Buffer buffer) {
        int cmd = buffer.getUByte();
        if (cmd != SshConstants.SSH_MSG_USERAUTH_INFO_RESPONSE) {
            throw new IllegalStateException("expected SSH_MSG_USERAUTH_INFO_RESPONSE, got "
                    + SshConstants.getCommandMessageName(cmd));
        }
        int n = buffer.getInt();
        if (n < 0 || n > 16) {
            throw new IllegalStateException("a response count of " + n + " to at most one prompt");
        }
        List<String> responses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            responses.add(buffer.getString());
        }
        return responses;
    }

    /** The connection's mfa4j session: a random id made when the connection started (see {@link SshLogin}). */
    private static MfaSession mfaSession(ServerSession session) {
        return java.util.Objects.requireNonNull(session.getAttribute(MFA_SESSION), "no mfa4j session");
    }
}
