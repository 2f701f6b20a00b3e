package dev.nonstop.agent.process;

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
        return new InstanceStatus(
                spec.instanceId(),
                spec.app(),
                spec.version(),
                spec.port(),
                p == null ? OptionalLong.empty() : OptionalLong.of(p.pid()),
                now,
                exitCode,
                startedAt);
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /**
     * SIGTERM, wait up to {@code timeout}, then SIGKILL (the process and its descendants). An
     * interrupted wait kills the process too, and keeps the interrupt flag.
     */
    synchronized StopResult stop(Duration timeout, Clock clock) {
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

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
