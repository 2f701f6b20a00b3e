package dev.nonstop.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.SmokeCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link AppSettings} from the API's JSON ({@code POST /api/apps} {@code settings}, {@code POST
 * /api/apps/{app}/settings}): {@code {readinessPath, readinessTimeout, smokeChecks, drain: {deadline, policy, mode},
 * jvmArgs, args, env}}, every field optional. A smoke check is an object {@code {method, path, expectedStatuses, bodyContains}} or
 * the text {@code "GET /health 200 UP"}. Every problem is reported at once, named with {@code prefix}: {@code
 * settings.args[1]: unknown variable ${FOO}; known: PORT, INSTANCE}.
 */
final class AppSettingsMapper {
    static final List<String> FIELDS =
            List.of("readinessPath", "readinessTimeout", "smokeChecks", "drain", "jvmArgs", "args", "env");

    private final String prefix;
    private final List<Problem> problems = new ArrayList<>();

    private AppSettingsMapper(String prefix) {
        this.prefix = prefix;
    }

    /** @throws ApiException 400 naming every problem */
    static AppSettings read(JsonNode node, String prefix) {
        AppSettingsMapper m = new AppSettingsMapper(prefix);
        AppSettings settings = m.settings(node);
        if (!m.problems.isEmpty()) {
            throw ApiException.badRequest(m.problems);
        }
        return settings;
    }

