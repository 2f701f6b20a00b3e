package dev.nonstop.coordination.contract;

import dev.nonstop.coordination.LockService;
import java.util.Map;

/**
 * Builds a backend's lock service from string settings, in the test JVM and in child JVMs alike.
 * Implementations need a public no-argument constructor.
 */
public interface LockServiceFactory {

    /** A new, independent client of the store (its own connections). */
    LockService create(Map<String, String> settings);
}
