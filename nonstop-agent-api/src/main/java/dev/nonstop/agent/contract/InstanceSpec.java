package dev.nonstop.agent.contract;

import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run: an installed version of an app, as instance {@code instanceId}, on {@code port},
 * with extra environment variables, JVM arguments and program arguments. Validated whole: every problem is named.
 * Each value of {@code env}, {@code jvmArgs} and {@code args} is a {@link LaunchTemplate}: the agent replaces
 * {@code ${PORT}} and {@code ${INSTANCE}} when it starts the process; an unknown variable is refused here.
 *
 * @param env added to the process environment; {@code PORT}, {@code SERVER_PORT} (= PORT, what Spring Boot binds)
 *     and {@code NONSTOP_INSTANCE_ID} are set by the agent and may not be given here
 * @param jvmArgs placed before {@code -jar}
 * @param args placed after the jar, as the app's own arguments
 */
public record InstanceSpec(
        String instanceId,
        String app,
        String version,
        int port,
        Map<String, String> env,
        List<String> jvmArgs,
        List<String> args) {

    /** The variables the agent sets itself; {@code env} may not name them. */
    public static final List<String> AGENT_VARIABLES = List.of("PORT", "SERVER_PORT", "NONSTOP_INSTANCE_ID");

    /** A spec without program arguments. */
    public InstanceSpec(
            String instanceId, String app, String version, int port, Map<String, String> env, List<String> jvmArgs) {
        this(instanceId, app, version, port, env, jvmArgs, List.of());
    }

    public InstanceSpec {
        env = env == null ? Map.of() : env;
        jvmArgs = jvmArgs == null ? List.of() : jvmArgs;
        args = args == null ? List.of() : args;
        List<Problem> problems = new ArrayList<>();
        Names.check("instanceId", instanceId).ifPresent(problems::add);
        Names.check("app", app).ifPresent(problems::add);
        Names.check("version", version).ifPresent(problems::add);
        if (port < 1 || port > 65535) {
            problems.add(Problem.of("port", port, "1-65535"));
        }
        env.forEach((name, value) -> {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                problems.add(Problem.of("env", name, "variable names without '=' or NUL"));
            } else if (AGENT_VARIABLES.contains(name)) {
                problems.add(Problem.of("env." + name, value, "not set here: the agent sets " + name));
            } else if (value == null || value.indexOf('\0') >= 0) {
                problems.add(Problem.of("env." + name, value, "a value without NUL"));
            } else {
                LaunchTemplate.check("env." + name, value).ifPresent(problems::add);
            }
        });
        for (int i = 0; i < jvmArgs.size(); i++) {
            String arg = jvmArgs.get(i);
            if (arg == null || arg.isEmpty() || arg.indexOf('\0') >= 0) {
                problems.add(Problem.of("jvmArgs[" + i + "]", arg, "a non-empty argument"));
            } else if (arg.equals("-jar") || arg.equals("-cp") || arg.equals("-classpath")) {
                problems.add(Problem.of("jvmArgs[" + i + "]", arg, "a JVM option; the agent adds -jar"));
            } else {
                LaunchTemplate.check("jvmArgs[" + i + "]", arg).ifPresent(problems::add);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg == null || arg.indexOf('\0') >= 0) {
                problems.add(Problem.of("args[" + i + "]", arg, "an argument without NUL"));
            } else {
                LaunchTemplate.check("args[" + i + "]", arg).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
    }
}
