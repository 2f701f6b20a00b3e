package dev.nonstop.controller.release.spec;

import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects every problem of a spec's components; never stops at the first. */
final class ReleaseSpecValidator {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private final List<Problem> problems = new ArrayList<>();

    private ReleaseSpecValidator() {}

    @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
    static List<Problem> problems(
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
            GraySpec gray,
            boolean checkFiles) {
        ReleaseSpecValidator v = new ReleaseSpecValidator();
        v.name("app", app);
        v.name("version", version);
        v.artifact(artifact, checkFiles);
        if (artifactSha256 == null) {
            v.problem("artifactSha256", "null", "a digest or empty");
        } else {
            artifactSha256.ifPresent(
                    sha -> v.check(SHA256.matcher(sha).matches(), "artifactSha256", sha, "64 hexadecimal digits"));
        }
        v.check(batchSize >= 1, "batchSize", batchSize, ">= 1");
        v.check(surge >= 0, "surge", surge, ">= 0");
        v.drain(drain);
        v.health(health);
        v.smokeChecks(smokeChecks);
        v.warmUp(warmUp);
        v.positive("stopTimeout", stopTimeout);
        new GrayValidator(v.problems).validate(gray);
        return List.copyOf(v.problems);
    }

    /** The problems of an app's release settings ({@link AppSettings}), named as its fields. */
    static List<Problem> settingsProblems(String readinessPath, List<SmokeCheck> smokeChecks, DrainSpec drain) {
        ReleaseSpecValidator v = new ReleaseSpecValidator();
        v.path("readinessPath", readinessPath);
        v.smokeChecks(smokeChecks);
        v.drain(drain);
        return List.copyOf(v.problems);
    }

    private void name(String field, String value) {
        check(Names.isName(value), field, value, Names.expected(value));
    }

    private void artifact(Path artifact, boolean checkFiles) {
        if (artifact == null) {
            problem("artifact", "null", "the path of the artifact to release");
        } else if (checkFiles && !Files.exists(artifact)) {
            problem("artifact", artifact.toString(), "an existing file");
        } else if (checkFiles && !Files.isRegularFile(artifact)) {
            problem("artifact", artifact.toString(), "a regular file");
        }
    }

    private void drain(DrainSpec drain) {
        if (drain == null) {
            problem("drain", "null", "a drain spec");
            return;
        }
        positive("drain.deadline", drain.deadline());
        check(drain.policy() != null, "drain.policy", null, "FAIL or FORCE");
        check(drain.mode() != null, "drain.mode", null, DrainMode.EXPECTED);
    }

    private void health(HealthSpec health) {
        if (health == null) {
            problem("health", "null", "a health spec");
            return;
        }
        path("health.readinessPath", health.readinessPath());
        positive("health.timeout", health.timeout());
        positive("health.interval", health.interval());
        if (isPositive(health.timeout()) && isPositive(health.interval())) {
            check(
                    health.interval().compareTo(health.timeout()) <= 0,
                    "health.interval",
                    health.interval(),
                    "<= health.timeout (" + health.timeout() + ")");
        }
    }

    private void smokeChecks(List<SmokeCheck> checks) {
        if (checks == null) {
            problem("smokeChecks", "null", "a list, possibly empty");
            return;
        }
        for (int i = 0; i < checks.size(); i++) {
            String field = "smokeChecks[" + i + "]";
            SmokeCheck check = checks.get(i);
            if (check == null) {
                problem(field, "null", "a smoke check");
                continue;
            }
            check(
                    check.method() != null && METHOD.matcher(check.method()).matches(),
                    field + ".method",
                    check.method(),
                    "an HTTP method in capitals");
            path(field + ".path", check.path());
            Set<Integer> statuses = check.expectedStatuses();
            if (statuses == null || statuses.isEmpty()) {
                problem(field + ".expectedStatuses", String.valueOf(statuses), "at least one status");
            } else {
                for (int status : statuses.stream().sorted().toList()) {
                    check(status >= 100 && status <= 599, field + ".expectedStatuses", status, "100 to 599");
                }
            }
            check(
                    check.bodyContains().map(b -> !b.isEmpty()).orElse(true),
                    field + ".bodyContains",
                    "",
                    "a text the body contains, or none");
        }
    }

    private void warmUp(WarmUpSpec warmUp) {
        if (warmUp == null) {
            problem("warmUp", "null", "a warm-up spec");
            return;
        }
        List<Integer> steps = warmUp.weightSteps();
        for (WarmUpSpec.StepProblem p : WarmUpSpec.stepProblems(steps)) {
            if (p.ofTheList()) {
                problem("warmUp.weightSteps", String.valueOf(steps), p.expected());
            } else {
                problem("warmUp.weightSteps[" + p.index() + "]", String.valueOf(p.percent()), p.expected());
            }
        }
        Duration interval = warmUp.stepInterval();
        check(interval != null && !interval.isNegative(), "warmUp.stepInterval", interval, ">= 0");
        double threshold = warmUp.errorRateThreshold();
        check(threshold >= 0 && threshold <= 1, "warmUp.errorRateThreshold", threshold, "0.0 to 1.0");
    }

    private void path(String field, String path) {
        check(
                path != null && path.startsWith("/") && path.chars().noneMatch(Character::isWhitespace),
                field,
                path,
                "a path starting with / and without spaces");
    }

    private void positive(String field, Duration duration) {
        check(isPositive(duration), field, duration, "> 0");
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && duration.isPositive();
    }

    private void check(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            problem(field, value instanceof String s && s.isEmpty() ? "\"\"" : String.valueOf(value), expected);
        }
    }

    private void problem(String field, String value, String expected) {
        problems.add(Problem.of(field, value, expected));
    }
}
