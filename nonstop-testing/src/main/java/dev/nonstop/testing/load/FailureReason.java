package dev.nonstop.testing.load;

/** Why a request failed. Every request that did not get a complete 2xx or 3xx response has one. */
public enum FailureReason {
    /** The connection was refused: nothing listened on the port. */
    CONNECT_REFUSED,
    /** The connection was not established within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The connection could not be opened for another reason (no route, ...). */
    CONNECT_FAILED,
    /** The connection was reset (or the pipe broke) while the request was written or awaited. */
    RESET,
    /** The request was written and the connection ended before the first byte of a response. */
    EOF_BEFORE_RESPONSE,
    /** The connection ended in the middle of the response. */
    TRUNCATED,
    /** No byte arrived within the read timeout. */
    TIMEOUT,
    /** The response could not be parsed as HTTP/1.1. */
    MALFORMED,
    /** Any other I/O error. */
    IO_ERROR,
    /** A complete response with status 400..599. */
    ERROR_STATUS,
    /** The run was closed while the request was in flight. */
    ABORTED
}
