package dev.nonstop.common.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Builds a control API's error response, in that API's JSON problem format. */
@FunctionalInterface
public interface ErrorResponder {
    /**
     * A complete response with {@code status}.
     *
     * @param code a short name of the error for APIs that carry one: {@code unauthorized}, {@code malformed}, {@code
     *     too_large}, {@code expectation_failed}, {@code timeout}, {@code overloaded}
     * @param message for a person, e.g. {@code invalid token}
     */
    FullHttpResponse error(HttpResponseStatus status, String code, String message);
}
