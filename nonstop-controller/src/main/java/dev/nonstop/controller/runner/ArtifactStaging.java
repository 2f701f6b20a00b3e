package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.controller.release.artifact.ArtifactFile;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.InstanceTransitionListener;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first phase of a release: the new version installed on every host that will run it, before any instance is
 * touched. Each host's agent verifies the jar and the checksum recorded with the release; only when every host has
 * the version does the walk start. A host that cannot take it (its agent is unreachable or cannot write, the file
 * changed since the release was created, the version name is installed there with another jar) fails the release
 * before the first drain, with nothing to roll back.
 *
 * <p>Each host's staging is a step like the others, in the same log: {@code STAGED} recorded {@code STARTED}, then
 * {@code DONE} or {@code FAILED}, under the row id {@code stage@<host>}, and published as a transition {@code NEW ->
 * STAGED} (or {@code NEW -> FAILED}) of that row. A controller that takes the release over passes the hosts whose row
 * is {@code DONE}, stages again where it is {@code STARTED} (installing is idempotent: a version already there with
 * the same checksum is left as it is) and fails the release where it is {@code FAILED}.
 */
final class ArtifactStaging {
    private static final Logger log = LoggerFactory.getLogger(ArtifactStaging.class);

    /** How many hosts install at once: each install copies the whole jar to its host. */
    static final int PARALLEL_HOSTS = 4;

    private static final String ROW_PREFIX = "stage@";

    private final ControllerStore store;
    private final ReleaseFence fence;
    private final ReleaseSpec spec;
    private final Function<String, AgentApi> agents;
    private final Clock clock;
    private final List<InstanceTransitionListener> listeners;

    ArtifactStaging(
            ControllerStore store,
            ReleaseFence fence,
            ReleaseSpec spec,
            Function<String, AgentApi> agents,
            Clock clock,
            List<InstanceTransitionListener> listeners) {
        this.store = store;
        this.fence = fence;
        this.spec = spec;
        this.agents = agents;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** The id of {@code host}'s staging row in the step log. */
    static String rowId(String host) {
        return ROW_PREFIX + host;
    }

    /**
     * Stages the version on every host of {@code hosts}, {@link #PARALLEL_HOSTS} at a time, and waits for all.
     *
     * @return empty when every host has the version; otherwise why not, naming the hosts that failed
     * @throws ControllerStoreException when the store refused the release's fence or failed: another controller owns
     *     the release
     * @throws StaleFencingTokenException when an agent refused the release's fence
     * @throws CancellationException when this thread was interrupted: the started rows are left to the next owner
     */
    Optional<String> stage(SortedSet<String> hosts) {
        List<String> failures = new ArrayList<>();
        List<String> todo = new ArrayList<>();
        for (String host : hosts) {
            Optional<StepRecord> last = store.lastStep(fence.releaseId(), rowId(host));
            if (last.isEmpty() || last.get().step() != InstanceStep.STAGED) {
                todo.add(host);
                continue;
            }
            switch (last.get().status()) {
                case DONE -> {
                    // staged by an earlier run of this release
                }
                case FAILED -> failures.add(last.get().detail()); // recorded, maybe not acted on
                case STARTED -> todo.add(host);
            }
        }
        if (!failures.isEmpty() || todo.isEmpty()) {
            return reason(failures);
        }
        String sha256;
        try {
            // recorded at creation; a release recorded without one gets the checksum of the file as it is now
            sha256 = spec.artifactSha256()
                    .orElseGet(() -> ArtifactFile.inspect(spec.artifact()).sha256());
        } catch (InvalidReleaseSpecException e) {
            return Optional.of("artifact not staged anywhere: " + e.problems().get(0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(PARALLEL_HOSTS, todo.size()),
                Thread.ofPlatform()
                        .name(
                                "stage-"
                                        + fence.releaseId()
                                                .substring(
                                                        0,
                                                        Math.min(
                                                                8,
                                                                fence.releaseId()
                                                                        .length())) + "-",
                                0)
                        .daemon(true)
                        .factory());
        try {
            List<Future<Optional<String>>> staged = new ArrayList<>();
            for (String host : todo) {
                staged.add(pool.submit(() -> stageOn(host, sha256)));
            }
            for (Future<Optional<String>> f : staged) {
                f.get().ifPresent(failures::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (CancellationException) new CancellationException("interrupted while staging").initCause(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("staging died: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return reason(failures);
    }

    private static Optional<String> reason(List<String> failures) {
        return failures.isEmpty()
                ? Optional.empty()
                : Optional.of("artifact not staged, no instance touched: " + String.join("; ", failures));
    }

    /** One host, recorded: empty when it has the version now, else why not (naming the host). */
    private Optional<String> stageOn(String host, String sha256) {
        String row = rowId(host);
        store.recordStepStarted(fence, row, InstanceStep.STAGED, "");
        String detail;
        try {
            detail = install(agents.apply(host), spec, sha256);
        } catch (ControllerStoreException | GatewayFencedOutException | StaleFencingTokenException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
                throw e instanceof CancellationException c
                        ? c
                        : (CancellationException)
                                new CancellationException("interrupted while staging on " + host).initCause(e);
            }
            String why = host + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            log.warn("release {}: staging {} {} failed on {}", fence.releaseId(), spec.app(), spec.version(), why);
            store.recordStepFailed(fence, row, InstanceStep.STAGED, why);
            publish(row, InstanceStep.FAILED, why);
            return Optional.of(why);
        }
        store.recordStepDone(fence, row, InstanceStep.STAGED, detail);
        log.info("release {}: {} {}", fence.releaseId(), row, detail);
        publish(row, InstanceStep.STAGED, detail);
        return Optional.empty();
    }

    private void publish(String row, InstanceStep to, String detail) {
        InstanceTransition t =
                new InstanceTransition(fence.releaseId(), row, InstanceStep.NEW, to, clock.instant(), detail);
        listeners.forEach(l -> l.onTransition(t));
    }

    /**
     * Installs the release's version through {@code agent}, the agent verifying the jar and {@code sha256}; a version
     * already there with that checksum is not sent again. Idempotent: staging and each instance's {@code DEPLOYED}
     * step call it.
     *
     * @param sha256 the checksum recorded with the release; null for a release recorded without one (the agent then
     *     compares with what it has)
     * @return the step's detail
     * @throws StepFailedException when the version is installed there with another checksum
     */
    static String install(AgentApi agent, ReleaseSpec spec, String sha256) {
        Optional<InstalledArtifact> there = agent.apps().getOrDefault(spec.app(), List.of()).stream()
                .filter(a -> a.version().equals(spec.version()))
                .findFirst();
        if (there.isPresent() && sha256 != null) {
            if (ArtifactFile.sameSha(there.get().sha256(), sha256)) {
                return "already staged " + spec.version() + " sha256 "
                        + there.get().sha256();
            }
            throw new StepFailedException(spec.app() + " " + spec.version() + " is installed with sha256 "
                    + ArtifactFile.shortSha(there.get().sha256()) + ", the release's artifact has "
                    + ArtifactFile.shortSha(sha256) + " (expected: a new version name for a different jar)");
        }
        InstallResult result = agent.install(spec.app(), spec.version(), spec.artifact(), sha256);
        return (result.installed() ? "installed " : "already installed ") + spec.version() + " sha256 "
                + result.artifact().sha256();
    }
}
