package dev.nonstop.cli.release;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A table redrawn in place with ANSI escapes, one row per instance: its step, the time spent in it so far, the
 * requests in flight when the events carry the count ({@code -} otherwise) and the step's detail. Redrawn on every
 * event and twice a second, so elapsed times move while a step waits.
 */
final class TerminalProgressView implements ProgressView {
    private static final String CLEAR_LINE = "\033[2K";
    private static final long REDRAW_MILLIS = 500;

    private final PrintWriter out;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private ReleaseProgress progress;
    private int drawnLines;
    private String lastEvent = "";

    TerminalProgressView(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("nonstop-progress").factory());
        ticker.scheduleAtFixedRate(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void started(ReleaseProgress p) {
        progress = p;
        redraw();
    }

    @Override
    public synchronized void replayed(ReleaseProgress p, ReleaseProgress.Row row, Optional<Duration> took) {
        redraw();
    }

    @Override
    public synchronized void moved(ReleaseProgress p, ReleaseProgress.Row row, String from, Optional<Duration> took) {
        lastEvent = row.instanceId() + " " + from + " -> " + row.step()
                + took.map(d -> " (" + Show.duration(d) + ")").orElse("");
        redraw();
    }

    @Override
    public synchronized void stateChanged(ReleaseProgress p, String from) {
        lastEvent = "release " + from + " -> " + p.state();
        redraw();
    }

    @Override
    public void traffic(ReleaseProgress progress, ReleaseProgress.Row row) {
        redraw();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            redraw();
        }
    }

    private synchronized void redraw() {
        if (progress == null) {
            return;
        }
        Instant now = clock.instant();
        List<String> lines = new java.util.ArrayList<>();
        String elapsed = progress.createdAt()
                .map(c -> "  " + Show.duration(Duration.between(c, now)))
                .orElse("");
        lines.add("\033[1mrelease " + progress.releaseId() + "\033[0m  " + progress.app() + " " + progress.fromVersion()
                + " -> " + progress.toVersion() + "  " + progress.state() + elapsed);
        lines.add(Show.cell("INSTANCE", 24) + Show.cell("STEP", 14) + Show.cell("ELAPSED", 10)
                + Show.cell("IN-FLIGHT", 10) + "DETAIL");
        for (ReleaseProgress.Row row : progress.rows()) {
            String step = row.status().equals("DONE") ? row.step() : row.step() + "…";
            lines.add(Show.cell(row.instanceId(), 24)
                    + Show.cell(step, 14)
                    + Show.cell(Show.duration(Duration.between(row.since(), now)), 10)
                    + Show.cell(
                            row.inFlight().isPresent()
                                    ? String.valueOf(row.inFlight().getAsInt())
                                    : "-",
                            10)
                    + Show.cell(row.detail(), 60).stripTrailing());
        }
        lines.add(lastEvent);
        StringBuilder frame = new StringBuilder();
        if (drawnLines > 0) {
            frame.append("\033[").append(drawnLines).append('A').append('\r');
        }
        for (String line : lines) {
            frame.append(CLEAR_LINE).append(line).append('\n');
        }
        // A table that shrank leaves old lines below: clear them.
        for (int i = lines.size(); i < drawnLines; i++) {
            frame.append(CLEAR_LINE).append('\n');
        }
        int total = Math.max(lines.size(), drawnLines);
        out.print(frame);
        out.flush();
        drawnLines = total;
    }
}
