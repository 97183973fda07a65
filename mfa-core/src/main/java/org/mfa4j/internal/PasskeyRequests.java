package org.mfa4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.mfa4j.store.MfaStore;

/**
 * The outstanding passkey requests, kept bounded: a prompt comes before anybody is known, so without a bound
 * anyone could fill the store with requests by asking for prompts in ever new sessions. Two kinds of engine
 * documents ({@link MfaStore#ENGINE_ID_PREFIX}):
 * <ul>
 *   <li>{@code passkey-request/<flow>}: the request of one session; deleted by the answer that uses it (in
 *       the compare-and-set that takes it), or by a later prompt once it expired.</li>
 *   <li>{@code passkey-requests/<shard>}: one of {@value #SHARDS} index documents, each a list of at most
 *       {@value #PER_SHARD} entries {@code <flow>.<expiry in epoch milliseconds>}, one per request that may
 *       still exist. A session's shard follows from its flow digest, a keyed hash nobody outside can steer.</li>
 * </ul>
 *
 * <p>A prompt first deletes up to {@value #PURGED_PER_PROMPT} expired requests of its shard and as many of
 * one more shard, in turn (so each node sweeps every shard once in {@value #SHARDS} prompts: bounded work),
 * then records its own entry in the shard by compare-and-set (replacing the session's earlier one), and only
 * then writes its request. In a shard full of live entries the request closest to its expiry gives way (its
 * request deleted, then its entry): a flood of anonymous prompts can only shorten how long a request waits
 * for its answer, never stop the prompts of everyone (the caller reports each such drop). So at
 * most {@value #SHARDS} × {@value #PER_SHARD} requests exist at any time, each for at most
 * {@link #MAX_LIFETIME}. Since the entry is written before its request and removed only after the request is
 * gone, no request is ever outside the index, whatever crashes in between. An expired entry's request is
 * deleted only if it was created before that expiry: a newer prompt in the same session wrote a newer
 * request under the same id and a newer entry first, and both stay. Entries of answered requests stay until
 * they expire, and count until then.
 *
 * <p>A store that remembers documents may keep a deleted request as a tombstone: {@code JdbcMfaStore} keeps
 * its row (the id and a version, no document) until the operator purges tombstone rows, as for erased users.
 */
final class PasskeyRequests {

    /** How many index documents share the requests. */
    static final int SHARDS = 64;
    /** The most entries one index document holds: the longest list a document may store. */
    static final int PER_SHARD = DocumentJson.MAX_LIST_STRINGS;
    /** How many expired requests one prompt deletes at most. */
    static final int PURGED_PER_PROMPT = 4;
    /** The longest a request is kept, whatever the provider says (a prompt's timeout is at most this). */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private static final String REQUEST_PREFIX = MfaStore.ENGINE_ID_PREFIX + "passkey-request/";
    private static final String SHARD_PREFIX = MfaStore.ENGINE_ID_PREFIX + "passkey-requests/";
    private static final String ENTRY = "requests";
    private static final String PENDING = "pending";
    private static final Predicate<UserDocument> ANY = new Any();

    private final Transaction tx;
    /** Which shard this node sweeps next, besides the prompt's own: each one every {@value #SHARDS} prompts. */
    private final AtomicInteger sweep = new AtomicInteger();

    PasskeyRequests(Transaction tx) {
        this.tx = tx;
    }

    /** The id of the request document of the session whose flow digest is {@code flow}. */
    static String requestId(String flow) {
        return REQUEST_PREFIX + flow;
    }

    /** What {@link #open} did. */
    enum Opened {
        /** The entry is recorded. */
        RECORDED,
        /** The entry is recorded, after the oldest live request of its full shard was dropped. */
        DROPPED_OLDEST,
        /** Nothing is recorded: the shard stayed full while other prompts raced for it. */
        FULL
    }

