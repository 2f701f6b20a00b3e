package dev.nonstop.controller.release.spec;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One request sent straight to a new instance (not through the gateway) before it gets traffic; the instance passes
 * when the response status is one of {@code expectedStatuses} and, when {@code bodyContains} is given, the response
 * body contains that text.
 */
public record SmokeCheck(String method, String path, Set<Integer> expectedStatuses, Optional<String> bodyContains) {

    /** Every 2xx status. */
    public static final Set<Integer> SUCCESS =
            IntStream.range(200, 300).boxed().collect(Collectors.toUnmodifiableSet());

    /** The format of {@link #parse}, for messages. */
    public static final String FORMAT =
            "METHOD /path STATUS [body text], e.g. 'GET /health 200 UP'; STATUS: 200," + " 200|204 or 2xx";

    public SmokeCheck {
        expectedStatuses = expectedStatuses == null ? null : Set.copyOf(expectedStatuses);
        bodyContains = bodyContains == null ? Optional.empty() : bodyContains;
    }

    /** A check of the status only. */
    public SmokeCheck(String method, String path, Set<Integer> expectedStatuses) {
        this(method, path, expectedStatuses, Optional.empty());
    }

    /** A {@code GET} of {@code path} expecting one of {@code statuses}. */
    public static SmokeCheck get(String path, Integer... statuses) {
        return new SmokeCheck("GET", path, Set.of(statuses));
    }

    /** The default smoke check of an app: its readiness path answering 2xx. */
    public static SmokeCheck readiness(String readinessPath) {
        return new SmokeCheck("GET", readinessPath, SUCCESS);
    }

    /**
     * Reads {@code GET /health 200 UP}: a method, a path, the expected status ({@code 200}, {@code 200|204} or {@code
     * 2xx}) and optionally the text the body must contain (the rest of the line). Statuses are not range-checked
     * here: the spec's validation names a status outside 100-599.
     *
     * @return empty when the text is not of that shape
     */
    public static Optional<SmokeCheck> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("\\s+", 4);
        if (parts.length < 3) {
            return Optional.empty();
        }
        Set<Integer> statuses = new LinkedHashSet<>();
        for (String status : parts[2].split("[|,]")) {
            if (status.matches("[1-9]xx")) {
                int base = (status.charAt(0) - '0') * 100;
                IntStream.range(base, base + 100).forEach(statuses::add);
            } else if (status.matches("-?\\d{1,9}")) {
                statuses.add(Integer.parseInt(status));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new SmokeCheck(
                parts[0].toUpperCase(Locale.ROOT),
                parts[1],
                statuses,
                parts.length == 4 ? Optional.of(parts[3]) : Optional.empty()));
    }

    /** The expected statuses as a reader writes them: {@code 2xx}, {@code 200}, {@code [200, 204]}. */
    public String statusText() {
        if (expectedStatuses.size() == 100) {
            int low = expectedStatuses.stream().min(Integer::compare).orElseThrow();
            if (low % 100 == 0 && expectedStatuses.stream().allMatch(s -> s / 100 == low / 100)) {
                return (low / 100) + "xx";
            }
        }
        return expectedStatuses.size() == 1
                ? String.valueOf(expectedStatuses.iterator().next())
                : expectedStatuses.stream().sorted().map(String::valueOf).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return method + " " + path + " " + statusText()
                + bodyContains.map(b -> " " + b).orElse("");
    }
}
