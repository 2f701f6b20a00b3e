package dev.nonstop.cli.demo;

import dev.nonstop.testing.load.Report;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the demo shows at the end: load before and during the rolling restart, each instance's
 * drain time, the total time.
 */
record DemoReport(Report before, Report during, List<InstanceTimes> instances, Duration total) {

    /** How long one instance took to drain (in-flight to zero) and to be back in rotation. */
    record InstanceTimes(String id, Duration drain, Duration restart, int inFlightAtDrainStart) {}

    long failed() {
        return before.failed() + during.failed();
    }

    void print(PrintStream out) {
        out.println();
        out.println("Report");
        out.printf(
                Locale.ROOT,
                "  requests sent          %d (%d before, %d during the release)%n",
                before.sent() + during.sent(),
                before.sent(),
                during.sent());
        out.printf(Locale.ROOT, "  failed requests        %d%n", failed());
        out.printf(
                Locale.ROOT,
                "  latency before         p50 %s  p99 %s%n",
                ms(before.latency().p50()),
                ms(before.latency().p99()));
        out.printf(
                Locale.ROOT,
                "  latency during         p50 %s  p99 %s%n",
                ms(during.latency().p50()),
                ms(during.latency().p99()));
        for (InstanceTimes instance : instances) {
            out.printf(
                    Locale.ROOT,
                    "  %-22s drained in %s (%d in flight when it started), back in %s%n",
                    instance.id(),
                    ms(instance.drain()),
                    instance.inFlightAtDrainStart(),
                    ms(instance.restart()));
        }
        out.printf(Locale.ROOT, "  release total          %s%n", ms(total));
        if (failed() > 0) {
            out.println();
            out.println("Failures:");
            out.println("  before: " + before);
            out.println("  during: " + during);
        }
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
