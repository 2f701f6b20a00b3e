package dev.nonstop.controller.release.spec;

import dev.nonstop.common.problem.Problem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The problems of a {@link GraySpec}, each naming its JSON field ({@code steps[1]}, {@code entry[0].cidrs[2]}). */
final class GrayValidator {
    /** An HTTP token (RFC 9110): what a header or cookie name may be. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** A cookie value (RFC 6265 cookie-octet), possibly empty. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[!#-+\\--:<-\\[\\]-~]{0,512}");
    /** A header value: visible characters and inner spaces, no line breaks. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,510}[\\x21-\\x7e])?");

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * The smallest latency the gateways can tell apart: their histograms' first bucket bound. A p99 threshold below
     * it can never be met, since a measured p99 is never below the first bound.
     */
    static final Duration SMALLEST_LATENCY_BUCKET = dev.nonstop.gateway.contract.client.LatencyHistogram.BOUNDS.get(0);

    private final List<Problem> problems;

    GrayValidator(List<Problem> problems) {
        this.problems = problems;
    }

    void validate(GraySpec gray) {
        if (gray == null) {
            problem("strategy", "null", ReleaseStrategy.EXPECTED);
            return;
        }
        if (gray.strategy() == null) {
            problem("strategy", "null", ReleaseStrategy.EXPECTED);
        }
        steps(gray.steps());
        if (gray.stepDuration() == null || !gray.stepDuration().isPositive()) {
            problem("stepDuration", String.valueOf(gray.stepDuration()), "> 0");
        }
        gate(gray.gate());
        entry(gray.entryRules());
        if (gray.userKey() == null) {
            problem("percentKey", "null", UserKey.FORMAT);
        } else if (gray.userKey().kind() != UserKey.Kind.CLIENT_ADDRESS) {
            String name = gray.userKey().name();
            if (name == null || !TOKEN.matcher(name).matches()) {
                problem(
                        "percentKey",
                        gray.userKey().kind().name().toLowerCase() + ":" + name,
                        UserKey.FORMAT + ", NAME an HTTP token");
            }
        }
        if (gray.approval() == null) {
            problem("approval", "null", Approval.EXPECTED);
        }
        gray.greenInstances().ifPresent(n -> {
            if (n < 1) {
                problem("greenInstances", String.valueOf(n), ">= 1");
            }
        });
        Duration window = gray.rollbackWindow();
        if (window == null || !window.isPositive()) {
            problem("rollbackWindow", String.valueOf(window), "> 0");
        }
        gray.maxBlueTime().ifPresent(max -> {
            if (!max.isPositive()) {
                problem("maxBlueTime", String.valueOf(max), "> 0");
            } else if (window != null && window.isPositive() && max.compareTo(window) > 0) {
                problem("maxBlueTime", String.valueOf(max), "<= rollbackWindow (" + window + "): blue is retired then");
            }
        });
        if (gray.trustedForwardedHops() < 0 || gray.trustedForwardedHops() > 16) {
            problem("trustedForwardedHops", String.valueOf(gray.trustedForwardedHops()), "0 to 16");
        }
    }

    private void steps(List<Integer> steps) {
        if (steps == null || steps.stream().anyMatch(java.util.Objects::isNull)) {
            problem("steps", String.valueOf(steps), WarmUpSpec.STEPS_FORMAT);
            return;
        }
        for (WarmUpSpec.StepProblem p : WarmUpSpec.stepProblems(steps)) {
            if (p.ofTheList()) {
                problem("steps", String.valueOf(steps), p.expected());
            } else {
                problem("steps[" + p.index() + "]", String.valueOf(p.percent()), p.expected());
            }
        }
    }

    private void gate(GateSpec gate) {
        if (gate == null) {
            problem("analysis", "null", "an analysis, possibly without thresholds");
            return;
        }
        gate.maxErrorRatio().ifPresent(r -> {
            if (!(r >= 0 && r < 1)) {
                problem(
                        "analysis.maxErrorRatio",
                        String.valueOf(r),
                        "a fraction, at least 0 and below 1 (1 would let every request fail)");
            }
        });
        gate.maxP99().ifPresent(p -> {
            if (!p.isPositive()) {
                problem("analysis.maxP99", String.valueOf(p), "> 0");
            } else if (p.compareTo(SMALLEST_LATENCY_BUCKET) < 0) {
                problem(
                        "analysis.maxP99",
                        human(p),
                        "at least " + human(SMALLEST_LATENCY_BUCKET)
                                + ", the gateways' smallest latency bucket: a lower p99 cannot be measured, so the gate"
                                + " could never pass");
            }
        });
        if (gate.minRequests() < 0) {
            problem("analysis.minRequests", String.valueOf(gate.minRequests()), ">= 0");
        }
        gate.prometheus().ifPresent(this::prometheus);
        if (gate.compareWithBlue()
                && gate.maxErrorRatio().isEmpty()
                && gate.maxP99().isEmpty()) {
            problem(
                    "analysis.compareWithBlue",
                    "true",
                    "maxErrorRatio or maxP99 too: the comparison allows green"
                            + " blue's error ratio plus maxErrorRatio, and twice blue's p99");
        }
    }

