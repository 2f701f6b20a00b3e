package dev.nonstop.testing.load;

import java.time.Duration;

/** A load run did not end within the time a caller waited for it; carries the report so far. */
public final class LoadTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Report report;

    LoadTimeoutException(Duration waited, Report report) {
        super("load run still running after " + waited + ": " + report);
        this.report = report;
    }

    public Report report() {
        return report;
    }
}
