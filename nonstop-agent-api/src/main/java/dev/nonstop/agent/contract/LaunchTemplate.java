package dev.nonstop.agent.contract;

import dev.nonstop.common.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of an instance's launch settings ({@code jvmArgs}, {@code args}, {@code env} values): {@code ${PORT}}
 * is the instance's port, {@code ${INSTANCE}} its instance id; {@code $$} is a literal {@code $}. Anything else in
 * {@code ${...}} is refused where the template is given (a config file, the controller's API, the agent's), so that
 * a typo never reaches a started process. The agent expands the templates per instance, when it starts one.
 */
public final class LaunchTemplate {
    /** The variables a template may name. */
    public static final List<String> VARIABLES = List.of("PORT", "INSTANCE");

    private LaunchTemplate() {}

    /**
     * What is wrong with {@code template}, named after {@code field}: {@code apps[0].args[1]: unknown variable ${FOO};
     * known: PORT, INSTANCE}.
     */
    public static Optional<Problem> check(String field, String template) {
        if (template == null) {
            return Optional.empty();
        }
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                i++;
            } else if (next == '{') {
                int end = template.indexOf('}', i + 2);
                if (end < 0) {
                    return Optional.of(problem(field, "unclosed variable " + template.substring(i)));
                }
                String name = template.substring(i + 2, end);
                if (!VARIABLES.contains(name)) {
                    return Optional.of(problem(field, "unknown variable ${" + name + "}"));
                }
                i = end;
            }
        }
        return Optional.empty();
    }

    /** Every problem of a list of templates, each named {@code field[i]}. */
    public static List<Problem> checkAll(String field, List<String> templates) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            check(field + "[" + i + "]", templates.get(i)).ifPresent(problems::add);
        }
        return problems;
    }

    /** Every problem of an environment's values, each named {@code field.NAME}. */
    public static List<Problem> checkAll(String field, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        env.forEach((name, value) -> check(field + "." + name, value).ifPresent(problems::add));
        return problems;
    }

    /** {@code template} with its variables replaced; assumes {@link #check} found nothing. */
    public static String expand(String template, int port, String instanceId) {
        StringBuilder out = new StringBuilder(template.length() + 8);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && template.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                int end = template.indexOf('}', i + 2);
                String name = template.substring(i + 2, end);
                out.append(name.equals("PORT") ? Integer.toString(port) : instanceId);
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Each of {@code templates} expanded. */
    public static List<String> expandAll(List<String> templates, int port, String instanceId) {
        return templates.stream().map(t -> expand(t, port, instanceId)).toList();
    }

    /** Each value of {@code env} expanded, in the map's order. */
    public static Map<String, String> expandAll(Map<String, String> env, int port, String instanceId) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((name, value) -> out.put(name, expand(value, port, instanceId)));
        return out;
    }

    private static Problem problem(String field, String what) {
        return new Problem(field, what + "; known: " + String.join(", ", VARIABLES));
    }
}
