package dev.nonstop.agent;

import dev.nonstop.agent.artifact.ArtifactStore;
import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.agent.process.FreePorts;
import dev.nonstop.agent.process.InstanceLogs;
import dev.nonstop.agent.process.ProcessDriver;
import dev.nonstop.common.audit.RefusedAttempts;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.FencingStateException;
import dev.nonstop.common.fencing.FencingTokenRegistry;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one host: the artifact store, the process driver, the fencing registry and the audit
 * log, behind one API. An embedded controller calls it in-process; {@link
 * dev.nonstop.agent.api.AgentServer} serves it over HTTP.
 *
 * <p>Every mutation (install, start, stop) goes through {@link #as(Caller)}: a fenced caller's token
 * is checked first ({@link StaleFencingTokenException} when it is lower than the highest seen for
 * its release), then the mutation runs, and one audit line records who, what, when and the result,
 * refusals and failures included. The methods of {@link AgentApi} on the agent itself act as an
 * unfenced {@link Caller#inProcess()}.
 *
 * <p>The highest token per release is kept in {@value #FENCING_FILE} in the {@link AgentSettings#dataDir() data
 * directory}, written before the mutation runs, so a restarted agent still refuses a controller that lost its
 * release; an agent whose file is corrupt does not start ({@link FencingStateException}).
 *
 * <p>The check and the mutation are not one atomic step: a mutation with a higher token checked in
 * between runs as well, and wins because it comes later, which is what fencing asks for.
 */
public final class Agent implements AgentApi, AutoCloseable {
    /** The file in the data directory where the highest fencing tokens survive a restart. */
    public static final String FENCING_FILE = "fencing.json";

    /**
     * The directory in the data directory where the API writes uploads as they arrive: on the artifact store's file
     * system, so an install moves an upload by a rename. Emptied when the agent is created (what is there was left
     * by an agent that died mid-upload).
     */
    public static final String UPLOADS_DIR = "uploads";

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentSettings settings;
    private final ArtifactStore store;
    private final ProcessDriver driver;
    private final FencingTokenRegistry fencing;
    private final AuditLog audit;
    private final AgentApi inProcess;

    private Agent(AgentSettings settings, Clock clock) {
        this.settings = settings;
        Path dataDir = settings.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("dataDir " + dataDir + ": " + e.getMessage(), e);
        }
        deleteLeftoverUploads(dataDir.resolve(UPLOADS_DIR));
        this.fencing = FencingTokenRegistry.persistent(dataDir.resolve(FENCING_FILE));
        this.store = new ArtifactStore(dataDir);
        this.driver = new ProcessDriver(
                dataDir, settings.execPrefix(), settings.javaCommand(), store, clock, settings.defaultStopTimeout());
        this.audit = new AuditLog(dataDir.resolve("audit.log"), clock);
        this.inProcess = as(Caller.inProcess());
    }

    private static void deleteLeftoverUploads(Path uploads) {
        if (!Files.isDirectory(uploads)) {
            return;
        }
        try (Stream<Path> files = Files.list(uploads)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.deleteIfExists(file);
                log.info("deleted {}, an upload a previous run of the agent did not finish", file);
            }
        } catch (IOException e) {
            log.warn("cannot delete the uploads a previous run left in {}: {}", uploads, e.toString());
        }
    }

    /** Where the API writes uploads as they arrive ({@value #UPLOADS_DIR} in the data directory). */
    public Path uploadsDir() {
        return settings.dataDir().toAbsolutePath().resolve(UPLOADS_DIR);
    }

    /** An agent on the system clock. */
    public static Agent create(AgentSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    public static Agent create(AgentSettings settings, Clock clock) {
        return new Agent(settings, clock);
    }

    public AgentSettings settings() {
        return settings;
    }

    /** Where instances' output is written. */
    public InstanceLogs logs() {
        return driver.logs();
    }

    /** The audit log's file. */
    public Path auditLog() {
        return audit.file();
    }

    /** This agent's API as {@code caller}: its fence checked and its mutations audited. */
    public AgentApi as(Caller caller) {
        return new CallerView(caller);
    }

    @Override
    public InstallResult install(String app, String version, Path artifact, String expectedSha256) {
        return inProcess.install(app, version, artifact, expectedSha256);
    }

    @Override
    public Map<String, List<InstalledArtifact>> apps() {
        return store.apps();
    }

    @Override
    public InstanceStatus start(InstanceSpec spec) {
        return inProcess.start(spec);
    }

    /** Stops an instance with the default stop timeout. */
    public StopResult stop(String instanceId) {
        return stop(instanceId, settings.defaultStopTimeout());
    }

    @Override
    public StopResult stop(String instanceId, Duration timeout) {
        return inProcess.stop(instanceId, timeout);
    }

    @Override
    public InstanceStatus status(String instanceId) {
        return driver.status(instanceId);
    }

    @Override
    public List<InstanceStatus> instances() {
        return driver.list();
    }

    @Override
    public int freePort() {
        return FreePorts.pick();
    }

    /** Stops every instance this agent started (SIGTERM, then SIGKILL after the default stop timeout). */
    @Override
    public void close() {
        driver.close();
    }

    /**
     * Installs {@code upload}, a file in the {@link AgentSettings#dataDir() data directory} (an upload the API
     * received), as {@code caller}: as {@code as(caller).install(...)}, fenced and audited the same, but the file is
     * moved into the artifact store rather than copied ({@link ArtifactStore#installMoving}).
     */
    public InstallResult installUpload(Caller caller, String app, String version, Path upload, String expectedSha256) {
        return mutate(
                caller,
                "install " + app + " " + version,
                () -> store.installMoving(app, version, upload, expectedSha256),
                Agent::describe);
    }

    private static String describe(InstallResult result) {
        return (result.installed() ? "installed" : "already installed") + " sha256 "
                + result.artifact().sha256();
    }

    /**
     * Audits a mutation refused before it reached the agent (a malformed request body or fencing
     * header), so that the audit log holds every attempted mutation.
     */
    public void auditRefusal(Caller caller, String what, RuntimeException why) {
        audit.record(caller, what, "refused: " + why.getMessage());
    }

    /**
     * Audits requests the API refused before they reached the agent (no or a wrong token, a malformed head), as its
     * {@link dev.nonstop.common.audit.RefusalAggregator} counted them per caller and minute. Blocks on the file.
     */
    public void auditRefused(RefusedAttempts refused) {
        audit.recordRefused(refused);
    }

    private <T> T mutate(Caller caller, String what, Supplier<T> action, Function<T, String> describe) {
        if (caller.fence().isPresent()) {
            Fence fence = caller.fence().get();
            try {
                fencing.require(fence);
            } catch (StaleFencingTokenException | FencingStateException refused) {
                audit.record(caller, what, "refused: " + refused.getMessage());
                throw refused;
            }
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            audit.record(caller, what, "refused: " + e.getMessage());
            throw e;
        }
        audit.record(caller, what, "ok: " + describe.apply(result));
        return result;
    }

    /** The API as one caller. */
    private final class CallerView implements AgentApi {
        private final Caller caller;

        CallerView(Caller caller) {
            this.caller = caller;
        }

        @Override
        public InstallResult install(String app, String version, Path artifact, String expectedSha256) {
            return mutate(
                    caller,
                    "install " + app + " " + version,
                    () -> store.install(app, version, artifact, expectedSha256),
                    Agent::describe);
        }

        @Override
        public Map<String, List<InstalledArtifact>> apps() {
            return store.apps();
        }

        @Override
        public InstanceStatus start(InstanceSpec spec) {
            return mutate(
                    caller,
                    "start " + spec.instanceId() + " (" + spec.app() + " " + spec.version() + " on port " + spec.port()
                            + ")",
                    () -> driver.start(spec),
                    s -> s.state() + " pid " + s.pid().orElse(-1));
        }

        @Override
        public StopResult stop(String instanceId, Duration timeout) {
            return mutate(
                    caller,
                    "stop " + instanceId + " (timeout " + timeout + ")",
                    () -> driver.stop(instanceId, timeout),
                    r -> r.mode() + " exit code "
                            + (r.exitCode().isPresent() ? r.exitCode().getAsInt() : "none") + " in " + r.took());
        }

        @Override
        public InstanceStatus status(String instanceId) {
            return driver.status(instanceId);
        }

        @Override
        public List<InstanceStatus> instances() {
            return driver.list();
        }

        @Override
        public int freePort() {
            return FreePorts.pick();
        }
    }
}