    private AppSettings settings(JsonNode node) {
        if (node == null || !node.isObject()) {
            problem("", kind(node), "an object {" + String.join(", ", FIELDS) + "}");
            return null;
        }
        unknownFields("", node, FIELDS);
        AppSettings d = AppSettings.DEFAULT;
        String readiness = text(node, "readinessPath");
        Optional<Duration> readinessTimeout = Optional.empty();
        String timeoutText = text(node, "readinessTimeout");
        if (timeoutText != null) {
            Optional<Duration> parsed = ConfigValues.parseDuration(timeoutText);
            if (parsed.isEmpty() || !AppSettings.isReadinessTimeout(parsed.get())) {
                problem("readinessTimeout", quoted(timeoutText), AppSettings.READINESS_TIMEOUT_EXPECTED);
            } else {
                readinessTimeout = parsed;
            }
        }
        Optional<List<SmokeCheck>> checks = node.hasNonNull("smokeChecks")
                ? Optional.of(smokeChecks(node.get("smokeChecks"), "smokeChecks", problems, prefix))
                : Optional.empty();
        DrainSpec drain = drain(node.get("drain"), d.drain(), "drain");
        List<String> jvmArgs = texts(node, "jvmArgs");
        List<String> args = texts(node, "args");
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                problem("env", kind(envNode), "an object of names to text values");
            } else {
                envNode.properties().forEach(e -> {
                    if (!e.getValue().isTextual()) {
                        problem("env." + e.getKey(), kind(e.getValue()), "a text value");
                    } else {
                        env.put(e.getKey(), e.getValue().textValue());
                    }
                });
            }
        }
        // The settings' own rules run even after a problem above, so that every problem is named at once; a field
        // already reported here is not reported again.
        List<String> reported = problems.stream().map(Problem::path).toList();
        try {
            return new AppSettings(
                    readiness == null ? d.readinessPath() : readiness,
                    readinessTimeout,
                    checks,
                    drain,
                    jvmArgs,
                    args,
                    env);
        } catch (InvalidReleaseSpecException e) {
            for (Problem p : e.problems()) {
                String at = prefix + p.path();
                if (reported.stream()
                        .noneMatch(r -> r.equals(at) || at.startsWith(r + ".") || at.startsWith(r + "["))) {
                    problems.add(new Problem(at, p.message()));
                }
            }
            return null;
        }
    }

    /** The drain of {@code node} over {@code base}: each absent field keeps the base's value. */
    DrainSpec drain(JsonNode node, DrainSpec base, String field) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            problem(field, kind(node), "an object {deadline, policy, mode}");
            return base;
        }
        unknownFields(field + ".", node, List.of("deadline", "policy", "mode"));
        Duration deadline = base.deadline();
        String deadlineText = text(node, "deadline", field + ".deadline");
        if (deadlineText != null) {
            Optional<Duration> parsed = ConfigValues.parseDuration(deadlineText);
            if (parsed.isEmpty() || !parsed.get().isPositive()) {
                problem(field + ".deadline", quoted(deadlineText), ConfigValues.DURATION_FORMAT + ", > 0");
            } else {
                deadline = parsed.get();
            }
        }
        DrainPolicy policy = base.policy();
        String policyText = text(node, "policy", field + ".policy");
        if (policyText != null) {
            try {
                policy = DrainPolicy.valueOf(policyText.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(field + ".policy", quoted(policyText), "FAIL or FORCE");
            }
        }
        DrainMode mode = base.mode();
        String modeText = text(node, "mode", field + ".mode");
        if (modeText != null) {
            Optional<DrainMode> parsed = DrainMode.parse(modeText);
            if (parsed.isEmpty()) {
                problem(field + ".mode", quoted(modeText), DrainMode.EXPECTED);
            } else {
                mode = parsed.get();
            }
        }
        return new DrainSpec(deadline, policy, mode);
    }

    /**
     * Smoke checks from a JSON array of objects or texts; problems go to {@code problems}, named {@code
     * prefix + field[i]...}.
     */
    static List<SmokeCheck> smokeChecks(JsonNode node, String field, List<Problem> problems, String prefix) {
        List<SmokeCheck> checks = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(Problem.of(prefix + field, kind(node), "a list of smoke checks, possibly empty"));
            return checks;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = prefix + field + "[" + i + "]";
            JsonNode check = node.get(i);
            if (check.isTextual()) {
                Optional<SmokeCheck> parsed = SmokeCheck.parse(check.textValue());
                if (parsed.isEmpty()) {
                    problems.add(Problem.of(at, quoted(check.textValue()), SmokeCheck.FORMAT));
                } else {
                    checks.add(parsed.get());
                }
                continue;
            }
            if (!check.isObject()) {
                problems.add(Problem.of(at, kind(check), "an object {method, path, expectedStatuses, bodyContains}"));
                continue;
            }
            List<String> known = List.of("method", "path", "expectedStatuses", "bodyContains");
            for (Iterator<String> names = check.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    problems.add(Problem.of(at + "." + name, "unknown field", "one of " + String.join(", ", known)));
                }
            }
            String method = textOf(check, "method", at + ".method", problems);
            String path = textOf(check, "path", at + ".path", problems);
            if (path == null && !check.has("path")) {
                problems.add(Problem.of(at + ".path", "missing", "a path starting with /"));
            }
            String body = textOf(check, "bodyContains", at + ".bodyContains", problems);
            Set<Integer> statuses = new LinkedHashSet<>(Set.of(200));
            JsonNode s = check.get("expectedStatuses");
            if (s != null && !s.isNull()) {
                statuses.clear();
                if (!s.isArray()) {
                    problems.add(Problem.of(at + ".expectedStatuses", kind(s), "a list of HTTP statuses"));
                } else {
                    for (JsonNode status : s) {
                        if (!status.isInt()) {
                            problems.add(Problem.of(at + ".expectedStatuses", kind(status), "a list of HTTP statuses"));
                        } else {
                            statuses.add(status.intValue());
                        }
                    }
                }
            }
            checks.add(new SmokeCheck(method == null ? "GET" : method, path, statuses, Optional.ofNullable(body)));
        }
        return checks;
    }

    private List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            problem(field, kind(array), "a list of texts");
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                problem(field + "[" + i + "]", kind(array.get(i)), "a text");
            } else {
                out.add(array.get(i).textValue());
            }
        }
        return out;
    }

    private String text(JsonNode node, String field) {
        return text(node, field, field);
    }

    private String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problem(field, kind(value), "a string");
            return null;
        }
        return value.textValue();
    }

    private static String textOf(JsonNode node, String name, String field, List<Problem> problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(Problem.of(field, kind(value), "a string"));
            return null;
        }
        return value.textValue();
    }

    private void unknownFields(String at, JsonNode node, List<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(at + name, "unknown field", "one of " + String.join(", ", known));
            }
        }
    }

    private void problem(String field, String value, String expected) {
        String at = !field.isEmpty()
                ? prefix + field
                : prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
        problems.add(Problem.of(at, value, expected));
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String json = node.toString();
        return json.length() > 80 ? json.substring(0, 77) + "..." : json;
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
