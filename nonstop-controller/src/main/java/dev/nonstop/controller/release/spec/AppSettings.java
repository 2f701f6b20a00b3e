package dev.nonstop.controller.release.spec;

import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.LaunchTemplate;
import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an app keeps between releases, stored with the app: how its instances are launched and how every release and
 * every rollback of it judges them. A release spec starts from these and may override the readiness path and timeout,
 * the smoke checks and the drain per release; its rollback uses the release's effective values.
 *
 * @param readinessPath the path that answers 2xx once an instance is ready, e.g. {@code /actuator/health/readiness}
 * @param readinessTimeout how long a new instance may take to become ready, from {@link #MIN_READINESS_TIMEOUT} to
 *     {@link #MAX_READINESS_TIMEOUT}; empty: the controller's default ({@link HealthSpec#DEFAULT})
 * @param smokeChecks the requests a new instance must pass before it gets traffic; empty: the default, the readiness
 *     path answering 2xx ({@link SmokeCheck#readiness}); a present empty list: none
 * @param drain the drain deadline, policy and mode
 * @param jvmArgs placed before {@code -jar}; {@link LaunchTemplate}s
 * @param args placed after the jar; {@link LaunchTemplate}s
 * @param env the environment of every instance; values are {@link LaunchTemplate}s
 */
public record AppSettings(
        String readinessPath,
        Optional<Duration> readinessTimeout,
        Optional<List<SmokeCheck>> smokeChecks,
        DrainSpec drain,
        List<String> jvmArgs,
        List<String> args,
        Map<String, String> env) {

    /** The readiness path of an app that names none. */
    public static final String DEFAULT_READINESS_PATH = HealthSpec.DEFAULT.readinessPath();

    /**
     * The shortest readiness timeout an app may set: the readiness path is polled every second
     * ({@link HealthSpec#DEFAULT}), so a shorter wait would not see one answer.
     */
    public static final Duration MIN_READINESS_TIMEOUT = Duration.ofSeconds(1);

    /** The longest readiness timeout an app may set; a start that takes longer is a stuck start. */
    public static final Duration MAX_READINESS_TIMEOUT = Duration.ofHours(1);

    /** What a readiness timeout must be, as an error message says it. */
    public static final String READINESS_TIMEOUT_EXPECTED = "a duration from 1s to 1h (e.g. 120s, 5m)";

    /** An app that sets nothing. */
    public static final AppSettings DEFAULT = new AppSettings(
            DEFAULT_READINESS_PATH,
            Optional.empty(),
            Optional.empty(),
            DrainSpec.DEFAULT,
            List.of(),
            List.of(),
            Map.of());

    /** @throws InvalidReleaseSpecException listing every problem, each named by its field */
    public AppSettings {
        readinessTimeout = readinessTimeout == null ? Optional.empty() : readinessTimeout;
        smokeChecks = smokeChecks == null ? Optional.empty() : smokeChecks.map(List::copyOf);
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        List<Problem> problems = problems(readinessPath, readinessTimeout, smokeChecks, drain, jvmArgs, args, env);
        if (!problems.isEmpty()) {
            throw new InvalidReleaseSpecException(problems);
        }
    }

    /** The smoke checks a release of this app runs when it names none. */
    public List<SmokeCheck> effectiveSmokeChecks() {
        return smokeChecks.orElseGet(() -> List.of(SmokeCheck.readiness(readinessPath)));
    }

    /** A copy with {@code value} as the readiness path. */
    public AppSettings withReadinessPath(String value) {
        return new AppSettings(value, readinessTimeout, smokeChecks, drain, jvmArgs, args, env);
    }

    /** A copy with {@code value} as the readiness timeout; empty: the controller's default. */
    public AppSettings withReadinessTimeout(Optional<Duration> value) {
        return new AppSettings(readinessPath, value, smokeChecks, drain, jvmArgs, args, env);
    }

    /** Whether {@code timeout} is a readiness timeout an app may set. */
    public static boolean isReadinessTimeout(Duration timeout) {
        return timeout != null
                && timeout.compareTo(MIN_READINESS_TIMEOUT) >= 0
                && timeout.compareTo(MAX_READINESS_TIMEOUT) <= 0;
    }

    private static List<Problem> problems(
            String readinessPath,
            Optional<Duration> readinessTimeout,
            Optional<List<SmokeCheck>> smokeChecks,
            DrainSpec drain,
            List<String> jvmArgs,
            List<String> args,
            Map<String, String> env) {
        List<Problem> problems = new ArrayList<>(ReleaseSpecValidator.settingsProblems(
                readinessPath, smokeChecks.orElse(List.of()), Objects.requireNonNullElse(drain, DrainSpec.DEFAULT)));
        readinessTimeout
                .filter(timeout -> !isReadinessTimeout(timeout))
                .ifPresent(timeout ->
                        problems.add(Problem.of("readinessTimeout", timeout.toString(), READINESS_TIMEOUT_EXPECTED)));
        if (drain == null) {
            problems.add(Problem.of("drain", "null", "a drain spec"));
        }
        for (int i = 0; i < jvmArgs.size(); i++) {
            String arg = jvmArgs.get(i);
            if (arg == null || arg.isEmpty()) {
                problems.add(Problem.of("jvmArgs[" + i + "]", arg == null ? "null" : "\"\"", "a JVM option"));
            } else if (arg.equals("-jar") || arg.equals("-cp") || arg.equals("-classpath")) {
                problems.add(Problem.of("jvmArgs[" + i + "]", arg, "a JVM option; the agent adds -jar"));
            }
        }
        problems.addAll(LaunchTemplate.checkAll("jvmArgs", jvmArgs));
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null) {
                problems.add(Problem.of("args[" + i + "]", "null", "an argument"));
            }
        }
        problems.addAll(LaunchTemplate.checkAll("args", args));
        env.forEach((name, value) -> {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0) {
                problems.add(Problem.of("env", name, "variable names without '='"));
            } else if (InstanceSpec.AGENT_VARIABLES.contains(name) || name.equals("NONSTOP_APP_TOKEN")) {
                problems.add(Problem.of("env." + name, value, "not set here: the agent sets " + name));
            } else if (value == null) {
                problems.add(Problem.of("env." + name, "null", "a value"));
            }
        });
        problems.addAll(LaunchTemplate.checkAll("env", env));
        return problems;
    }
}
