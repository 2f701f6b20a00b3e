package dev.nonstop.coordination.jdbc;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells HikariCP to drop connections that H2 reports dead with its own error codes rather than an
 * {@code 08xxx} SQL state (a restarted H2 TCP server), so that the next renewal gets a fresh one
 * instead of failing until the lease is lost. Install with {@code
 * hikariConfig.setExceptionOverrideClassName(BrokenConnectionEviction.class.getName())}.
 */
public final class BrokenConnectionEviction implements SQLExceptionOverride {

    /** H2: connection broken, database closed, object already closed. */
    private static final Set<Integer> H2_DEAD_CONNECTION = Set.of(90067, 90121, 90007);

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return H2_DEAD_CONNECTION.contains(e.getErrorCode())
                ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
