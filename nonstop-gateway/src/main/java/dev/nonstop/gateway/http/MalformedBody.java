package dev.nonstop.gateway.http;

/**
 * Emitted by {@link RequestDecoder} when a chunked request body breaks its framing after the
 * request's head was passed on: the last message of the connection. Body framing that arrives with
 * the head fails the head itself instead (a {@link RequestHead#failed failed head}), so nothing of
 * that request is forwarded.
 *
 * @param reason what was wrong, for the log and the 400 answer
 */
public record MalformedBody(String reason) {}
