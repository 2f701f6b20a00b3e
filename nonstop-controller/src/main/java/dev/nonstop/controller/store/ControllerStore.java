package dev.nonstop.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.IllegalCommandException;
import dev.nonstop.controller.release.state.IllegalTransitionException;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The controller's source of truth: apps, instances, releases, their step log and the audit log. Thread-safe; every
 * method is one transaction. Failures are {@link ControllerStoreException}s; refusals are its typed subclasses.
 *
 * <pre>{@code
 * try (ControllerStore store = ControllerStore.h2(Path.of(".nonstop"))) {
 *     store.createApp("shop");
 *     Release release = store.createRelease(spec, "1.0.0");
 *     try (Lease lease = locks.acquire(ReleaseFence.lockName(release.id()), ttl, maxWait)) {
 *         ReleaseFence fence = store.claimRelease(release.id(), controllerId, lease.fencingToken());
 *         store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);
 *         store.recordStepStarted(fence, "shop-1", InstanceStep.DRAINING, "");
 *         // ... drain ...
 *         store.recordStepDone(fence, "shop-1", InstanceStep.DRAINING, "marked DRAINING in table 7");
 *     }
 * }
 * }</pre>
 *
 * <p>The schema is migrated by Flyway on creation (scripts under {@code db/migration/controller}, history table
 * {@code nonstop_controller_schema_history}), so the store can share a database, or a schema, with the lease table
 * of {@code nonstop-coordination}.
 */
public final class ControllerStore implements AutoCloseable {

    /** The Flyway history table of the controller's schema. */
    public static final String HISTORY_TABLE = "nonstop_controller_schema_history";

    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final Inventory inventory;
    private final Releases releases;
    private final AuditLog audit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControllerStore(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
        Jdbc jdbc = new Jdbc(dataSource);
        this.inventory = new Inventory(jdbc);
        this.releases = new Releases(jdbc);
        this.audit = new AuditLog(jdbc);
    }

    /**
     * The embedded default: an H2 database in {@code dir/nonstop.mv.db}, reachable by this process only. The directory
     * is created (or made) 0700 and the store's files 0600; the database user has a random password kept in
     * {@code dir/store.password}. There is no server mode: while the store is open, another process opening the same
     * directory gets a {@link ControllerStoreException} naming it. A store made by an earlier version (user {@code sa},
     * empty password) is upgraded to a password on its first open.
     *
     * @throws ControllerStoreException when the database is in use, refuses the password or cannot be migrated
     * @throws UncheckedIOException when the directory or the password file cannot be made
     */
    public static ControllerStore h2(Path dir) {
        return EmbeddedH2.open(dir);
    }

    /**
     * A store on any supported database by JDBC URL ({@code jdbc:postgresql://host/db}, {@code jdbc:h2:...}), with a
     * pool of its own that {@link #close()} closes.
     *
     * @throws ControllerStoreException when the database cannot be reached or migrated
     */
    public static ControllerStore jdbc(String url, String user, String password) {
        return jdbc(url, user, password, () -> {});
    }

