package dev.nonstop.controller.service;

import dev.nonstop.controller.api.ReleaseConflictException;
import dev.nonstop.controller.api.ReleaseEvent;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.api.ReleaseOperations;
import dev.nonstop.controller.release.artifact.VersionConflictException;
import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.runner.AgentConnector;
import dev.nonstop.controller.runner.ReleaseAbandonedException;
import dev.nonstop.controller.runner.ReleaseRunner;
import dev.nonstop.controller.runner.ReleaseRunnerBuilder;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.NotFoundException;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockService;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs releases on this controller: {@link #start} records a release and drives it, {@link
 * #apply} records an operator's command (the runner acts on it within a second, at any step), and the recovery
 * scanner ({@link #scanOnce}, or {@link #startRecoveryScanner} on a schedule) resumes releases whose
 * owner is gone. Several controllers may run one each on one store (multi-active): the one holding
 * a release's lease ({@code nonstop/release/<id>}) runs it, with the lease's fencing token as its
 * fence at the store, the gateways and the agents.
 */
public final class ReleaseService implements ReleaseOperations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseService.class);

    private final ControllerStore store;
    private final LockService locks;
    private final String controllerId;
    private final ReleaseEvents events;
    private final AgentConnector agents;
    private final ArtifactPrecheck precheck;
    private final BiConsumer<Release, ReleaseRunnerBuilder> runnerSetup;
    private final Duration leaseTtl;
    private final Duration leaseWait;
    private final Clock clock;
    private final ExecutorService runners = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("release-runner-", 0).factory());
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    private final Map<String, ReleaseRunner> runningHere = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scanner;

    /**
     * @param agents the agents of the app's hosts: asked at creation which versions they have, and
     *     given to every runner
     * @param runnerSetup configures the runner of a release: its gateways, app token and the app's
     *     environment
     */
    public ReleaseService(
            ControllerStore store,
            LockService locks,
            String controllerId,
            ReleaseEvents events,
            AgentConnector agents,
            BiConsumer<Release, ReleaseRunnerBuilder> runnerSetup,
            Duration leaseTtl,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.controllerId = Objects.requireNonNull(controllerId, "controllerId");
        this.events = Objects.requireNonNull(events, "events");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.precheck = new ArtifactPrecheck(store, agents);
        this.runnerSetup = Objects.requireNonNull(runnerSetup, "runnerSetup");
        this.leaseTtl = Objects.requireNonNull(leaseTtl, "leaseTtl");
        this.leaseWait = leaseTtl.multipliedBy(3);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks the artifact, records the release with the artifact's checksum and starts running it
     * here. Nothing is recorded when a check fails.
     *
     * @throws NotFoundException when the app is unknown
     * @throws InvalidReleaseSpecException naming {@code artifact} when it is not a runnable jar the
     *     controller can read, or {@code artifactSha256} when the spec expects another checksum
     * @throws VersionConflictException when the version name is known with another checksum
     * @throws ReleaseConflictException when a release of the app has not settled yet
     */
    @Override
    public Release start(ReleaseSpec given) {
        store.app(given.app()).orElseThrow(() -> new NotFoundException("app", given.app()));
        ReleaseSpec spec = precheck.withChecksum(given); // reads the whole jar: before taking the app's lease
        Release release;
        // Check and create under a lease of the app, so two controllers cannot both start one.
        try (Lease ignored = locks.acquire("nonstop/app/" + spec.app() + "/start", leaseTtl, leaseWait)) {
            for (Release existing : store.releases(spec.app())) {
                if (!existing.state().isSettled()) {
                    throw new ReleaseConflictException(existing);
                }
            }
            precheck.checkVersionName(spec);
            release = store.createRelease(spec, currentVersion(spec.app()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a release of " + spec.app(), e);
        }
        drive(release.id(), null);
        return release;
    }

    /**
     * Records the command. The release's runner acts on it within its command poll interval wherever it runs, at
     * once when it runs here; a release the command gives work to with nobody running it (a rollback of an aborted
     * or failed release) is driven here at once when its lease is free.
     */
    @Override
    public Release apply(String releaseId, ReleaseCommand command) {
        Release applied = store.applyCommand(releaseId, command);
        ReleaseRunner runner = runningHere.get(releaseId);
        if (runner != null) {
            runner.commandRecorded();
        } else if (applied.state().needsOwner() && !driving.contains(releaseId)) {
            locks.tryAcquire(ReleaseFence.lockName(releaseId), leaseTtl).ifPresent(lease -> drive(releaseId, lease));
        }
        return applied;
    }

    /**
     * Looks once for releases that need an owner and are not run here, and takes each whose lease
     * is free (its owner released it or died and its lease lapsed); resumes it at its recorded step.
     *
     * @return how many releases were taken over
     */
    public int scanOnce() {
        int taken = 0;
        for (Release release : store.releasesNeedingOwner()) {
            if (driving.contains(release.id())) {
                continue;
            }
            var lease = locks.tryAcquire(ReleaseFence.lockName(release.id()), leaseTtl);
            if (lease.isPresent()) {
                LOG.info("release {} has no live owner: taking it over", release.id());
                drive(release.id(), lease.get());
                taken++;
            }
        }
        return taken;
    }

    /** Runs {@link #scanOnce} every {@code interval} until {@link #close}. */
    public synchronized void startRecoveryScanner(Duration interval) {
        if (scanner != null) {
            return;
        }
        scanner = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("release-recovery").factory());
        scanner.scheduleWithFixedDelay(
                () -> {
                    try {
                        scanOnce();
                    } catch (RuntimeException e) {
                        LOG.warn("recovery scan failed: {}", e.toString());
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether a runner of this release is running here. */
    public boolean isDriving(String releaseId) {
        return driving.contains(releaseId);
    }

    private void drive(String releaseId, Lease held) {
        if (!driving.add(releaseId)) {
            if (held != null) {
                held.close();
            }
            return;
        }
        runners.execute(() -> {
            try (Lease lease =
                    held != null ? held : locks.acquire(ReleaseFence.lockName(releaseId), leaseTtl, leaseWait)) {
                Release release =
                        store.release(releaseId).orElseThrow(() -> new NotFoundException("release", releaseId));
                ReleaseFence fence = store.claimRelease(releaseId, controllerId, lease.fencingToken());
                List<InstanceRef> current = planInstances(release);
                RollingPlan plan = release.spec().strategy().isGray()
                        ? RollingPlan.gray(
                                current,
                                release.spec()
                                        .gray()
                                        .greenCount(
                                                current.size(), release.spec().surge()))
                        : RollingPlan.of(
                                current,
                                release.spec().batchSize(),
                                release.spec().surge());
                ReleaseRunnerBuilder runner = ReleaseRunner.builder(store, fence, plan)
                        .agents(agents)
                        .listener(events)
                        .stateListener(
                                (id, from, to, error) -> events.stateChanged(id, from, to, clock.instant(), error))
                        .inFlightListener((id, instance, count) ->
                                events.publish(new ReleaseEvent.InFlight(id, instance, count, clock.instant())))
                        .trafficListener((id, kind, step, percent, detail, gate) -> events.publish(
                                new ReleaseEvent.Traffic(id, kind, step, percent, detail, gate, clock.instant())));
                runnerSetup.accept(release, runner);
                StopOnLeaseLoss stopOnLoss = new StopOnLeaseLoss(releaseId);
                lease.addListener(stopOnLoss);
                ReleaseState end;
                ReleaseRunner built = runner.build();
                runningHere.put(releaseId, built);
                try {
                    end = built.run();
                } finally {
                    runningHere.remove(releaseId);
                    stopOnLoss.finished();
                }
                LOG.info("release {} of {} ended {}", releaseId, release.app(), end);
            } catch (ReleaseAbandonedException e) {
                LOG.warn("release {} abandoned here (another controller owns it now): {}", releaseId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("release {} could not be run here", releaseId, e);
            } finally {
                driving.remove(releaseId);
            }
        });
    }

    /**
     * The instances a release rolls over, in a stable order so that a controller resuming it
     * rebuilds the same plan: the app's instances that are not retired (or that this release
     * retired itself: the plan it started with had them), without the surge instances this
     * release created itself.
     */
    private List<InstanceRef> planInstances(Release release) {
        // a gray release's green instances are named as surge instances, as many as the app had (or asked for)
        int own = Math.max(
                        Math.max(0, release.spec().surge()),
                        store.instances(release.app()).size())
                + release.spec().gray().greenInstances().orElse(0);
        Set<String> ownSurge = java.util.stream.IntStream.rangeClosed(1, own + 1)
                .mapToObj(n -> ReleaseRunner.surgeInstanceId(release.app(), release.id(), n))
                .collect(Collectors.toSet());
        return store.instances(release.app()).stream()
                .filter(i -> !ownSurge.contains(i.id()))
                .filter(i -> i.state() != RecordedInstanceState.RETIRED
                        || store.lastStep(release.id(), i.id()).isPresent())
                .sorted(Comparator.comparing(Instance::id))
                .map(i -> new InstanceRef(i.id(), i.host(), i.port()))
                .toList();
    }

    /** The version most of the app's running instances have, the one a release starts from. */
    private String currentVersion(String app) {
        Map<String, Long> byVersion = store.instances(app).stream()
                .filter(i -> i.state() != RecordedInstanceState.RETIRED)
                .collect(Collectors.groupingBy(Instance::version, Collectors.counting()));
        return byVersion.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse("none");
    }

    /** Stops scanning; runners in progress keep their leases until they end (or this JVM does). */
    @Override
    public void close() {
        ScheduledExecutorService s = scanner;
        if (s != null) {
            s.shutdownNow();
        }
        runners.shutdown();
    }
}
