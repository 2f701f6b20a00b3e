package dev.nonstop.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.EntryRule;
import dev.nonstop.controller.release.spec.GateSpec;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.UserKey;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads a release spec from the JSON of {@code POST /api/releases}: the field names of {@link ReleaseSpec} (the same
 * as its stored form), every optional field defaulting as in {@link ReleaseSpec.Builder}, durations as {@code
 * "30s"}, {@code "500ms"}, {@code "2m"}, {@code "1h"} or ISO-8601 ({@code "PT30S"}).
 *
 * <p>Reports every problem at once, each naming the JSON field: wrong types ({@code batchSize: "two" (expected: an
 * integer)}), unknown fields ({@code batch: unknown field (expected: one of app, version, ...)}), an unknown app,
 * and everything the spec's own validation finds (a missing artifact, a batch size of 0...).
 */
final class ReleaseSpecMapper {
    private static final Set<String> FIELDS = fields(
            "app",
            "version",
            "artifact",
            "artifactSha256",
            "batchSize",
            "surge",
            "drain",
            "health",
            "smokeChecks",
            "warmUp",
            "stopTimeout",
            "strategy",
            "steps",
            "stepDuration",
            "analysis",
            "entry",
            "percentKey",
            "approval",
            "greenInstances",
            "rollbackWindow",
            "maxBlueTime",
            "trustedForwardedHops");

    /** The fields of the gray strategies: refused on a rolling release, which would ignore them. */
    private static final Set<String> GRAY_FIELDS = fields(
            "steps",
            "stepDuration",
            "analysis",
            "entry",
            "percentKey",
            "approval",
            "greenInstances",
            "rollbackWindow",
            "maxBlueTime",
            "trustedForwardedHops");

    private final List<dev.nonstop.common.problem.Problem> problems = new ArrayList<>();
    /** Fields with a problem already reported here: the spec's validation must not report them again. */
    private final Set<String> reported = new LinkedHashSet<>();

    private ReleaseSpecMapper() {}

    /**
     * The spec {@code body} asks for.
     *
     * @param appExists whether an app of that name is registered
     * @throws ApiException 400 with every problem found
     */
    static ReleaseSpec read(JsonNode body, Predicate<String> appExists) {
        return readOver(body, name -> appExists.test(name) ? Optional.of(AppSettings.DEFAULT) : Optional.empty());
    }

    /**
     * The spec {@code body} asks for, over the app's settings: the readiness path, smoke checks and drain the body
     * does not give are the app's.
     *
     * @param apps the settings of a registered app; empty when no app of that name is registered
     * @throws ApiException 400 with every problem found
     */
    static ReleaseSpec readOver(JsonNode body, Function<String, Optional<AppSettings>> apps) {
        return new ReleaseSpecMapper().spec(body, apps);
    }

