package dev.nonstop.testing.leak;

import java.util.Objects;

/**
 * One leak Netty reported: a reference-counted object garbage-collected without being released.
 *
 * @param resourceType the kind of object, e.g. {@code ByteBuf}
 * @param records where it was created and last touched; empty unless the level is advanced or
 *     paranoid
 */
public record Leak(String resourceType, String records) {
    public Leak {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(records, "records");
    }

    @Override
    public String toString() {
        return "LEAK of " + resourceType + (records.isEmpty() ? " (no access records)" : ":" + records);
    }
}
