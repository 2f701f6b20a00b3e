package dev.nonstop.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A message head the gateway refuses to interpret: the status to answer a client with and why.
 * Thrown on the hot path of bad input, so it carries no stack trace.
 */
public final class MalformedHeadException extends RuntimeException {
    private final transient HttpResponseStatus status;

    MalformedHeadException(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