    /** Like {@link #jdbc(String, String, String)}, running {@code afterClose} once the pool is closed. */
    static ControllerStore jdbc(String url, String user, String password, Runnable afterClose) {
        Objects.requireNonNull(url, "url");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setPoolName("nonstop-controller");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ControllerStoreException(
                    "cannot reach the controller store at " + url + ": " + e.getMessage(), e);
        }
        try {
            migrate(pool);
            return new ControllerStore(pool, () -> {
                pool.close();
                afterClose.run();
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * A store on a data source the caller owns and closes (for example one pool shared with the lease service). The
     * schema is migrated now.
     */
    public static ControllerStore of(DataSource dataSource) {
        migrate(Objects.requireNonNull(dataSource, "dataSource"));
        return new ControllerStore(dataSource, () -> {});
    }

    private static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/controller")
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new ControllerStoreException("cannot migrate the controller schema: " + e.getMessage(), e);
        }
    }

    /** The data source behind the store. */
    public DataSource dataSource() {
        return dataSource;
    }

    // ---- apps and instances

    /** @throws AlreadyExistsException when an app of that name exists */
    public RegisteredApp createApp(String name) {
        return createApp(name, AppSettings.DEFAULT);
    }

    /** @throws AlreadyExistsException when an app of that name exists */
    public RegisteredApp createApp(String name, AppSettings settings) {
        return inventory.createApp(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Replaces the app's settings; releases already started keep the values they started with.
     *
     * @throws NotFoundException when the app does not exist
     */
    public RegisteredApp updateAppSettings(String name, AppSettings settings) {
        return inventory.updateAppSettings(
                Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
    }

    public Optional<RegisteredApp> app(String name) {
        return inventory.app(name);
    }

    /** Every app, by name. */
    public List<RegisteredApp> apps() {
        return inventory.apps();
    }

    /**
     * @throws NotFoundException when the app does not exist
     * @throws AlreadyExistsException when the id, or the host and port, are taken
     */
    public Instance createInstance(NewInstance instance) {
        return inventory.createInstance(instance);
    }

    public Optional<Instance> instance(String id) {
        return inventory.instance(id);
    }

    /** The app's instances, by id. */
    public List<Instance> instances(String app) {
        return inventory.instances(app);
    }

    /**
     * Stores {@code changed}'s version, state and gateway member id, outside of any release (registration, an
     * operator's drain). A release runner uses {@link #updateInstance(ReleaseFence, Instance)}.
     *
     * @throws NotFoundException when the instance does not exist
     */
    public Instance updateInstance(Instance changed) {
        return inventory.updateInstance(changed, null);
    }

    /**
     * Like {@link #updateInstance(Instance)}, refused unless {@code fence} still owns its release.
     *
     * @throws FencedOutException when another controller claimed the release since
     */
    public Instance updateInstance(ReleaseFence fence, Instance changed) {
        return inventory.updateInstance(changed, Objects.requireNonNull(fence, "fence"));
    }

    // ---- releases

    /**
     * Creates a {@code PENDING} release of {@code spec.app()} from {@code fromVersion} to {@code spec.version()}, with
     * a new id and no owner.
     *
     * @throws NotFoundException when the app does not exist
     */
    public Release createRelease(ReleaseSpec spec, String fromVersion) {
        return releases.create(
                Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(fromVersion, "fromVersion"));
    }

    public Optional<Release> release(String id) {
        return releases.release(id);
    }

    /** The app's releases, newest first. */
    public List<Release> releases(String app) {
        return releases.releasesOf(app);
    }

    /** Releases in any of {@code states}, oldest first. */
    public List<Release> releasesIn(ReleaseState first, ReleaseState... more) {
        EnumSet<ReleaseState> states = EnumSet.of(first);
        states.addAll(Arrays.asList(more));
        return releases.inStates(states);
    }

    /**
     * Releases that need a controller to drive them ({@link ReleaseState#needsOwner()}), oldest first: what a
     * recovery scanner looks at.
     */
    public List<Release> releasesNeedingOwner() {
        EnumSet<ReleaseState> states = EnumSet.noneOf(ReleaseState.class);
        for (ReleaseState state : ReleaseState.values()) {
            if (state.needsOwner()) {
                states.add(state);
            }
        }
        return releases.inStates(states);
    }

    /**
     * Makes {@code ownerId} the release's owner with {@code fencingToken}, the token of its lease on {@link
     * ReleaseFence#lockName(String)}. Succeeds only when the stored token is lower, or equal with the same owner (a
     * retried claim). From then on, writes with a lower token are refused.
     *
     * @throws FencedOutException when the release was claimed with a token at least as high
     * @throws NotFoundException when the release does not exist
     */
    public ReleaseFence claimRelease(String id, String ownerId, long fencingToken) {
        return releases.claim(id, Objects.requireNonNull(ownerId, "ownerId"), fencingToken);
    }

    /** {@link #updateReleaseState(ReleaseFence, ReleaseState, ReleaseState, String)} without an error. */
    public Release updateReleaseState(ReleaseFence fence, ReleaseState expected, ReleaseState next) {
        return releases.updateState(fence, expected, next, null);
    }

    /**
     * Moves the release from {@code expected} to {@code next}, as its owner.
     *
     * @param error why the release failed, stored when not null
     * @throws IllegalTransitionException when the release table does not allow {@code expected -> next}
     * @throws FencedOutException when {@code fence} no longer owns the release
     * @throws StaleStateException when the release is not in {@code expected} (an operator command came first)
     */
    public Release updateReleaseState(ReleaseFence fence, ReleaseState expected, ReleaseState next, String error) {
        return releases.updateState(Objects.requireNonNull(fence, "fence"), expected, next, error);
    }

    /**
     * Applies an operator's command to the release, from any controller, without owning it: the owner sees the new
     * state before its next step, or within its command poll while it waits.
     *
     * @throws IllegalCommandException when the command is not legal from the release's state
     * @throws StaleStateException when the state changed between the read and the write; read again and retry
     * @throws NotFoundException when the release does not exist
     */
    public Release applyCommand(String id, ReleaseCommand command) {
        return releases.command(id, Objects.requireNonNull(command, "command"));
    }

    // ---- steps

    /**
     * Appends a {@code STARTED} row: the step is about to run. Recorded again when a resumed release re-runs it.
     *
     * @throws FencedOutException when {@code fence} no longer owns the release
     */
    public StepRecord recordStepStarted(ReleaseFence fence, String instanceId, InstanceStep step, String detail) {
        return releases.stepStarted(fence, instanceId, step, detail);
    }

    /**
     * Appends a {@code DONE} row for the instance's step in progress.
     *
     * @throws StepNotStartedException when the instance's last row is not {@code step STARTED}
     * @throws FencedOutException when {@code fence} no longer owns the release
     */
    public StepRecord recordStepDone(ReleaseFence fence, String instanceId, InstanceStep step, String detail) {
        return releases.stepFinished(fence, instanceId, step, StepStatus.DONE, detail);
    }

    /**
     * Appends a {@code FAILED} row for the instance's step in progress.
     *
     * @throws StepNotStartedException when the instance's last row is not {@code step STARTED}
     * @throws FencedOutException when {@code fence} no longer owns the release
     */
    public StepRecord recordStepFailed(ReleaseFence fence, String instanceId, InstanceStep step, String detail) {
        return releases.stepFinished(fence, instanceId, step, StepStatus.FAILED, detail);
    }

    /**
     * The instance's last step row in the release: where to resume. {@code STARTED}: run that step again (steps are
     * idempotent); {@code DONE}: the instance is in that step, go on; {@code FAILED}: handle the failure. Empty:
     * the instance was not touched.
     */
    public Optional<StepRecord> lastStep(String releaseId, String instanceId) {
        return releases.lastStep(releaseId, instanceId);
    }

    /** The release's whole step log, oldest first. */
    public List<StepRecord> steps(String releaseId) {
        return releases.steps(releaseId);
    }

    // ---- audit

    /** Appends an entry stamped with the database's time. */
    public AuditEntry appendAudit(NewAuditEntry entry) {
        return audit.append(Objects.requireNonNull(entry, "entry"));
    }

    /** Entries matching {@code query}, newest first. */
    public List<AuditEntry> audit(AuditQuery query) {
        return audit.query(Objects.requireNonNull(query, "query"));
    }

    /** Closes the pool when the store made it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new ControllerStoreException("cannot close the controller store: " + e.getMessage(), e);
            }
        }
    }
}
