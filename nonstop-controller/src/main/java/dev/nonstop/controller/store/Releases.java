package dev.nonstop.controller.store;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseSpecJson;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Releases, their ownership and their step log. */
final class Releases {

    private static final String RELEASE_COLUMNS =
            "id, app, from_version, to_version, spec, state, owner_id," + " owner_token, created_at, updated_at, error";
    private static final String STEP_COLUMNS =
            "id, release_id, instance_id, step, status, started_at, finished_at, detail";

    private final Jdbc jdbc;

    Releases(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Release create(ReleaseSpec spec, String fromVersion) {
        String id = UUID.randomUUID().toString();
        return jdbc.inTransaction("create release of " + spec.app(), c -> {
            if (Inventory.app(c, spec.app()).isEmpty()) {
                throw new NotFoundException("app", spec.app());
            }
            Jdbc.update(
                    c,
                    "INSERT INTO nonstop_releases (id, app, from_version, to_version, spec, state)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    s -> {
                        s.setString(1, id);
                        s.setString(2, spec.app());
                        s.setString(3, fromVersion);
                        s.setString(4, spec.version());
                        s.setString(5, ReleaseSpecJson.toJson(spec));
                        s.setString(6, ReleaseState.PENDING.name());
                    });
            return release(c, id).orElseThrow();
        });
    }

    Optional<Release> release(String id) {
        return jdbc.inTransaction("read release " + id, c -> release(c, id));
    }

    List<Release> releasesOf(String app) {
        return jdbc.inTransaction(
                "list releases of " + app,
                c -> Jdbc.query(
                        c,
                        "SELECT " + RELEASE_COLUMNS + " FROM nonstop_releases WHERE app = ?"
                                + " ORDER BY created_at DESC, id",
                        s -> s.setString(1, app),
                        Releases::release));
    }

    List<Release> inStates(Set<ReleaseState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        return jdbc.inTransaction(
                "list releases in " + states,
                c -> Jdbc.query(
                        c,
                        "SELECT " + RELEASE_COLUMNS + " FROM nonstop_releases WHERE state IN (" + in + ")"
                                + " ORDER BY created_at, id",
                        s -> {},
                        Releases::release));
    }

    ReleaseFence claim(String id, String ownerId, long token) {
        return jdbc.inTransaction("claim release " + id, c -> {
            int updated = Jdbc.update(
                    c,
                    "UPDATE nonstop_releases SET owner_id = ?, owner_token = ?, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE id = ? AND (owner_token IS NULL OR owner_token < ?"
                            + " OR (owner_token = ? AND owner_id = ?))",
                    s -> {
                        s.setString(1, ownerId);
                        s.setLong(2, token);
                        s.setString(3, id);
                        s.setLong(4, token);
                        s.setLong(5, token);
                        s.setString(6, ownerId);
                    });
            if (updated == 0) {
                throw new FencedOutException(id, token, currentToken(c, id));
            }
            return new ReleaseFence(id, ownerId, token);
        });
    }

    Release updateState(ReleaseFence fence, ReleaseState expected, ReleaseState next, String error) {
        expected.checkTransitionTo(next);
        return jdbc.inTransaction("update release " + fence.releaseId(), c -> {
            int updated = Jdbc.update(
                    c,
                    "UPDATE nonstop_releases SET state = ?, error = COALESCE(?, error), updated_at = CURRENT_TIMESTAMP"
                            + " WHERE id = ? AND owner_token = ? AND state = ?",
                    s -> {
                        s.setString(1, next.name());
                        s.setString(2, error);
                        s.setString(3, fence.releaseId());
                        s.setLong(4, fence.fencingToken());
                        s.setString(5, expected.name());
                    });
            if (updated == 0) {
                Release current = release(c, fence.releaseId())
                        .orElseThrow(() -> new NotFoundException("release", fence.releaseId()));
                OptionalLong token = current.owner().stream()
                        .mapToLong(ReleaseOwner::fencingToken)
                        .findFirst();
                if (token.isEmpty() || token.getAsLong() != fence.fencingToken()) {
                    throw new FencedOutException(fence.releaseId(), fence.fencingToken(), token);
                }
                throw new StaleStateException(fence.releaseId(), expected, current.state());
            }
            return release(c, fence.releaseId()).orElseThrow();
        });
    }

    Release command(String id, ReleaseCommand command) {
        return jdbc.inTransaction(command + " release " + id, c -> {
            Release current = release(c, id).orElseThrow(() -> new NotFoundException("release", id));
            ReleaseState target = command.targetFrom(current.state());
            int updated = Jdbc.update(
                    c,
                    "UPDATE nonstop_releases SET state = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = ?",
                    s -> {
                        s.setString(1, target.name());
                        s.setString(2, id);
                        s.setString(3, current.state().name());
                    });
            if (updated == 0) {
                ReleaseState now = release(c, id).map(Release::state).orElseThrow();
                throw new StaleStateException(id, current.state(), now);
            }
            return release(c, id).orElseThrow();
        });
    }

