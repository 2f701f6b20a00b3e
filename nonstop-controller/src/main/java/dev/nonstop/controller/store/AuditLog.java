package dev.nonstop.controller.store;

import dev.nonstop.common.audit.AuditText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The append-only audit log. Text longer than its column is cut to fit ({@link AuditText}), never refused. */
final class AuditLog {

    private static final String COLUMNS = "id, at, actor, action, target, result, detail, attempts";
    /** The sizes of the text columns (V1__controller_schema.sql). */
    private static final int NAME_COLUMN = 255;

    private static final int DETAIL_COLUMN = 1_000_000;

    private final Jdbc jdbc;

    AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    AuditEntry append(NewAuditEntry entry) {
        return jdbc.inTransaction("append audit entry " + entry.action(), c -> {
            long id = Jdbc.insert(
                    c,
                    "INSERT INTO nonstop_audit_log (actor, action, target, result, detail, attempts)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    s -> {
                        s.setString(1, AuditText.fit(entry.actor(), NAME_COLUMN));
                        s.setString(2, AuditText.fit(entry.action(), NAME_COLUMN));
                        s.setString(3, AuditText.fit(entry.target(), NAME_COLUMN));
                        s.setString(4, entry.result().name());
                        s.setString(5, AuditText.fit(entry.detail(), DETAIL_COLUMN));
                        s.setLong(6, entry.attempts());
                    });
            return Jdbc.queryOne(
                            c,
                            "SELECT " + COLUMNS + " FROM nonstop_audit_log WHERE id = ?",
                            s -> s.setLong(1, id),
                            AuditLog::entry)
                    .orElseThrow();
        });
    }

    List<AuditEntry> query(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM nonstop_audit_log WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        query.actor().ifPresent(actor -> {
            sql.append(" AND actor = ?");
            values.add(actor);
        });
        query.target().ifPresent(target -> {
            sql.append(" AND target = ?");
            values.add(target);
        });
        query.since().ifPresent(since -> {
            sql.append(" AND at >= ?");
            values.add(OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        });
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(query.limit()).append(" ROWS ONLY");
        return jdbc.inTransaction(
                "query audit log",
                c -> Jdbc.query(
                        c,
                        sql.toString(),
                        s -> {
                            for (int i = 0; i < values.size(); i++) {
                                s.setObject(i + 1, values.get(i));
                            }
                        },
                        AuditLog::entry));
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(
                row.getLong("id"),
                Jdbc.instant(row, "at"),
                row.getString("actor"),
                row.getString("action"),
                row.getString("target"),
                AuditResult.valueOf(row.getString("result")),
                row.getString("detail"),
                row.getLong("attempts"));
    }
}
