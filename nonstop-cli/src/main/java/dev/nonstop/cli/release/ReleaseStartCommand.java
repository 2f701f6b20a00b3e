package dev.nonstop.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.DurationConverter;
import dev.nonstop.cli.support.InvalidOptionException;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.EntryRule;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.UserKey;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nonstop release start APP --version V --artifact PATH}: checks what it can locally (the artifact exists,
 * batch and surge are in range; exit 2 without a request otherwise), asks the controller to start the release, then
 * follows it to the end with live progress. Exit 0 when it succeeded, 1 when it failed, was rolled back or aborted;
 * 2 when the controller refused the spec (every problem printed); 1 when another release of the app is in progress.
 */
@Command(
        name = "start",
        description = {
            "Starts a release of APP to a new version (rolling, canary or blue-green) and follows it to the end.",
            "Live table on a terminal, one line per event otherwise (or with --plain)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the release succeeded (or, with --detach, was created)",
            ExitCodes.FAILURE + ":it failed, was rolled back or aborted; another release is in progress; no controller",
            ExitCodes.USAGE + ":bad options or spec: nothing was started"
        })
final class ReleaseStartCommand extends ControllerApiCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "The app to release.")
    String app;

    @Option(names = "--version", required = true, paramLabel = "V", description = "The version to release.")
    String version;

    @Option(
            names = "--artifact",
            required = true,
            paramLabel = "PATH",
            description = "The runnable jar of that version; sent as an absolute path.")
    Path artifact;

    @Option(names = "--batch", paramLabel = "N", description = "Instances released at once. Default: 1.")
    Integer batch;

    @Option(
            names = "--surge",
            paramLabel = "N",
            description = "Extra instances of the new version started first. Default: 0.")
    Integer surge;

    @Option(
            names = "--drain-deadline",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long an instance may take to drain, e.g. 60s or 1d. Default: the controller's.")
    Duration drainDeadline;

    @Option(
            names = "--drain-policy",
            paramLabel = "fail|force",
            description = "At the drain deadline: fail the release (and roll back) or force the stop.")
    String drainPolicy;

    @Option(
            names = "--drain-mode",
            paramLabel = "gateway|app|auto",
            description = "How the drain is verified: the gateways' counters, the app's /nonstop/status too, or"
                    + " auto (the app's too when it answers it). Default: the app's setting (auto).")
    String drainMode;

    @Option(
            names = "--readiness-path",
            paramLabel = "PATH",
            description = "The path a new instance answers 2xx on once ready, e.g. /actuator/health/readiness."
                    + " Default: the app's setting.")
    String readinessPath;

    @Option(
            names = "--readiness-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a new instance may take to become ready, e.g. 90s. Default: the app's setting, else"
                    + " the controller's (60s).")
    Duration readinessTimeout;

    @Option(
            names = "--smoke",
            paramLabel = "'METHOD PATH STATUS [TEXT]'",
            description = "A request a new instance must pass before it gets traffic, e.g. 'GET /health 200 UP'"
                    + " (STATUS: 200, 200|204 or 2xx; TEXT: what the body contains). Repeatable. Default: the"
                    + " app's setting (its readiness path answering 2xx).")
    List<String> smokeChecks;

    @Option(names = "--no-smoke", description = "No smoke checks for this release.")
    boolean noSmoke;

    @Option(
            names = "--warm-up-steps",
            split = ",",
            paramLabel = "P,P,...",
            description = "Weight ramp of each new instance, percent of full weight, increasing, the last 100,"
                    + " e.g. 50,100. Default: the controller's (10,25,50,100).")
    List<Integer> warmUpSteps;

    @Option(
            names = "--warm-up-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long each warm-up step is held, e.g. 500ms. Default: the controller's (10s).")
    Duration warmUpInterval;

    @Option(
            names = "--strategy",
            paramLabel = "rolling|canary|blue-green",
            description = "rolling (default): instances upgraded in place; canary: a green group of the new version"
                    + " opened to the entry rules, then to growing percentages of users, each step gated;"
                    + " blue-green: a full green group, all new users switched at once, blue kept for a rollback"
                    + " window.")
    String strategy;

    @Option(
            names = "--steps",
            split = ",",
            paramLabel = "P,P,...",
            description = "canary: the percentages of users on green, increasing, the last 100. Default: 25,50,75,100.")
    List<Integer> steps;

    @Option(
            names = "--step-duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long each traffic step is held before its gate, e.g. 2m. Default: 2m.")
    Duration stepDuration;

    @Option(
            names = "--max-error-ratio",
            paramLabel = "R",
            description = "Gate: green's failed responses per request at most R, 0 <= R < 1, e.g. 0.01. Default: 0.01.")
    Double maxErrorRatio;

    @Option(
            names = "--max-p99",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Gate: green's 99th percentile latency at most this, e.g. 300ms. Default: not checked.")
    Duration maxP99;

    @Option(
            names = "--min-requests",
            paramLabel = "N",
            description = "Gate: green must serve at least N requests in a step to be judged. Default: 0.")
    Long minRequests;

    @Option(
            names = "--compare-with-blue",
            description = "Gate: green's error ratio and p99 also against blue's over the same window.")
    boolean compareWithBlue;

    @Option(
            names = "--prometheus-url",
            paramLabel = "URL",
            description = "Gate: Prometheus' base URL (http or https, e.g. http://prometheus:9090); with"
                    + " --prometheus-query and --prometheus-max.")
    String prometheusUrl;

    @Option(
            names = "--prometheus-query",
            paramLabel = "PROMQL",
            description = "Gate: a PromQL query run at each step's end; ${app}, ${version} (green's) and"
                    + " ${blueVersion} are filled in. No data fails the gate.")
    String prometheusQuery;

    @Option(
            names = "--prometheus-max",
            paramLabel = "X",
            description = "Gate: the query's value (the largest sample of a vector) must be at most X.")
    Double prometheusMax;

    @Option(
            names = "--header",
            paramLabel = "NAME[=VALUE]",
            description = "Entry rule: requests with this header (and value) go to green, e.g."
                    + " X-Nonstop-Group=green. Repeatable.")
    List<String> headers;

    @Option(
            names = "--cookie",
            paramLabel = "NAME[=VALUE]",
            description = "Entry rule: requests with this cookie (and value) go to green. Repeatable.")
    List<String> cookies;

    @Option(
            names = "--cidr",
            split = ",",
            paramLabel = "CIDR",
            description = "Entry rule: clients in these networks go to green, e.g. 10.0.0.0/8. Repeatable.")
    List<String> cidrs;

    @Option(
            names = "--percent-key",
            paramLabel = "cookie:NAME|header:NAME|client-address",
            description = "What identifies a user for the percentage steps, e.g. cookie:JSESSIONID.")
    String percentKey;

    @Option(
            names = "--approval",
            paramLabel = "manual|none",
            description = "manual: after each passed gate the release waits for 'nonstop release approve'.")
    String approval;

    @Option(
            names = "--green-instances",
            paramLabel = "N",
            description =
                    "How many green instances to start. Default: the surge when set, else as many as the app has.")
    Integer greenInstances;

    @Option(
            names = "--rollback-window",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "blue-green: how long blue is kept warm after the switch. Default: 10m.")
    Duration rollbackWindow;

    @Option(
            names = "--max-blue-time",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "blue-green: how long users pinned to blue may stay there, at most the rollback window.")
    Duration maxBlueTime;

    @Option(names = "--detach", description = "Print the release id once created and exit.")
    boolean detach;

    @Option(names = "--plain", description = "One line per event, even on a terminal.")
    boolean plain;

    @Override
    int run(ControllerClient client, PrintWriter out, PrintWriter err) {
        JsonNode release = client.startRelease(body());
        String id = release.path("id").asText();
        if (detach) {
            out.println(id);
            return ExitCodes.OK;
        }
        out.println("release " + id + " started: " + release.path("app").asText() + " "
                + release.path("fromVersion").asText() + " -> "
                + release.path("toVersion").asText());
        out.flush();
        return new ReleaseFollower(client, Terminal.view(plain, out)).follow(id, spec.qualifiedName(), out, err);
    }

    /** The request body, after the local checks. */
    private ObjectNode body() {
        if (batch != null && batch < 1) {
            throw new InvalidOptionException("--batch", batch, ">= 1");
        }
        if (surge != null && surge < 0) {
            throw new InvalidOptionException("--surge", surge, ">= 0");
        }
        if (!Files.isRegularFile(artifact)) {
            throw new InvalidOptionException("--artifact", artifact, "an existing file");
        }
        if (drainDeadline != null) {
            DurationConverter.requirePositive("--drain-deadline", drainDeadline);
        }
        if (warmUpSteps != null) {
            checkWarmUpSteps();
        }
        String policy = null;
        if (drainPolicy != null) {
            policy = drainPolicy.strip().toUpperCase(Locale.ROOT);
            if (!policy.equals("FAIL") && !policy.equals("FORCE")) {
                throw new InvalidOptionException("--drain-policy", drainPolicy, "fail or force");
            }
        }
        String mode = null;
        if (drainMode != null) {
            mode = DrainMode.parse(drainMode)
                    .orElseThrow(() -> new InvalidOptionException("--drain-mode", drainMode, DrainMode.EXPECTED))
                    .name();
        }
        if (readinessPath != null && (!readinessPath.startsWith("/") || readinessPath.isBlank())) {
            throw new InvalidOptionException("--readiness-path", readinessPath, "a path starting with /");
        }
        if (noSmoke && smokeChecks != null) {
            throw new InvalidOptionException("--no-smoke", "with --smoke", "one of them");
        }
        List<SmokeCheck> checks = new ArrayList<>();
        for (String text : smokeChecks == null ? List.<String>of() : smokeChecks) {
            SmokeCheck check = SmokeCheck.parse(text)
                    .orElseThrow(() -> new InvalidOptionException("--smoke", "'" + text + "'", SmokeCheck.FORMAT));
            for (int status : check.expectedStatuses()) {
                if (status < 100 || status > 599) {
                    throw new InvalidOptionException("--smoke", "'" + text + "'", "a status 100 to 599");
                }
            }
            checks.add(check);
        }
        ObjectNode body = ControllerClient.JSON.createObjectNode();
        body.put("app", app);
        body.put("version", version);
        body.put("artifact", artifact.toAbsolutePath().normalize().toString());
        if (batch != null) {
            body.put("batchSize", batch);
        }
        if (surge != null) {
            body.put("surge", surge);
        }
        if (drainDeadline != null || policy != null || mode != null) {
            ObjectNode drain = body.putObject("drain");
            if (drainDeadline != null) {
                drain.put("deadline", drainDeadline.toString());
            }
            if (policy != null) {
                drain.put("policy", policy);
            }
            if (mode != null) {
                drain.put("mode", mode);
            }
        }
        if (readinessTimeout != null) {
            DurationConverter.requirePositive("--readiness-timeout", readinessTimeout);
        }
        if (readinessPath != null || readinessTimeout != null) {
            ObjectNode health = body.putObject("health");
            if (readinessPath != null) {
                health.put("readinessPath", readinessPath);
            }
            if (readinessTimeout != null) {
                health.put("timeout", readinessTimeout.toString());
            }
        }
        if (noSmoke || smokeChecks != null) {
            ArrayNode array = body.putArray("smokeChecks");
            checks.forEach(c -> array.add(c.toString()));
        }
        if (warmUpSteps != null || warmUpInterval != null) {
            ObjectNode warmUp = body.putObject("warmUp");
            if (warmUpSteps != null) {
                warmUpSteps.forEach(warmUp.putArray("weightSteps")::add);
            }
            if (warmUpInterval != null) {
                warmUp.put("stepInterval", warmUpInterval.toString());
            }
        }
        gray(body);
        return body;
    }

    /** {@code analysis.prometheus}: the three options together; the controller checks the URL and the query. */
    private ObjectNode prometheus() {
        if (prometheusUrl == null) {
            throw new InvalidOptionException(
                    "--prometheus-url", "missing", "with --prometheus-query and --prometheus-max");
        }
        if (prometheusQuery == null || prometheusQuery.isBlank()) {
            throw new InvalidOptionException(
                    "--prometheus-query",
                    prometheusQuery == null ? "missing" : "\"" + prometheusQuery + "\"",
                    "a PromQL query, with --prometheus-url and --prometheus-max");
        }
        if (prometheusMax == null || !Double.isFinite(prometheusMax)) {
            throw new InvalidOptionException(
                    "--prometheus-max",
                    prometheusMax == null ? "missing" : prometheusMax,
                    "a finite number, with --prometheus-url and --prometheus-query");
        }
        ObjectNode p = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        p.put("url", prometheusUrl);
        p.put("query", prometheusQuery);
        p.put("max", prometheusMax);
        return p;
    }

    /** The gray strategy's options; the controller validates the values and names each bad one. */
    private void gray(ObjectNode body) {
        ReleaseStrategy chosen = ReleaseStrategy.ROLLING;
        if (strategy != null) {
            chosen = ReleaseStrategy.parse(strategy)
                    .orElseThrow(() -> new InvalidOptionException("--strategy", strategy, ReleaseStrategy.EXPECTED));
        }
        boolean anyGray = steps != null
                || stepDuration != null
                || maxErrorRatio != null
                || maxP99 != null
                || minRequests != null
                || compareWithBlue
                || prometheusUrl != null
                || prometheusQuery != null
                || prometheusMax != null
                || headers != null
                || cookies != null
                || cidrs != null
                || percentKey != null
                || approval != null
                || greenInstances != null
                || rollbackWindow != null
                || maxBlueTime != null;
        if (!chosen.isGray()) {
            if (anyGray) {
                throw new InvalidOptionException(
                        "--strategy", chosen.id(), "canary or blue-green with the traffic step options");
            }
            return;
        }
        body.put("strategy", chosen.id());
        if (steps != null) {
            if (chosen != ReleaseStrategy.CANARY) {
                throw new InvalidOptionException("--steps", "with --strategy " + chosen.id(), "--strategy canary");
            }
            WarmUpSpec.stepProblems(steps).stream().findFirst().ifPresent(p -> {
                throw new InvalidOptionException("--steps", p.percent(), p.expected());
            });
            steps.forEach(body.putArray("steps")::add);
        }
        if (stepDuration != null) {
            DurationConverter.requirePositive("--step-duration", stepDuration);
            body.put("stepDuration", stepDuration.toString());
        }
        boolean anyPrometheus = prometheusUrl != null || prometheusQuery != null || prometheusMax != null;
        if (maxErrorRatio != null || maxP99 != null || minRequests != null || compareWithBlue || anyPrometheus) {
            ObjectNode analysis = body.putObject("analysis");
            if (maxErrorRatio != null) {
                if (!(maxErrorRatio >= 0 && maxErrorRatio < 1)) {
                    throw new InvalidOptionException("--max-error-ratio", maxErrorRatio, "0 <= R < 1");
                }
                analysis.put("maxErrorRatio", maxErrorRatio);
            }
            if (maxP99 != null) {
                DurationConverter.requirePositive("--max-p99", maxP99);
                analysis.put("maxP99", maxP99.toString());
            }
            if (minRequests != null) {
                analysis.put("minRequests", minRequests);
            }
            if (compareWithBlue) {
                analysis.put("compareWithBlue", true);
            }
            if (anyPrometheus) {
                analysis.set("prometheus", prometheus());
            }
        }
        if (headers != null || cookies != null || cidrs != null) {
            ArrayNode entry = body.putArray("entry");
            nameValueRules(entry, "header", "--header", headers);
            nameValueRules(entry, "cookie", "--cookie", cookies);
            if (cidrs != null) {
                ObjectNode network = entry.addObject();
                network.put("type", "network");
                cidrs.stream().map(String::strip).forEach(network.putArray("cidrs")::add);
            }
        }
        if (percentKey != null) {
            UserKey.parse(percentKey)
                    .orElseThrow(() -> new InvalidOptionException("--percent-key", percentKey, UserKey.FORMAT));
            body.put("percentKey", percentKey.strip());
        }
        if (approval != null) {
            body.put(
                    "approval",
                    Approval.parse(approval)
                            .orElseThrow(() -> new InvalidOptionException("--approval", approval, Approval.EXPECTED))
                            .id());
        }
        if (greenInstances != null) {
            body.put("greenInstances", greenInstances);
        }
        if (rollbackWindow != null) {
            body.put("rollbackWindow", rollbackWindow.toString());
        }
        if (maxBlueTime != null) {
            body.put("maxBlueTime", maxBlueTime.toString());
        }
    }

    private static void nameValueRules(ArrayNode entry, String type, String option, List<String> values) {
        EntryRule.Kind kind = type.equals("header") ? EntryRule.Kind.HEADER : EntryRule.Kind.COOKIE;
        for (String text : values == null ? List.<String>of() : values) {
            EntryRule rule = EntryRule.parseNameValue(kind, text)
                    .orElseThrow(() -> new InvalidOptionException(option, text, EntryRule.NAME_VALUE_FORMAT));
            ObjectNode node = entry.addObject();
            node.put("type", type);
            node.put("name", rule.name());
            if (rule.value() != null) {
                node.put("value", rule.value());
            }
        }
    }

    /** The controller's own rules ({@link WarmUpSpec#stepProblems}), checked before anything is sent. */
    private void checkWarmUpSteps() {
        WarmUpSpec.stepProblems(warmUpSteps).stream().findFirst().ifPresent(p -> {
            throw new InvalidOptionException("--warm-up-steps", p.percent(), p.expected());
        });
    }
}