    /**
     * Makes room in the shard of {@code flow} and records its request until {@code expires} (capped at
     * {@link #MAX_LIFETIME}), before the request is written; a shard full of live requests drops the one
     * closest to its expiry first.
     */
    Opened open(String flow, Optional<Instant> expires, Instant now) {
        int own = shardOf(flow);
        int swept = Math.floorMod(sweep.getAndIncrement(), SHARDS);
        if (swept != own) {
            List<String> gone = purgeExpired(shardId(swept), flow, now);
            if (!gone.isEmpty()) {
                tx.run(shardId(swept), doc -> Step.write(withPending(doc, kept(doc, gone, null), now), Boolean.TRUE));
            }
        }
        String shard = shardId(own);
        List<String> removed = purgeExpired(shard, flow, now);
        Instant cap = now.plus(MAX_LIFETIME);
        Instant until = expires.filter(cap::isAfter).orElse(cap);
        String mine = flow + "." + Math.max(until.toEpochMilli(), now.toEpochMilli() + 1);
        boolean dropped = false;
        for (int attempt = 0; attempt <= 3; attempt++) {
            List<String> gone = List.copyOf(removed);
            boolean recorded = tx.run(shard, doc -> {
                List<String> kept = kept(doc, gone, flow);
                if (kept.size() >= PER_SHARD) {
                    return Step.none(Boolean.FALSE);
                }
                kept.add(mine);
                return Step.write(withPending(doc, kept, now), Boolean.TRUE);
            });
            if (recorded) {
                return dropped ? Opened.DROPPED_OLDEST : Opened.RECORDED;
            }
            String oldest = oldest(pending(tx.document(shard)), flow, removed);
            if (oldest == null) {
                break;
            }
            // The request first; its entry goes in the write that records this one: no request is ever
            // outside the index.
            tx.deleteIf(requestId(flowOf(oldest)), ANY);
            removed.add(oldest);
            dropped = true;
        }
        return Opened.FULL;
    }

    private static int shardOf(String flow) {
        return Math.floorMod(flow.hashCode(), SHARDS);
    }

    /** The entry of another flow, not already {@code removed}, that expires first; null when there is none. */
    private static String oldest(List<String> entries, String flow, List<String> removed) {
        String oldest = null;
        for (String entry : entries) {
            if (!flowOf(entry).equals(flow) && !removed.contains(entry)
                    && (oldest == null || expiry(entry).isBefore(expiry(oldest)))) {
                oldest = entry;
            }
        }
        return oldest;
    }

    /** Takes the request of {@code flow}: deletes it and returns it as it was, or empty if there is none. */
    Optional<UserDocument> take(String flow) {
        return tx.deleteIf(requestId(flow), ANY);
    }

    /** Deletes the request of an expired entry, unless a later prompt wrote it again. */
    private void purge(String entry) {
        String flow = flowOf(entry);
        if (flow.isEmpty()) {
            return;
        }
        Instant expiry = expiry(entry);
        tx.deleteIf(requestId(flow), doc -> createdBefore(doc, expiry));
    }

    private static boolean createdBefore(UserDocument doc, Instant expiry) {
        for (ProviderRecord r : doc.providers().values()) {
            if (!r.created().isBefore(expiry)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> pending(UserDocument doc) {
        Object v = doc.provider(ENTRY).map(r -> r.properties().get(PENDING)).orElse(null);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /** The flow digest an entry names; empty for an entry that is not ours (it is dropped as expired). */
    private static String flowOf(String entry) {
        int dot = entry.lastIndexOf('.');
        return dot <= 0 || millis(entry, dot) < 0 ? "" : entry.substring(0, dot);
    }

    /** When an entry expires; the epoch for one that is not ours, so it is dropped. */
    private static Instant expiry(String entry) {
        long ms = millis(entry, entry.lastIndexOf('.'));
        return Instant.ofEpochMilli(Math.max(ms, 0));
    }

    private static long millis(String entry, int dot) {
        String digits = entry.substring(dot + 1);
        if (dot <= 0 || digits.isEmpty() || digits.length() > 15) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    /**
     * Deletes the requests of up to {@link #PURGED_PER_PROMPT} expired entries of {@code shard} (not the one of
     * {@code flow}) and returns those entries, to be removed from it.
     */
    private List<String> purgeExpired(String shard, String flow, Instant now) {
        List<String> purged = new ArrayList<>(PURGED_PER_PROMPT);
        for (String entry : pending(tx.document(shard))) {
            if (purged.size() < PURGED_PER_PROMPT && !flow.equals(flowOf(entry)) && !expiry(entry).isAfter(now)) {
                purge(entry);
                purged.add(entry);
            }
        }
        return purged;
    }

    /** The shard's entries but {@code removed} and those of {@code flow} (null: none). */
    private static List<String> kept(UserDocument doc, List<String> removed, String flow) {
        List<String> kept = new ArrayList<>(PER_SHARD);
        for (String entry : pending(doc)) {
            if (!removed.contains(entry) && !flowOf(entry).equals(flow)) {
                kept.add(entry);
            }
        }
        return kept;
    }

    private static UserDocument withPending(UserDocument doc, List<String> entries, Instant now) {
        ProviderRecord rec = doc.provider(ENTRY).orElseGet(() -> ProviderRecord.created(now));
        return doc.withProvider(ENTRY, rec.withProperties(Map.of(PENDING, List.copyOf(entries))).withUpdated(now));
    }

    private static String shardId(int shard) {
        return SHARD_PREFIX + shard;
    }

    /** Every document. */
    private static final class Any implements Predicate<UserDocument> {
        @Override
        public boolean test(UserDocument doc) {
            return true;
        }
    }
}
