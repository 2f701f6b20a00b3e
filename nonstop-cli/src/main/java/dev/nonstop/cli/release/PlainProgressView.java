package dev.nonstop.cli.release;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One line per event, for logs, pipes and CI: {@code 12:00:01 shop-1 DRAINING -> DRAINED (83 ms)}. Times are the
 * events' own, in the local zone of {@code clock}.
 */
final class PlainProgressView implements ProgressView {
    private final PrintWriter out;
    private final Clock clock;

    PlainProgressView(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void started(ReleaseProgress p) {
        line(Show.clock(clock.instant(), clock.getZone()) + " release " + p.releaseId() + " " + p.app() + " "
                + p.fromVersion() + " -> " + p.toVersion() + " " + p.state());
    }

    @Override
    public void replayed(ReleaseProgress p, ReleaseProgress.Row row, Optional<Duration> took) {
        line(Show.clock(row.since(), clock.getZone()) + " " + row.instanceId() + " " + row.step() + " " + row.status()
                + suffix(row, took));
    }

    @Override
    public void moved(ReleaseProgress p, ReleaseProgress.Row row, String from, Optional<Duration> took) {
        line(Show.clock(row.since(), clock.getZone()) + " " + row.instanceId() + " " + from + " -> " + row.step()
                + suffix(row, took));
    }

    @Override
    public void traffic(ReleaseProgress p, ReleaseProgress.Row row) {
        line(Show.clock(row.since(), clock.getZone()) + " " + row.instanceId() + " " + row.step()
                + suffix(row, Optional.empty()));
    }

    @Override
    public void stateChanged(ReleaseProgress p, String from) {
        line(Show.clock(clock.instant(), clock.getZone()) + " release " + from + " -> " + p.state()
                + (ReleaseProgress.isSettled(p.state())
                        ? p.error().map(e -> ": " + e).orElse("")
                        : ""));
    }

    @Override
    public void close() {
        out.flush();
    }

    private static String suffix(ReleaseProgress.Row row, Optional<Duration> took) {
        StringBuilder s = new StringBuilder();
        took.ifPresent(d -> s.append(" (").append(Show.duration(d)).append(')'));
        row.inFlight().ifPresent(n -> s.append(" in-flight ").append(n));
        if (!row.detail().isBlank()) {
            s.append(": ").append(row.detail());
        }
        return s.toString();
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
