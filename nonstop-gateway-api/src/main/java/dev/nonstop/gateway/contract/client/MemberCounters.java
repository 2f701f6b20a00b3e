package dev.nonstop.gateway.contract.client;

/**
 * The counters of one member on one gateway, as {@code GET /admin/stats/{id}} reports them (the fields the runner
 * uses).
 *
 * @param inFlight requests sent to the member and not answered yet
 * @param requests requests sent to the member since the gateway started
 * @param responses5xx responses with a 5xx status
 * @param errors exchanges that failed without a response (connect, reset, timeout)
 * @param upgradedConnections connections upgraded (WebSocket, h2c) and still open to the member
 */
public record MemberCounters(
        String member, int inFlight, long requests, long responses5xx, long errors, int upgradedConnections) {

    /** Counters without upgraded connections. */
    public MemberCounters(String member, int inFlight, long requests, long responses5xx, long errors) {
        this(member, inFlight, requests, responses5xx, errors, 0);
    }

    /** Responses with a 5xx status plus exchanges without a response. */
    public long failures() {
        return responses5xx + errors;
    }
}
