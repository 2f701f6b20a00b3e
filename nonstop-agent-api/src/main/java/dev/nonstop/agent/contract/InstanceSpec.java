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
 * with extra environment variables and JVM arguments. Validated whole: every problem is named.
 *
 * @param env added to the process environment; {@code PORT} and {@code NONSTOP_INSTANCE_ID} are set
 *     by the agent and may not be given here
 * @param jvmArgs placed before {@code -jar}
 */
public record InstanceSpec(
        String instanceId, String app, String version, int port, Map<String, String> env, List<String> jvmArgs) {

    public InstanceSpec {
        env = env == null ? Map.of() : env;
        jvmArgs = jvmArgs == null ? List.of() : jvmArgs;
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
            } else if (name.equals("PORT") || name.equals("NONSTOP_INSTANCE_ID")) {
                problems.add(Problem.of("env." + name, value, "not set here: the agent sets " + name));
            } else if (value == null || value.indexOf('\0') >= 0) {
                problems.add(Problem.of("env." + name, value, "a value without NUL"));
            }
        });
        for (int i = 0; i < jvmArgs.size(); i++) {
            String arg = jvmArgs.get(i);
            if (arg == null || arg.isEmpty() || arg.indexOf('\0') >= 0) {
                problems.add(Problem.of("jvmArgs[" + i + "]", arg, "a non-empty argument"));
            } else if (arg.equals("-jar") || arg.equals("-cp") || arg.equals("-classpath")) {
                problems.add(Problem.of("jvmArgs[" + i + "]", arg, "a JVM option; the agent adds -jar"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        jvmArgs = List.copyOf(jvmArgs);
    }
}
