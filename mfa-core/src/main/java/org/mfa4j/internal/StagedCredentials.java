package org.mfa4j.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.spi.Credential;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.SecretCipher;

/**
 * The credentials of one provider entry during one operation: staged like the entry's properties (nothing
 * is copied until something changes) and turned into the next list by {@link #result()}.
 */
final class StagedCredentials {

    private final List<CredentialRecord> loaded;
    private final StagedMap.Owner owner;
    private final SecretCipher cipher;
    private final SecureRandom random;
    private final String userId;
    private final String providerId;
    private final Instant now;
    private List<StagedCredential> staged;

    StagedCredentials(List<CredentialRecord> loaded, StagedMap.Owner owner, SecretCipher cipher, SecureRandom random,
                      String userId, String providerId, Instant now) {
        this.loaded = loaded;
        this.owner = owner;
        this.cipher = cipher;
        this.random = random;
        this.userId = userId;
        this.providerId = providerId;
        this.now = now;
    }

    /** The list to write: the loaded one when nothing changed. */
    List<CredentialRecord> result() {
        if (staged == null) {
            return loaded;
        }
        List<CredentialRecord> out = new ArrayList<>(staged.size());
        for (StagedCredential c : staged) {
            out.add(c.result());
        }
        return List.copyOf(out);
    }

    List<Credential> all() {
        return List.copyOf(staged());
    }

    Optional<Credential> find(String id) {
        for (StagedCredential c : staged()) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    Credential add(String label) {
        requireLabel(label);
        List<StagedCredential> list = staged();
        if (list.size() >= DocumentJson.MAX_CREDENTIALS) {
            throw new IllegalStateException("an entry holds at most " + DocumentJson.MAX_CREDENTIALS + " credentials");
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        StagedCredential c = stage(new CredentialRecord(Base64.getUrlEncoder().withoutPadding().encodeToString(id),
                label, now, Optional.empty(), Map.of()));
        c.written();
        list.add(c);
        owner.written();
        return c;
    }

    boolean remove(String id) {
        boolean removed = staged().removeIf(c -> c.id().equals(id));
        if (removed) {
            owner.written();
        }
        return removed;
    }

    boolean rename(String id, String label) {
        requireLabel(label);
        for (StagedCredential c : staged()) {
            if (c.id().equals(id)) {
                if (!c.label.equals(label)) {
                    c.label = label;
                    c.written();
                }
                return true;
            }
        }
        return false;
    }

    void clear() {
        staged = new ArrayList<>();
    }

    /** A label the user gave: the identifier rules, at most {@link Credential#MAX_LABEL_LENGTH} characters. */
    static String requireLabel(String label) {
        Identifiers.require("credential label", label, 4 * Credential.MAX_LABEL_LENGTH);
        if (label.codePointCount(0, label.length()) > Credential.MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("credential label must be at most " + Credential.MAX_LABEL_LENGTH
                    + " characters");
        }
        return label;
    }

    private List<StagedCredential> staged() {
        if (staged == null) {
            staged = new ArrayList<>(loaded.size() + 1);
            for (CredentialRecord r : loaded) {
                staged.add(stage(r));
            }
        }
        return staged;
    }

    private StagedCredential stage(CredentialRecord r) {
        return new StagedCredential(r);
    }

    /** One credential: its record, a staged label and last use, and its staged properties. */
    private final class StagedCredential extends StagedMap implements Credential {
        private final CredentialRecord original;
        private String label;
        private Optional<Instant> lastUsed;
        private boolean dirty;

        StagedCredential(CredentialRecord original) {
            super(original.properties(), owner, cipher, userId, providerId, "credential:" + original.id() + ":");
            this.original = original;
            this.label = original.label();
            this.lastUsed = original.lastUsed();
        }

        @Override
        void written() {
            dirty = true;
            super.written();
        }

        CredentialRecord result() {
            if (!dirty) {
                return original;
            }
            return new CredentialRecord(original.id(), label, original.created(), lastUsed,
                    current());
        }

        @Override
        public String id() {
            return original.id();
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public Instant created() {
            return original.created();
        }

        @Override
        public Optional<Instant> lastUsed() {
            return lastUsed;
        }

        @Override
        public void markUsed() {
            lastUsed = Optional.of(now);
            written();
        }

        @Override
        public String toString() {
            return "Credential[id=" + original.id() + "]";
        }
    }
}
