package dev.nonstop.gateway.stats;

/** A point-in-time copy of one member's counters, as the admin API reports them. */
public record MemberStatsSnapshot(
        String member,
        int inFlight,
        int openConnections,
        int upgradedConnections,
        long requests,
        long responses1xx,
        long responses2xx,
        long responses3xx,
        long responses4xx,
        long responses5xx,
        long errors,
        long retries,
        long forcedClosures,
        boolean healthy,
        double latencyP50Millis,
        double latencyP99Millis) {}
