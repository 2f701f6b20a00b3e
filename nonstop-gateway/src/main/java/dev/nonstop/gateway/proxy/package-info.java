/**
 * The reverse proxy on Netty. See {@code docs/gateway-threading.md} for the threading model. A
 * client connection's pipeline ends in {@link dev.nonstop.gateway.proxy.FrontendHandler}, which
 * runs one {@code Exchange} at a time; upstream connections come from a pool per event loop and
 * end in {@code BackendHandler}. Everything of one exchange runs on the client's event loop.
 *
 * <p>HTTP/1.1 is framed here, not by Netty's codecs: {@code RequestDecoder} and {@code
 * ResponseDecoder} turn bytes into heads ({@code RequestHead}, {@code ResponseHead} over {@code
 * HeaderFields}) and {@code BodyPart}s, and {@code ForwardingHeaders} writes forwarded heads by
 * copying the header lines kept and adding the gateway's own. {@code RequestTarget} classifies the
 * request target, so that an absolute-form request reaches the member in origin form with the Host
 * it was routed by.
 */
package dev.nonstop.gateway.proxy;
