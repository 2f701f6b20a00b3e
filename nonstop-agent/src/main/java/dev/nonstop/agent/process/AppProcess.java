package dev.nonstop.agent.process;

import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.StopMode;
import dev.nonstop.agent.contract.StopResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started instance and its OS process. The state moves only forward (see the package doc);
 * every change is a compare-and-set, so a process that exits on its own while being stopped is
 * reported once, as stopped. Stops of one instance are serialised: a second caller waits for the
 * first and gets {@link StopMode#ALREADY_STOPPED}.
 */
public final class AppProcess {
    private static final Logger log = LoggerFactory.getLogger(AppProcess.class);

    private final InstanceSpec spec;
    private final Instant startedAt;
    private final AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STARTING);
    private volatile Process process;
    private volatile ProcessHandle adopted;

    AppProcess(InstanceSpec spec, Instant startedAt) {
        this.spec = spec;
        this.startedAt = startedAt;
    }

    /** Called once the process is spawned: it is RUNNING, and its own exit will be noticed. */
    void started(Process spawned) {
        this.process = spawned;
        state.compareAndSet(InstanceState.STARTING, InstanceState.RUNNING);
        spawned.onExit().thenRun(() -> {
            if (state.compareAndSet(InstanceState.RUNNING, InstanceState.EXITED)) {
                log.warn(
                        "instance {} ({} {}) exited on its own with code {}",
                        spec.instanceId(),
                        spec.app(),
                        spec.version(),
                        spawned.exitValue());
            }
        });
    }

    /**
     * Takes over a process a previous agent started and left running: RUNNING, its exit noticed,
     * but its exit code unknowable (it is not this JVM's child).
     */
    void adopt(ProcessHandle handle) {
        this.adopted = handle;
        state.compareAndSet(InstanceState.STARTING, InstanceState.RUNNING);
        handle.onExit().thenRun(() -> {
            if (state.compareAndSet(InstanceState.RUNNING, InstanceState.EXITED)) {
                log.warn("adopted instance {} (pid {}) exited on its own", spec.instanceId(), handle.pid());
            }
        });
    }

    /** Called when the process could not be spawned. */
    void failed() {
        state.set(InstanceState.FAILED);
    }

    public InstanceSpec spec() {
        return spec;
    }

    public InstanceState state() {
        return state.get();
    }

    public InstanceStatus status() {
        Process p = process;
        InstanceState now = state.get();
        OptionalInt exitCode =
                p != null && !p.isAlive() && !now.isLive() ? OptionalInt.of(p.exitValue()) : OptionalInt.empty();
        long pid = pid();
        return new InstanceStatus(
                spec.instanceId(),
                spec.app(),
                spec.version(),
                spec.port(),
                pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid),
                now,
                exitCode,
                startedAt);
    }

    long pid() {
        Process p = process;
        ProcessHandle h = adopted;
        return p != null ? p.pid() : h != null ? h.pid() : -1;
    }

    /**
     * SIGTERM, wait up to {@code timeout}, then SIGKILL (the process and its descendants). An
     * interrupted wait kills the process too, and keeps the interrupt flag.
     */
    synchronized StopResult stop(Duration timeout, Clock clock) {
        if (process == null && adopted != null) {
            return stopAdopted(adopted, timeout, clock);
        }
        Instant begin = clock.instant();
        Process p = process;
        if (p == null || !state.compareAndSet(InstanceState.RUNNING, InstanceState.STOPPING)) {
            return new StopResult(spec.instanceId(), StopMode.ALREADY_STOPPED, status().exitCode(), Duration.ZERO);
        }
        StopMode mode = StopMode.GRACEFUL;
        p.destroy();
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("instance {} did not exit within {} of SIGTERM; killing it", spec.instanceId(), timeout);
                mode = StopMode.KILLED;
                kill(p);
                p.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mode = StopMode.KILLED;
            kill(p);
            p.onExit().join();
        }
        state.set(InstanceState.STOPPED);
        Duration took = Duration.between(begin, clock.instant());
        log.info("instance {} stopped ({}, exit code {}) in {}", spec.instanceId(), mode, p.exitValue(), took);
        return new StopResult(spec.instanceId(), mode, OptionalInt.of(p.exitValue()), took);
    }

    private StopResult stopAdopted(ProcessHandle h, Duration timeout, Clock clock) {
        Instant begin = clock.instant();
        if (!state.compareAndSet(InstanceState.RUNNING, InstanceState.STOPPING)) {
            return new StopResult(spec.instanceId(), StopMode.ALREADY_STOPPED, OptionalInt.empty(), Duration.ZERO);
        }
        StopMode mode = StopMode.GRACEFUL;
        h.destroy();
        try {
            h.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            mode = StopMode.KILLED;
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
            h.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mode = StopMode.KILLED;
            h.destroyForcibly();
        }
        state.set(InstanceState.STOPPED);
        Duration took = Duration.between(begin, clock.instant());
        log.info("adopted instance {} stopped ({}) in {}", spec.instanceId(), mode, took);
        return new StopResult(spec.instanceId(), mode, OptionalInt.empty(), took);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