    private ReleaseSpec spec(JsonNode body, Function<String, Optional<AppSettings>> apps) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(
                    dev.nonstop.common.problem.Problem.of("body", kind(body), "a JSON object, a release spec"));
        }
        unknownFields("", body, FIELDS);
        String app = text(body, "app", true);
        String version = text(body, "version", true);
        String artifactText = text(body, "artifact", true);
        Path artifact = null;
        if (artifactText != null) {
            try {
                artifact = Path.of(artifactText);
            } catch (InvalidPathException e) {
                problem("artifact", quoted(artifactText), "a file path");
            }
        }
        ReleaseSpec.Builder builder = ReleaseSpec.builder(app, version, artifact);
        Optional<AppSettings> settings =
                app != null && Names.isName(app) ? apps.apply(app) : Optional.of(AppSettings.DEFAULT);
        settings.ifPresent(builder::appSettings);
        builder.artifactSha256(text(body, "artifactSha256", false));
        integer(body, "batchSize").ifPresent(builder::batchSize);
        integer(body, "surge").ifPresent(builder::surge);
        JsonNode drain = object(body, "drain");
        if (drain != null) {
            unknownFields("drain.", drain, fields("deadline", "policy", "mode"));
            DrainSpec base = builder.drain();
            Duration deadline = duration(drain, "deadline", "drain.deadline", base.deadline());
            DrainPolicy policy = policy(drain, base.policy());
            builder.drain(new DrainSpec(deadline, policy, mode(drain, base.mode())));
        }
        JsonNode health = object(body, "health");
        if (health != null) {
            unknownFields("health.", health, fields("readinessPath", "timeout", "interval"));
            HealthSpec d = builder.health();
            String path = health.has("readinessPath")
                    ? text(health, "readinessPath", "health.readinessPath", false)
                    : d.readinessPath();
            builder.health(new HealthSpec(
                    path == null ? d.readinessPath() : path,
                    duration(health, "timeout", "health.timeout", d.timeout()),
                    duration(health, "interval", "health.interval", d.interval())));
        }
        if (body.has("smokeChecks")) {
            builder.smokeChecks(smokeChecks(body.get("smokeChecks")));
        }
        JsonNode warmUp = object(body, "warmUp");
        if (warmUp != null) {
            unknownFields("warmUp.", warmUp, fields("weightSteps", "stepInterval", "errorRateThreshold"));
            WarmUpSpec d = WarmUpSpec.DEFAULT;
            builder.warmUp(new WarmUpSpec(
                    weightSteps(warmUp, d.weightSteps()),
                    duration(warmUp, "stepInterval", "warmUp.stepInterval", d.stepInterval()),
                    errorRate(warmUp, d.errorRateThreshold())));
        }
        if (body.has("stopTimeout")) {
            builder.stopTimeout(duration(body, "stopTimeout", "stopTimeout", ReleaseSpec.DEFAULT_STOP_TIMEOUT));
        }
        builder.gray(gray(body));
        if (settings.isEmpty()) {
            problem("app", app, "a registered app");
        }
        try {
            ReleaseSpec spec = builder.build();
            if (problems.isEmpty()) {
                return spec;
            }
        } catch (InvalidReleaseSpecException e) {
            for (Problem p : e.problems()) {
                if (!reported.contains(p.path())) {
                    problems.add(p);
                }
            }
        }
        throw ApiException.badRequest(problems);
    }

    private GraySpec gray(JsonNode body) {
        ReleaseStrategy strategy = ReleaseStrategy.ROLLING;
        String text = text(body, "strategy", false);
        if (text != null) {
            Optional<ReleaseStrategy> parsed = ReleaseStrategy.parse(text);
            if (parsed.isEmpty()) {
                problem("strategy", quoted(text), ReleaseStrategy.EXPECTED);
            } else {
                strategy = parsed.get();
            }
        }
        GraySpec d = GraySpec.defaults(strategy);
        if (strategy == ReleaseStrategy.ROLLING) {
            for (String field : GRAY_FIELDS) {
                if (body.has(field) && !body.get(field).isNull()) {
                    problem(field, kind(body.get(field)), "only with strategy canary or blue-green");
                }
            }
            return d;
        }
        if (strategy == ReleaseStrategy.BLUE_GREEN && body.has("steps")) {
            problem("steps", kind(body.get("steps")), "only with strategy canary (blue-green switches at once)");
        }
        List<Integer> steps = d.steps();
        JsonNode stepsNode = body.get("steps");
        if (stepsNode != null && !stepsNode.isNull()) {
            steps = new ArrayList<>();
            if (!stepsNode.isArray()) {
                problem("steps", kind(stepsNode), WarmUpSpec.STEPS_FORMAT);
                steps = d.steps();
            } else {
                for (JsonNode step : stepsNode) {
                    if (!step.isInt()) {
                        problem("steps", kind(stepsNode), WarmUpSpec.STEPS_FORMAT);
                        steps = d.steps();
                        break;
                    }
                    steps.add(step.intValue());
                }
            }
        }
        Duration stepDuration = duration(body, "stepDuration", "stepDuration", d.stepDuration());
        GateSpec gate = d.gate();
        JsonNode analysis = object(body, "analysis");
        if (analysis != null) {
            unknownFields(
                    "analysis.",
                    analysis,
                    fields("maxErrorRatio", "maxP99", "minRequests", "compareWithBlue", "prometheus"));
            OptionalDouble ratio = gate.maxErrorRatio();
            if (analysis.has("maxErrorRatio")) {
                JsonNode r = analysis.get("maxErrorRatio");
                if (r.isNull()) {
                    ratio = OptionalDouble.empty();
                } else if (!r.isNumber()) {
                    problem("analysis.maxErrorRatio", kind(r), "a fraction, at least 0 and below 1");
                } else {
                    ratio = OptionalDouble.of(r.doubleValue());
                }
            }
            Optional<Duration> p99 = Optional.ofNullable(duration(analysis, "maxP99", "analysis.maxP99", null));
            long minRequests = 0;
            JsonNode min = analysis.get("minRequests");
            if (min != null && !min.isNull()) {
                if (!min.isIntegralNumber() || !min.canConvertToLong()) {
                    problem("analysis.minRequests", kind(min), "an integer");
                } else {
                    minRequests = min.longValue();
                }
            }
            boolean compare = false;
            JsonNode c = analysis.get("compareWithBlue");
            if (c != null && !c.isNull()) {
                if (!c.isBoolean()) {
                    problem("analysis.compareWithBlue", kind(c), "true or false");
                } else {
                    compare = c.booleanValue();
                }
            }
            gate = new GateSpec(ratio, p99, minRequests, compare, prometheus(analysis));
        }
        List<EntryRule> rules = entry(body.get("entry"));
        UserKey key = d.userKey();
        String keyText = text(body, "percentKey", false);
        if (keyText != null) {
            Optional<UserKey> parsed = UserKey.parse(keyText);
            if (parsed.isEmpty()) {
                problem("percentKey", quoted(keyText), UserKey.FORMAT);
            } else {
                key = parsed.get();
            }
        }
        Approval approval = d.approval();
        String approvalText = text(body, "approval", false);
        if (approvalText != null) {
            Optional<Approval> parsed = Approval.parse(approvalText);
            if (parsed.isEmpty()) {
                problem("approval", quoted(approvalText), Approval.EXPECTED);
            } else {
                approval = parsed.get();
            }
        }
        Optional<Integer> green = integer(body, "greenInstances");
        Duration window = duration(body, "rollbackWindow", "rollbackWindow", d.rollbackWindow());
        Optional<Duration> maxBlue = Optional.ofNullable(duration(body, "maxBlueTime", "maxBlueTime", null));
        if (strategy == ReleaseStrategy.CANARY) {
            for (String field : List.of("rollbackWindow", "maxBlueTime")) {
                if (body.hasNonNull(field)) {
                    problem(field, kind(body.get(field)), "only with strategy blue-green");
                }
            }
        }
        int hops = integer(body, "trustedForwardedHops").orElse(0);
        return new GraySpec(strategy, steps, stepDuration, gate, rules, key, approval, green, window, maxBlue, hops);
    }

    private List<EntryRule> entry(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem("entry", kind(node), "a list of {type: header|cookie|network, name, value, cidrs}");
            return List.of();
        }
        List<EntryRule> rules = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "entry[" + i + "]";
            JsonNode r = node.get(i);
            if (!r.isObject()) {
                problem(field, kind(r), "an object {type: header|cookie|network, name, value, cidrs}");
                continue;
            }
            unknownFields(field + ".", r, fields("type", "name", "value", "cidrs"));
            String type = text(r, "type", field + ".type", true);
            EntryRule.Kind kind = null;
            if (type != null) {
                try {
                    kind = EntryRule.Kind.valueOf(type.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(field + ".type", quoted(type), "header, cookie or network");
                }
            }
            if (kind == null) {
                continue;
            }
            List<String> cidrs = new ArrayList<>();
            JsonNode cidrNode = r.get("cidrs");
            if (cidrNode != null && !cidrNode.isNull()) {
                if (!cidrNode.isArray()) {
                    problem(field + ".cidrs", kind(cidrNode), "a list of CIDRs, e.g. [\"10.0.0.0/8\"]");
                } else {
                    for (int c = 0; c < cidrNode.size(); c++) {
                        JsonNode cidr = cidrNode.get(c);
                        if (!cidr.isTextual()) {
                            problem(field + ".cidrs[" + c + "]", kind(cidr), "a CIDR string, e.g. \"10.0.0.0/8\"");
                        } else {
                            cidrs.add(cidr.textValue());
                        }
                    }
                }
            }
            String name = kind == EntryRule.Kind.NETWORK ? null : text(r, "name", field + ".name", true);
            String value = kind == EntryRule.Kind.NETWORK ? null : text(r, "value", field + ".value", false);
            if (kind == EntryRule.Kind.NETWORK && (r.has("name") || r.has("value"))) {
                problem(
                        field + ".name",
                        kind(r.has("name") ? r.get("name") : r.get("value")),
                        "no name or value on a network rule");
            }
            rules.add(new EntryRule(kind, name, value, cidrs));
        }
        return rules;
    }

    private List<SmokeCheck> smokeChecks(JsonNode node) {
        if (!node.isArray()) {
            problem("smokeChecks", kind(node), "a list of {method, path, expectedStatuses}, possibly empty");
            return List.of();
        }
        List<SmokeCheck> checks = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "smokeChecks[" + i + "]";
            JsonNode check = node.get(i);
            if (check.isTextual()) {
                Optional<SmokeCheck> parsed = SmokeCheck.parse(check.textValue());
                if (parsed.isEmpty()) {
                    problem(field, quoted(check.textValue()), SmokeCheck.FORMAT);
                } else {
                    checks.add(parsed.get());
                }
                continue;
            }
            if (!check.isObject()) {
                problem(field, kind(check), "an object {method, path, expectedStatuses, bodyContains}");
                continue;
            }
            unknownFields(field + ".", check, fields("method", "path", "expectedStatuses", "bodyContains"));
            String method = check.has("method") ? text(check, "method", field + ".method", false) : "GET";
            String path = text(check, "path", field + ".path", true);
            Set<Integer> statuses = Set.of(200);
            if (check.has("expectedStatuses")) {
                statuses = statuses(check.get("expectedStatuses"), field + ".expectedStatuses");
            }
            String body =
                    check.has("bodyContains") ? text(check, "bodyContains", field + ".bodyContains", false) : null;
            checks.add(new SmokeCheck(method == null ? "GET" : method, path, statuses, Optional.ofNullable(body)));
        }
        return checks;
    }

    private Set<Integer> statuses(JsonNode node, String field) {
        if (!node.isArray()) {
            problem(field, kind(node), "a list of HTTP statuses");
            return Set.of(200);
        }
        Set<Integer> statuses = new LinkedHashSet<>();
        for (JsonNode status : node) {
            if (!status.isInt()) {
                problem(field, kind(status), "a list of HTTP statuses");
                return Set.of(200);
            }
            statuses.add(status.intValue());
        }
        return statuses;
    }

    private List<Integer> weightSteps(JsonNode warmUp, List<Integer> fallback) {
        JsonNode node = warmUp.get("weightSteps");
        if (node == null || node.isNull()) {
            return fallback;
        }
        String field = "warmUp.weightSteps";
        if (!node.isArray()) {
            problem(field, kind(node), WarmUpSpec.STEPS_FORMAT);
            return fallback;
        }
        List<Integer> steps = new ArrayList<>();
        for (JsonNode step : node) {
            if (!step.isInt()) {
                problem(field, kind(step), WarmUpSpec.STEPS_FORMAT);
                return fallback;
            }
            steps.add(step.intValue());
        }
        return steps;
    }

    private double errorRate(JsonNode warmUp, double fallback) {
        JsonNode node = warmUp.get("errorRateThreshold");
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            problem("warmUp.errorRateThreshold", kind(node), "a fraction, 0.0 to 1.0");
            return fallback;
        }
        return node.doubleValue();
    }

    private DrainPolicy policy(JsonNode drain, DrainPolicy fallback) {
        String text = text(drain, "policy", "drain.policy", false);
        if (text == null) {
            return fallback;
        }
        try {
            return DrainPolicy.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem("drain.policy", text, "FAIL or FORCE");
            return fallback;
        }
    }

    private DrainMode mode(JsonNode drain, DrainMode fallback) {
        String text = text(drain, "mode", "drain.mode", false);
        if (text == null) {
            return fallback;
        }
        Optional<DrainMode> mode = DrainMode.parse(text);
        if (mode.isEmpty()) {
            problem("drain.mode", quoted(text), DrainMode.EXPECTED);
        }
        return mode.orElse(fallback);
    }

    private Optional<Integer> integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(field, kind(node), "an integer");
            return Optional.empty();
        }
        return Optional.of(node.intValue());
    }

    /** {@code analysis.prometheus}: {@code {"url": ..., "query": ..., "max": number}}, all three required. */
    private Optional<dev.nonstop.controller.release.spec.PrometheusCheck> prometheus(JsonNode analysis) {
        JsonNode p = analysis.get("prometheus");
        if (p == null || p.isNull()) {
            return Optional.empty();
        }
        if (!p.isObject()) {
            problem("analysis.prometheus", kind(p), "an object with url, query and max");
            return Optional.empty();
        }
        unknownFields("analysis.prometheus.", p, fields("url", "query", "max"));
        String url = text(p, "url", "analysis.prometheus.url", true);
        String query = text(p, "query", "analysis.prometheus.query", true);
        JsonNode max = p.get("max");
        Double value = null;
        if (max == null || max.isNull()) {
            problem("analysis.prometheus.max", "missing", "a number");
        } else if (!max.isNumber()) {
            problem("analysis.prometheus.max", kind(max), "a number");
        } else {
            value = max.doubleValue();
        }
        if (url == null || query == null || value == null) {
            return Optional.empty();
        }
        return Optional.of(new dev.nonstop.controller.release.spec.PrometheusCheck(url, query, value));
    }

    private JsonNode object(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(field, kind(node), "an object");
            return null;
        }
        return node;
    }

    private String text(JsonNode node, String field, boolean required) {
        return text(node, field, field, required);
    }

    private String text(JsonNode node, String name, String field, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                problem(field, "missing", "a string");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(field, kind(value), "a string");
            return null;
        }
        return value.textValue();
    }

    /** A duration in the one grammar of {@link ConfigValues#parseDuration} ({@code 30s}, {@code 1d}, {@code PT30S}). */
    private Duration duration(JsonNode node, String name, String field, Duration fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        Optional<Duration> parsed =
                value.isTextual() ? ConfigValues.parseDuration(value.textValue()) : Optional.empty();
        if (parsed.isEmpty() || parsed.get().isNegative()) {
            problem(field, value.isTextual() ? quoted(value.textValue()) : kind(value), ConfigValues.DURATION_FORMAT);
            return fallback;
        }
        return parsed.get();
    }

    private void unknownFields(String prefix, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(prefix + name, "unknown field", "one of " + String.join(", ", known));
            }
        }
    }

    private void problem(String field, String value, String expected) {
        reported.add(field);
        problems.add(dev.nonstop.common.problem.Problem.of(field, value, expected));
    }

    /** How a rejected JSON value is shown: strings quoted, others as JSON. */
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

    private static Set<String> fields(String... names) {
        return Arrays.stream(names).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