    StepRecord stepStarted(ReleaseFence fence, String instanceId, InstanceStep step, String detail) {
        return jdbc.inTransaction("record step " + step + " started", c -> {
            touchFenced(c, fence);
            long id = Jdbc.insert(
                    c,
                    "INSERT INTO nonstop_release_steps (release_id, instance_id, step, status, started_at, detail)"
                            + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, ?)",
                    s -> {
                        s.setString(1, fence.releaseId());
                        s.setString(2, instanceId);
                        s.setString(3, step.name());
                        s.setString(4, StepStatus.STARTED.name());
                        s.setString(5, detail == null ? "" : detail);
                    });
            return step(c, id);
        });
    }

    StepRecord stepFinished(
            ReleaseFence fence, String instanceId, InstanceStep step, StepStatus status, String detail) {
        return jdbc.inTransaction("record step " + step + " " + status, c -> {
            touchFenced(c, fence);
            Optional<StepRecord> last = lastStep(c, fence.releaseId(), instanceId);
            if (last.isEmpty()
                    || last.get().status() != StepStatus.STARTED
                    || last.get().step() != step) {
                throw new StepNotStartedException(
                        fence.releaseId(),
                        instanceId,
                        step,
                        last.map(r -> r.step() + " " + r.status()).orElse("nothing"));
            }
            long id = Jdbc.insert(
                    c,
                    "INSERT INTO nonstop_release_steps"
                            + " (release_id, instance_id, step, status, started_at, finished_at, detail)"
                            + " SELECT release_id, instance_id, step, ?, started_at, CURRENT_TIMESTAMP, ?"
                            + " FROM nonstop_release_steps WHERE id = ?",
                    s -> {
                        s.setString(1, status.name());
                        s.setString(2, detail == null ? "" : detail);
                        s.setLong(3, last.get().id());
                    });
            return step(c, id);
        });
    }

    Optional<StepRecord> lastStep(String releaseId, String instanceId) {
        return jdbc.inTransaction("read last step of " + instanceId, c -> lastStep(c, releaseId, instanceId));
    }

    List<StepRecord> steps(String releaseId) {
        return jdbc.inTransaction(
                "list steps of release " + releaseId,
                c -> Jdbc.query(
                        c,
                        "SELECT " + STEP_COLUMNS + " FROM nonstop_release_steps WHERE release_id = ? ORDER BY id",
                        s -> s.setString(1, releaseId),
                        Releases::step));
    }

    /**
     * Checks the fence under the release row's lock, held until the transaction ends: a concurrent claim waits for
     * this transaction, and a write after a claim is refused.
     */
    static void touchFenced(Connection c, ReleaseFence fence) throws SQLException {
        int updated = Jdbc.update(
                c, "UPDATE nonstop_releases SET updated_at = CURRENT_TIMESTAMP WHERE id = ? AND owner_token = ?", s -> {
                    s.setString(1, fence.releaseId());
                    s.setLong(2, fence.fencingToken());
                });
        if (updated == 0) {
            if (release(c, fence.releaseId()).isEmpty()) {
                throw new NotFoundException("release", fence.releaseId());
            }
            throw new FencedOutException(fence.releaseId(), fence.fencingToken(), currentToken(c, fence.releaseId()));
        }
    }

    private static OptionalLong currentToken(Connection c, String id) throws SQLException {
        Optional<Release> release = release(c, id);
        if (release.isEmpty()) {
            throw new NotFoundException("release", id);
        }
        return release.get().owner().stream()
                .mapToLong(ReleaseOwner::fencingToken)
                .findFirst();
    }

    private static Optional<StepRecord> lastStep(Connection c, String releaseId, String instanceId)
            throws SQLException {
        return Jdbc.queryOne(
                c,
                "SELECT " + STEP_COLUMNS + " FROM nonstop_release_steps WHERE release_id = ? AND instance_id = ?"
                        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                s -> {
                    s.setString(1, releaseId);
                    s.setString(2, instanceId);
                },
                Releases::step);
    }

    private static StepRecord step(Connection c, long id) throws SQLException {
        return Jdbc.queryOne(
                        c,
                        "SELECT " + STEP_COLUMNS + " FROM nonstop_release_steps WHERE id = ?",
                        s -> s.setLong(1, id),
                        Releases::step)
                .orElseThrow();
    }

    private static Optional<Release> release(Connection c, String id) throws SQLException {
        return Jdbc.queryOne(
                c,
                "SELECT " + RELEASE_COLUMNS + " FROM nonstop_releases WHERE id = ?",
                s -> s.setString(1, id),
                Releases::release);
    }

    private static Release release(ResultSet row) throws SQLException {
        String ownerId = row.getString("owner_id");
        long token = row.getLong("owner_token");
        Optional<ReleaseOwner> owner =
                row.wasNull() || ownerId == null ? Optional.empty() : Optional.of(new ReleaseOwner(ownerId, token));
        return new Release(
                row.getString("id"),
                row.getString("app"),
                row.getString("from_version"),
                row.getString("to_version"),
                ReleaseSpecJson.fromJson(row.getString("spec")),
                ReleaseState.valueOf(row.getString("state")),
                owner,
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"),
                Optional.ofNullable(row.getString("error")));
    }

    private static StepRecord step(ResultSet row) throws SQLException {
        return new StepRecord(
                row.getLong("id"),
                row.getString("release_id"),
                row.getString("instance_id"),
                InstanceStep.valueOf(row.getString("step")),
                StepStatus.valueOf(row.getString("status")),
                Jdbc.instant(row, "started_at"),
                Optional.ofNullable(Jdbc.instant(row, "finished_at")),
                row.getString("detail"));
    }
}