    private void prometheus(PrometheusCheck p) {
        String url = p.url();
        java.net.URI uri = null;
        try {
            uri = url == null ? null : new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        if (uri == null
                || uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null
                || uri.getQuery() != null
                || uri.getFragment() != null) {
            problem(
                    "analysis.prometheus.url",
                    String.valueOf(url),
                    "Prometheus' base URL, http:// or https:// with a host, without a query or fragment (e.g."
                            + " http://prometheus:9090)");
        }
        if (p.query() == null || p.query().isBlank()) {
            problem("analysis.prometheus.query", String.valueOf(p.query()), "a non-empty PromQL expression");
        }
        if (!Double.isFinite(p.max())) {
            problem("analysis.prometheus.max", String.valueOf(p.max()), "a finite number");
        }
    }

    private void entry(List<EntryRule> rules) {
        if (rules == null || rules.stream().anyMatch(java.util.Objects::isNull)) {
            problem("entry", String.valueOf(rules), "a list of header, cookie and network rules, possibly empty");
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            EntryRule rule = rules.get(i);
            String field = "entry[" + i + "]";
            if (rule.kind() == null) {
                problem(field + ".type", "null", "header, cookie or network");
                continue;
            }
            switch (rule.kind()) {
                case HEADER, COOKIE -> {
                    if (rule.name() == null || !TOKEN.matcher(rule.name()).matches()) {
                        problem(
                                field + ".name",
                                quoted(rule.name()),
                                "a " + rule.kind().name().toLowerCase()
                                        + " name, an HTTP token (letters, digits, !#$%&'*+-.^_`|~)");
                    }
                    if (rule.value() != null) {
                        Pattern p = rule.kind() == EntryRule.Kind.HEADER ? HEADER_VALUE : COOKIE_VALUE;
                        if (!p.matcher(rule.value()).matches()) {
                            problem(
                                    field + ".value",
                                    quoted(rule.value()),
                                    rule.kind() == EntryRule.Kind.HEADER
                                            ? "a header value: visible ASCII, no line breaks, or none for any value"
                                            : "a cookie value: no spaces, quotes, commas, semicolons or backslashes, or none"
                                                    + " for any value");
                        }
                    }
                    if (!rule.cidrs().isEmpty()) {
                        problem(field + ".cidrs", String.valueOf(rule.cidrs()), "only on a network rule");
                    }
                }
                case NETWORK -> {
                    if (rule.cidrs().isEmpty()) {
                        problem(field + ".cidrs", "[]", "at least one CIDR, e.g. 10.0.0.0/8");
                    }
                    for (int c = 0; c < rule.cidrs().size(); c++) {
                        String cidr = rule.cidrs().get(c);
                        String expected = cidrProblem(cidr);
                        if (expected != null) {
                            problem(field + ".cidrs[" + c + "]", quoted(cidr), expected);
                        }
                    }
                }
            }
        }
    }

    /**
     * What is wrong with {@code cidr} ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address), or null when
     * it is valid.
     */
    static String cidrProblem(String cidr) {
        String expected = "an IPv4 or IPv6 CIDR (10.0.0.0/8, 2001:db8::/32) or a bare address";
        if (cidr == null || cidr.isBlank()) {
            return expected;
        }
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (v4) {
            var m = IPV4.matcher(address);
            m.matches();
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(m.group(g)) > 255) {
                    return expected + ": " + m.group(g) + " is above 255";
                }
            }
        } else if (!address.contains(":") || !IPV6.matcher(address).matches()) {
            return expected;
        } else {
            try {
                // a literal IPv6 address: parsed, never looked up
                InetAddress.getByName("[" + address + "]");
            } catch (UnknownHostException | SecurityException e) {
                return expected;
            }
        }
        if (slash < 0) {
            return null;
        }
        String prefix = cidr.substring(slash + 1);
        int max = v4 ? 32 : 128;
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
            return expected + ": the prefix length 0 to " + max;
        }
        return null;
    }

    private static String human(Duration d) {
        long micros = d.toNanos() / 1000;
        return micros % 1000 == 0 ? micros / 1000 + " ms" : micros + " µs";
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    private void problem(String field, String value, String expected) {
        problems.add(Problem.of(field, value, expected));
    }
}
