package dev.nonstop.agent.process;

import dev.nonstop.agent.artifact.ArtifactStore;
import dev.nonstop.agent.contract.ArtifactNotFoundException;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InstanceAlreadyRunningException;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.LaunchTemplate;
import dev.nonstop.agent.contract.ProcessStartException;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.agent.contract.UnknownInstanceException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops app processes on this host. Instances are known by id; an id can be started
 * again once its previous process is gone. Closing the driver stops every live instance in
 * parallel (SIGTERM, then SIGKILL after the stop timeout); a JVM shutdown hook does the same if the
 * agent's JVM exits without closing it, so no app process outlives its agent unnoticed.
 */
public final class ProcessDriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessDriver.class);

    private final Path instancesDir;
    private final InstanceLogs logs;
    private final List<String> execPrefix;
    private final String javaCommand;
    private final ArtifactStore store;
    private final Clock clock;
    private final Duration closeTimeout;
    private final Map<String, AppProcess> instances = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    /**
     * @param javaCommand the {@code java} executable to run apps with
     * @param closeTimeout how long {@link #close()} and the shutdown hook wait after SIGTERM
     */
    public ProcessDriver(Path dataDir, String javaCommand, ArtifactStore store, Clock clock, Duration closeTimeout) {
        this(dataDir, List.of(), javaCommand, store, clock, closeTimeout);
    }

    /**
     * @param execPrefix a command the app's command line runs through, which must exec it (keep the pid), as {@code
     *     taskset -c 2-3} or {@code nice -n 5} do; empty: none
     * @param javaCommand the {@code java} executable to run apps with
     * @param closeTimeout how long {@link #close()} and the shutdown hook wait after SIGTERM
     */
    public ProcessDriver(
            Path dataDir,
            List<String> execPrefix,
            String javaCommand,
            ArtifactStore store,
            Clock clock,
            Duration closeTimeout) {
        this.execPrefix = List.copyOf(execPrefix);
        this.instancesDir = dataDir.toAbsolutePath().resolve("instances");
        this.logs = new InstanceLogs(dataDir);
        this.javaCommand = javaCommand;
        this.store = store;
        this.clock = clock;
        this.closeTimeout = closeTimeout;
        this.shutdownHook = new Thread(this::stopAll, "nonstop-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        adoptSurvivors();
    }

    /**
     * Adopts the instances a previous agent on this data directory started and left running (it
     * was killed, or crashed): they are known again by id, stoppable, and not started twice.
     */
    private void adoptSurvivors() {
        if (!Files.isDirectory(instancesDir)) {
            return;
        }
        try (var dirs = Files.list(instancesDir)) {
            dirs.filter(Files::isDirectory)
                    .forEach(dir -> ProcessRecord.read(dir).ifPresent(record -> {
                        String id = dir.getFileName().toString();
                        record.liveProcess()
                                .ifPresentOrElse(
                                        handle -> {
                                            AppProcess app = new AppProcess(record.spec(id), clock.instant());
                                            app.adopt(handle);
                                            instances.put(id, app);
                                            handle.onExit().thenRun(() -> ProcessRecord.delete(dir));
                                            log.info(
                                                    "adopted instance {} ({} {} on port {}, pid {}) left running by a previous agent",
                                                    id,
                                                    record.app(),
                                                    record.version(),
                                                    record.port(),
                                                    record.pid());
                                        },
                                        () -> ProcessRecord.delete(dir));
                    }));
        } catch (IOException e) {
            log.warn("cannot look for instances left running in {}: {}", instancesDir, e.toString());
        }
    }

    /**
     * Set to {@code true} in every instance's environment unless the app's {@code env} sets it: Spring Boot's
     * {@code management.endpoint.health.probes.enabled}, which gives a Boot app with actuator its readiness group
     * outside Kubernetes.
     */
    public static final String SPRING_BOOT_PROBES = "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED";

    /** The {@code java} of the JVM running this code. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where instances' output goes. */
    public InstanceLogs logs() {
        return logs;
    }

    /**
     * Starts {@code spec}'s version as instance {@code spec.instanceId()}.
     *
     * @return the instance's status, RUNNING (or EXITED already, for a very short-lived process)
     * @throws ArtifactNotFoundException when the version is not installed
     * @throws InstanceAlreadyRunningException when the instance id is live
     * @throws ProcessStartException when the process cannot be spawned (the instance is FAILED)
     */
    public synchronized InstanceStatus start(InstanceSpec spec) {
        if (closed.get()) {
            throw new IllegalStateException("process driver is closed");
        }
        InstalledArtifact artifact = store.get(spec.app(), spec.version());
        AppProcess existing = instances.get(spec.instanceId());
        if (existing != null && existing.state().isLive()) {
            throw new InstanceAlreadyRunningException(spec.instanceId(), existing.state(), existing.pid());
        }
        int port = spec.port();
        String id = spec.instanceId();
        List<String> command = new ArrayList<>(execPrefix);
        command.add(javaCommand);
        command.addAll(LaunchTemplate.expandAll(spec.jvmArgs(), port, id));
        command.add("-jar");
        command.add(artifact.jar().toString());
        command.addAll(LaunchTemplate.expandAll(spec.args(), port, id));
        AppProcess app = new AppProcess(spec, clock.instant());
        instances.put(spec.instanceId(), app);
        Process process;
        try {
            Path workDir = Files.createDirectories(instancesDir.resolve(spec.instanceId()));
            Path logFile = logs.rotate(
                    spec.instanceId(),
                    "# nonstop-agent: starting " + spec.app() + " " + spec.version() + " as " + spec.instanceId()
                            + " on port " + spec.port() + " at " + clock.instant() + ": " + String.join(" ", command));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            // Spring Boot's readiness group (/actuator/health/readiness) in any Boot app with actuator, off Kubernetes
            // too. The app's own env, put after it, may set it to false; its properties cannot (an environment
            // variable outranks them).
            builder.environment().put(SPRING_BOOT_PROBES, "true");
            builder.environment().putAll(LaunchTemplate.expandAll(spec.env(), port, id));
            builder.environment().put("PORT", Integer.toString(port));
            // What Spring Boot binds (server.port by relaxed binding): a Boot jar serves on its port with no edit.
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            builder.environment().put("NONSTOP_INSTANCE_ID", id);
            process = builder.start();
        } catch (IOException e) {
            app.failed();
            log.error("instance {}: cannot start: {}", spec.instanceId(), e.getMessage());
            throw new ProcessStartException(spec.instanceId(), e);
        }
        app.started(process);
        Path instanceDir = instancesDir.resolve(spec.instanceId());
        try {
            new ProcessRecord(
                            process.pid(),
                            process.info().startInstant().orElse(clock.instant()),
                            spec.app(),
                            spec.version(),
                            spec.port())
                    .write(instanceDir);
        } catch (IOException e) {
            log.warn("instance {}: cannot record its process for a later agent: {}", spec.instanceId(), e.toString());
        }
        process.onExit().thenRun(() -> ProcessRecord.delete(instanceDir));
        log.info(
                "instance {} started: {} {} on port {}, pid {}",
                spec.instanceId(),
                spec.app(),
                spec.version(),
                spec.port(),
                process.pid());
        return app.status();
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * Stops an instance: SIGTERM, up to {@code timeout} to exit, then SIGKILL.
     *
     * @throws UnknownInstanceException when no such instance was started
     */
    public StopResult stop(String instanceId, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
        return get(instanceId).stop(timeout, clock);
    }

    /**
     * The status of one instance.
     *
     * @throws UnknownInstanceException when no such instance was started
     */
    public InstanceStatus status(String instanceId) {
        return get(instanceId).status();
    }

    /** Every instance started by this driver (live or not), sorted by id. */
    public List<InstanceStatus> list() {
        return instances.values().stream()
                .map(AppProcess::status)
                .sorted(Comparator.comparing(InstanceStatus::instanceId))
                .toList();
    }

    private AppProcess get(String instanceId) {
        AppProcess app = instanceId == null ? null : instances.get(instanceId);
        if (app == null) {
            throw new UnknownInstanceException(instanceId);
        }
        return app;
    }

    /** Stops every live instance, in parallel, bounded by the close timeout plus the kill. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it stops the instances.
        }
        stopAll();
    }

    private void stopAll() {
        closed.set(true);
        List<AppProcess> live =
                instances.values().stream().filter(a -> a.state().isLive()).toList();
        if (live.isEmpty()) {
            return;
        }
        log.info("stopping {} instance(s)", live.size());
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture.allOf(live.stream()
                            .map(a -> CompletableFuture.runAsync(() -> a.stop(closeTimeout, clock), stoppers))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (RuntimeException e) {
            log.error("stopping instances failed", e);
        }
    }
}
