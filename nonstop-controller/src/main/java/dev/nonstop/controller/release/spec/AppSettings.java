package dev.nonstop.controller.release.spec;

import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.LaunchTemplate;
import dev.nonstop.common.problem.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an app keeps between releases, stored with the app: how its instances are launched and how every release and
 * every rollback of it judges them. A release spec starts from these and may override the readiness path, the smoke
 * checks and the drain per release; its rollback uses the release's effective values.
 *
 * @param readinessPath the path that answers 2xx once an instance is ready, e.g. {@code /actuator/health/readiness}
 * @param smokeChecks the requests a new instance must pass before it gets traffic; empty: the default, the readiness
 *     path answering 2xx ({@link SmokeCheck#readiness}); a present empty list: none
 * @param drain the drain deadline, policy and mode
 * @param jvmArgs placed before {@code -jar}; {@link LaunchTemplate}s
 * @param args placed after the jar; {@link LaunchTemplate}s
 * @param env the environment of every instance; values are {@link LaunchTemplate}s
 */
public record AppSettings(
        String readinessPath,
        Optional<List<SmokeCheck>> smokeChecks,
        DrainSpec drain,
        List<String> jvmArgs,
        List<String> args,
        Map<String, String> env) {

    /** The readiness path of an app that names none. */
    public static final String DEFAULT_READINESS_PATH = HealthSpec.DEFAULT.readinessPath();

    /** An app that sets nothing. */
    public static final AppSettings DEFAULT = new AppSettings(
            DEFAULT_READINESS_PATH, Optional.empty(), DrainSpec.DEFAULT, List.of(), List.of(), Map.of());

    /** @throws InvalidReleaseSpecException listing every problem, each named by its field */
    public AppSettings {
        smokeChecks = smokeChecks == null ? Optional.empty() : smokeChecks.map(List::copyOf);
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        List<Problem> problems = problems(readinessPath, smokeChecks, drain, jvmArgs, args, env);
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
        return new AppSettings(value, smokeChecks, drain, jvmArgs, args, env);
    }

    private static List<Problem> problems(
            String readinessPath,
            Optional<List<SmokeCheck>> smokeChecks,
            DrainSpec drain,
            List<String> jvmArgs,
            List<String> args,
            Map<String, String> env) {
        List<Problem> problems = new ArrayList<>(ReleaseSpecValidator.settingsProblems(
                readinessPath, smokeChecks.orElse(List.of()), Objects.requireNonNullElse(drain, DrainSpec.DEFAULT)));
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
