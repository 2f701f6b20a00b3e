package dev.nonstop.gateway.routing;

import dev.nonstop.gateway.contract.InvalidTableException;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.RoutingTableValidator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Holds the table in force and swaps it atomically. Readers (every proxied request) get the current
 * table with one volatile read; writers validate first, so a bad table never replaces a good one.
 */
public final class RoutingTableHolder {
    private final AtomicReference<RoutingTable> current;
    private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();

    public RoutingTableHolder(RoutingTable initial) {
        this.current = new AtomicReference<>(RoutingTableValidator.requireValid(initial));
    }

    public RoutingTable current() {
        return current.get();
    }

    /** Called after each successful swap, on the thread that made it. */
    public void addListener(Consumer<RoutingTable> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Puts {@code next} in force.
     *
     * @param expectedCurrentVersion when present, the swap happens only if the table in force has
     *     exactly this version (optimistic concurrency)
     * @throws InvalidTableException when {@code next} fails validation; the old table stays
     * @throws VersionConflictException when the expected version does not match, or {@code next}
     *     does not carry a higher version than the table in force
     */
    public RoutingTable replace(RoutingTable next, OptionalLong expectedCurrentVersion) {
        RoutingTableValidator.requireValid(next);
        while (true) {
            RoutingTable old = current.get();
            if (expectedCurrentVersion.isPresent() && expectedCurrentVersion.getAsLong() != old.version()) {
                throw new VersionConflictException(
                        "version: " + expectedCurrentVersion.getAsLong() + " (expected: the version in force, "
                                + old.version() + ")",
                        old.version());
            }
            if (next.version() <= old.version()) {
                throw new VersionConflictException(
                        "version: " + next.version() + " (expected: > " + old.version() + ", the version in force)",
                        old.version());
            }
            if (current.compareAndSet(old, next)) {
                listeners.forEach(l -> l.accept(next));
                return next;
            }
        }
    }

    /**
     * Derives a new table from the one in force, retrying if another writer won the race. The
     * change must increment the version (see {@link RoutingTable#withMember}).
     */
    public RoutingTable update(UnaryOperator<RoutingTable> change) {
        while (true) {
            RoutingTable old = current.get();
            RoutingTable next = RoutingTableValidator.requireValid(change.apply(old));
            if (next.version() <= old.version()) {
                throw new IllegalStateException("a table change must increment the version");
            }
            if (current.compareAndSet(old, next)) {
                listeners.forEach(l -> l.accept(next));
                return next;
            }
        }
    }
}
