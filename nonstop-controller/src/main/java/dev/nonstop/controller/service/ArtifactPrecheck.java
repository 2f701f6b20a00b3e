package dev.nonstop.controller.service;

import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.artifact.ArtifactFile;
import dev.nonstop.controller.release.artifact.VersionConflictException;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.runner.AgentConnector;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a release must pass before it is created, so that a bad artifact never gets as far as a drain: the artifact
 * is a runnable jar the controller can read ({@link ArtifactFile#inspect}), its checksum is the one the spec names
 * (if it names one) and is recorded with the release, and its version name is not known with another checksum.
 */
final class ArtifactPrecheck {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactPrecheck.class);

    /**
     * The fence of the look-ups below. They only read ({@code apps()}), and reads carry no fence: an agent neither
     * checks nor records it.
     */
    private static final Fence READ_ONLY = new Fence("artifact-precheck", 0);

    private final ControllerStore store;
    private final AgentConnector agents;

    ArtifactPrecheck(ControllerStore store, AgentConnector agents) {
        this.store = store;
        this.agents = agents;
    }

    /**
     * {@code spec} with its artifact's checksum: reads the whole artifact.
     *
     * @throws InvalidReleaseSpecException naming {@code artifact} when it is not a runnable jar the controller can
     *     read, or {@code artifactSha256} when the spec expects another checksum
     */
    ReleaseSpec withChecksum(ReleaseSpec spec) {
        ArtifactFile file = ArtifactFile.inspect(spec.artifact());
        Optional<String> expected = spec.artifactSha256();
        if (expected.isPresent() && !ArtifactFile.sameSha(expected.get(), file.sha256())) {
            throw new InvalidReleaseSpecException(List.of(Problem.of(
                    "artifactSha256", expected.get(), "the sha256 of " + spec.artifact() + ", " + file.sha256())));
        }
        return spec.toBuilder().artifactSha256(file.sha256()).build();
    }

    /**
     * Refuses a version name already known with another checksum than {@code spec}'s: by an earlier release of the
     * app, or by the agent of a host the app runs on (the app's current version is installed there). An agent that
     * cannot be asked is passed over: the release's staging, before any instance is touched, asks it again.
     *
     * @param spec a spec from {@link #withChecksum}
     * @throws VersionConflictException naming the version and both checksums
     */
    void checkVersionName(ReleaseSpec spec) {
        String offered = spec.artifactSha256().orElseThrow();
        for (Release earlier : store.releases(spec.app())) {
            Optional<String> known = earlier.spec().artifactSha256();
            if (earlier.toVersion().equals(spec.version())
                    && known.isPresent()
                    && !ArtifactFile.sameSha(known.get(), offered)) {
                throw new VersionConflictException(
                        spec.app(),
                        spec.version(),
                        known.get(),
                        offered,
                        "release " + earlier.id() + ", " + earlier.state());
            }
        }
        for (String host : hosts(spec.app())) {
            Optional<InstalledArtifact> installed;
            try {
                installed = agents.agent(host, READ_ONLY).apps().getOrDefault(spec.app(), List.of()).stream()
                        .filter(a -> a.version().equals(spec.version()))
                        .findFirst();
            } catch (RuntimeException e) {
                LOG.warn(
                        "release of {} {}: cannot ask the agent of {} for its versions ({}); staging will",
                        spec.app(),
                        spec.version(),
                        host,
                        e.toString());
                continue;
            }
            if (installed.isPresent() && !ArtifactFile.sameSha(installed.get().sha256(), offered)) {
                throw new VersionConflictException(
                        spec.app(), spec.version(), installed.get().sha256(), offered, "installed on " + host);
            }
        }
    }

    /** The hosts of the app's instances that are not retired: where a release of it installs. */
    private SortedSet<String> hosts(String app) {
        return store.instances(app).stream()
                .filter(i -> i.state() != RecordedInstanceState.RETIRED)
                .map(Instance::host)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
