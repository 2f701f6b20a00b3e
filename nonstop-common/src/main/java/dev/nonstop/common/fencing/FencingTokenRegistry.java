package dev.nonstop.common.fencing;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers the highest fencing token seen per key (a release id, a lock name) and refuses lower ones, so a holder
 * that lost its lease without knowing it cannot overwrite the work of its successor. One per receiver (a gateway,
 * an agent). A token equal to the highest is accepted: it is the current holder writing again. Thread-safe: checks
 * are serialised, so two checks never both raise the same key.
 *
 * <p><b>Surviving a restart.</b> A {@link #persistent(Path) persistent} registry writes its state to a file before
 * it accepts a check that raised a token (a new key, or a higher token): a temporary file beside it, forced to
 * disk, then renamed over it, and the directory forced too. A restarted receiver opened on the same file therefore
 * refuses every token below one it accepted before, and a crash at any point leaves either the old or the new state.
 * A check that repeats the highest token, or is refused, writes nothing. A file that cannot be read or parsed stops
 * the receiver from starting ({@link FencingStateException} naming the file) rather than being taken for an empty
 * one, which would let stale owners back in. The directory is created {@code 0700} and the file written {@code 0600}
 * where the file system has POSIX permissions.
 *
 * <p><b>Bounded.</b> At most {@link #DEFAULT_MAX_KEYS} keys (or the given {@code maxKeys}) are kept; beyond that the
 * key checked longest ago is forgotten, as {@link #forget} does for a finished release. The guarantee holds for
 * every key still kept: a receiver forgets a release only after that many other releases were checked since it was
 * last touched, long after a paused owner's lease expired and its release was finished by another.
 *
 * <p>Check and apply are not one step: apply a mutation only when its decision is accepted, and accept that a later,
 * higher mutation may be checked in between (it then wins, as it comes later).
 */
public final class FencingTokenRegistry {
    /** Keys kept when none is given. */
    public static final int DEFAULT_MAX_KEYS = 4096;

    private final FencingStateFile file;
    private final int maxKeys;
    private final ReentrantLock lock = new ReentrantLock();
    /** Access order: the first entry is the key checked longest ago. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, Long> highest;

    private FencingTokenRegistry(FencingStateFile file, int maxKeys, Map<String, Long> initial) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: >= 1)");
        }
        this.file = file;
        this.maxKeys = maxKeys;
        this.highest = new LinkedHashMap<>(16, 0.75f, true);
        highest.putAll(initial);
        trim(highest, maxKeys);
    }

    /** A registry that lives in memory only: a restart forgets every token (tests, embedded use). */
    public static FencingTokenRegistry inMemory() {
        return inMemory(DEFAULT_MAX_KEYS);
    }

    /** A registry in memory only, keeping at most {@code maxKeys} keys. */
    public static FencingTokenRegistry inMemory(int maxKeys) {
        return new FencingTokenRegistry(null, maxKeys, Map.of());
    }

    /**
     * A registry whose state survives a restart in {@code file}; reads the file when it exists.
     *
     * @throws FencingStateException when the file exists but cannot be read or is not a registry's state
     */
    public static FencingTokenRegistry persistent(Path file) {
        return persistent(file, DEFAULT_MAX_KEYS);
    }

    /** A persistent registry keeping at most {@code maxKeys} keys. */
    public static FencingTokenRegistry persistent(Path file, int maxKeys) {
        FencingStateFile stateFile = new FencingStateFile(Objects.requireNonNull(file, "file"));
        return new FencingTokenRegistry(stateFile, maxKeys, stateFile.read());
    }

    /**
     * Records {@code token} for {@code key} unless a higher one was seen; equal tokens pass. When the token raised
     * the key, a persistent registry has written it to its file before this returns.
     *
     * @throws FencingStateException when a raised token cannot be written; nothing was recorded then
     */
    public FenceDecision check(String key, long token) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: " + key + " (expected: non-empty)");
        }
        lock.lock();
        try {
            Long seen = highest.get(key);
            if (seen != null && token <= seen) {
                return new FenceDecision(key, token, seen, token == seen);
            }
            if (file != null) {
                LinkedHashMap<String, Long> next = new LinkedHashMap<>(highest);
                next.remove(key);
                next.put(key, token);
                trim(next, maxKeys);
                file.write(next);
            }
            highest.put(key, token);
            trim(highest, maxKeys);
            return new FenceDecision(key, token, token, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks {@code fence} against its release.
     *
     * @throws StaleFencingTokenException when the token is lower than the highest seen for the release
     */
    public void require(Fence fence) {
        FenceDecision decision = check(fence.releaseId(), fence.token());
        if (!decision.accepted()) {
            throw new StaleFencingTokenException(fence, decision.highestSeen());
        }
    }

    /** The highest token seen for {@code key}, if it is kept. */
    public OptionalLong highestSeen(String key) {
        lock.lock();
        try {
            Long value = highest.get(key);
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets {@code key} (for example when a release is finished and archived), from the file too.
     *
     * @throws FencingStateException when the file cannot be written; the key is kept then
     */
    public void forget(String key) {
        lock.lock();
        try {
            if (!highest.containsKey(key)) {
                return;
            }
            if (file != null) {
                LinkedHashMap<String, Long> next = new LinkedHashMap<>(highest);
                next.remove(key);
                file.write(next);
            }
            highest.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** The file the state survives in, or empty for an in-memory registry. */
    public Optional<Path> file() {
        return Optional.ofNullable(file).map(FencingStateFile::path);
    }

    private static void trim(LinkedHashMap<String, Long> map, int maxKeys) {
        Iterator<String> eldest = map.keySet().iterator();
        while (map.size() > maxKeys) {
            eldest.next();
            eldest.remove();
        }
    }
}
