package dev.nonstop.controller.release.spec;

import dev.nonstop.common.problem.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a release asks for. Every instance is valid: the canonical constructor rejects bad values with an
 * {@link InvalidReleaseSpecException} listing all problems at once. The builder also checks that the artifact is an
 * existing regular file; the constructor does not, so that a stored spec stays readable after its artifact is gone.
 *
 * @param app the app to release
 * @param version the version being released, {@code [A-Za-z0-9._-]{1,64}}
 * @param artifact the runnable artifact of that version
 * @param artifactSha256 the artifact's expected SHA-256 in hex, checked by the agent when present
 * @param batchSize how many old instances are upgraded in place at once, >= 1
 * @param surge how many new instances are started before any old one is drained, >= 0; as many old instances are
 *     retired at the end, so the app keeps its instance count
 * @param drain how long to wait for a drain, and what to do at the deadline
 * @param health how a started instance is judged ready
 * @param smokeChecks requests sent straight to a new instance before it gets traffic; may be empty
 * @param warmUp the weight ramp of a new instance
 * @param stopTimeout how long the agent waits after SIGTERM before it kills the old process
 * @param gray the strategy ({@code rolling} by default) and the options of the gray strategies
 */
public record ReleaseSpec(
        String app,
        String version,
        Path artifact,
        Optional<String> artifactSha256,
        int batchSize,
        int surge,
        DrainSpec drain,
        HealthSpec health,
        List<SmokeCheck> smokeChecks,
        WarmUpSpec warmUp,
        Duration stopTimeout,
        GraySpec gray) {

    /** The stop timeout when none is given: 30 seconds. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    /** @throws InvalidReleaseSpecException listing every problem of the given values */
    public ReleaseSpec {
        smokeChecks = smokeChecks == null || smokeChecks.stream().anyMatch(Objects::isNull)
                ? smokeChecks
                : List.copyOf(smokeChecks);
        List<Problem> problems = ReleaseSpecValidator.problems(
                app,
                version,
                artifact,
                artifactSha256,
                batchSize,
                surge,
                drain,
                health,
                smokeChecks,
                warmUp,
                stopTimeout,
                gray,
                false);
        if (!problems.isEmpty()) {
            throw new InvalidReleaseSpecException(problems);
        }
    }

    /** A rolling release (the spec before gray strategies existed). */
    public ReleaseSpec(
            String app,
            String version,
            Path artifact,
            Optional<String> artifactSha256,
            int batchSize,
            int surge,
            DrainSpec drain,
            HealthSpec health,
            List<SmokeCheck> smokeChecks,
            WarmUpSpec warmUp,
            Duration stopTimeout) {
        this(
                app,
                version,
                artifact,
                artifactSha256,
                batchSize,
                surge,
                drain,
                health,
                smokeChecks,
                warmUp,
                stopTimeout,
                GraySpec.ROLLING);
    }

    /** The strategy: rolling, canary or blue-green. */
    public ReleaseStrategy strategy() {
        return gray.strategy();
    }

    /** A builder with the defaults of every optional setting. */
    public static Builder builder(String app, String version, Path artifact) {
        return new Builder(app, version, artifact);
    }

    /** A builder holding this spec's values, to derive a changed spec. */
    public Builder toBuilder() {
        return new Builder(app, version, artifact)
                .artifactSha256(artifactSha256.orElse(null))
                .batchSize(batchSize)
                .surge(surge)
                .drain(drain)
                .health(health)
                .smokeChecks(smokeChecks)
                .warmUp(warmUp)
                .stopTimeout(stopTimeout)
                .gray(gray);
    }

    /**
     * Builds a {@link ReleaseSpec}. Setters accept anything; {@link #build()} reports all problems at once, so that
     * the CLI and the REST API can show the whole list to the user.
     */
    public static final class Builder {
        private final String app;
        private final String version;
        private final Path artifact;
        private String artifactSha256;
        private int batchSize = 1;
        private int surge = 0;
        private DrainSpec drain = DrainSpec.DEFAULT;
        private HealthSpec health = HealthSpec.DEFAULT;
        /** Null until set: the readiness path answering 2xx, whatever the readiness path ends up being. */
        private List<SmokeCheck> smokeChecks;

        private WarmUpSpec warmUp = WarmUpSpec.DEFAULT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private GraySpec gray = GraySpec.ROLLING;

        private Builder(String app, String version, Path artifact) {
            this.app = app;
            this.version = version;
            this.artifact = artifact;
        }

        /** The expected SHA-256 of the artifact in hex; {@code null} for none (the default). */
        public Builder artifactSha256(String sha256) {
            this.artifactSha256 = sha256;
            return this;
        }

        /** Default: 1. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Default: 0. */
        public Builder surge(int surge) {
            this.surge = surge;
            return this;
        }

        /** Default: {@link DrainSpec#DEFAULT}. */
        public Builder drain(DrainSpec drain) {
            this.drain = drain;
            return this;
        }

        /** Sets the drain deadline and policy. */
        public Builder drain(Duration deadline, DrainPolicy policy) {
            return drain(new DrainSpec(deadline, policy, drain == null ? DrainMode.AUTO : drain.mode()));
        }

        /**
         * Starts from the app's stored settings: its readiness path and timeout (the current timeout when the app sets
         * none), smoke checks and drain. Setters called after it override them for this release.
         */
        public Builder appSettings(AppSettings settings) {
            this.health = new HealthSpec(
                    settings.readinessPath(), settings.readinessTimeout().orElse(health.timeout()), health.interval());
            this.smokeChecks = settings.smokeChecks().orElse(null);
            this.drain = settings.drain();
            return this;
        }

        /** The readiness path, keeping the health timeout and interval. */
        public Builder readinessPath(String path) {
            this.health = new HealthSpec(path, health.timeout(), health.interval());
            return this;
        }

        /** The drain spec set so far (the app's, or the default), to override one of its fields. */
        public DrainSpec drain() {
            return drain;
        }

        /** The health spec set so far (the app's readiness path, or the default), to override one of its fields. */
        public HealthSpec health() {
            return health;
        }

        /** Default: {@link HealthSpec#DEFAULT}. */
        public Builder health(HealthSpec health) {
            this.health = health;
            return this;
        }

        /**
         * Default (or {@code null}): the readiness path answering 2xx ({@link SmokeCheck#readiness}). An empty list
         * skips direct verification.
         */
        public Builder smokeChecks(List<SmokeCheck> smokeChecks) {
            this.smokeChecks = smokeChecks;
            return this;
        }

        /** Default: {@link WarmUpSpec#DEFAULT}. */
        public Builder warmUp(WarmUpSpec warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        /** Default: {@link ReleaseSpec#DEFAULT_STOP_TIMEOUT}. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Default: {@link GraySpec#ROLLING}. */
        public Builder gray(GraySpec gray) {
            this.gray = gray;
            return this;
        }

        /** The gray options set so far, to override one of them. */
        public GraySpec gray() {
            return gray;
        }

        /**
         * Validates every setting, including that the artifact is an existing regular file.
         *
         * @throws InvalidReleaseSpecException listing every problem found
         */
        public ReleaseSpec build() {
            Optional<String> sha = Optional.ofNullable(artifactSha256);
            // The default follows the readiness path; a bad path is reported once, as health.readinessPath.
            List<SmokeCheck> checks = smokeChecks != null
                    ? smokeChecks
                    : health == null
                                    || health.readinessPath() == null
                                    || !health.readinessPath().startsWith("/")
                                    || health.readinessPath().chars().anyMatch(Character::isWhitespace)
                            ? List.of()
                            : List.of(SmokeCheck.readiness(health.readinessPath()));
            List<Problem> problems = ReleaseSpecValidator.problems(
                    app,
                    version,
                    artifact,
                    sha,
                    batchSize,
                    surge,
                    drain,
                    health,
                    checks,
                    warmUp,
                    stopTimeout,
                    gray,
                    true);
            if (!problems.isEmpty()) {
                throw new InvalidReleaseSpecException(problems);
            }
            return new ReleaseSpec(
                    app, version, artifact, sha, batchSize, surge, drain, health, checks, warmUp, stopTimeout, gray);
        }
    }
}
