/**
 * The gateway's HTTP/1.1 codec, written for a proxy rather than an application: heads are kept as
 * the bytes received and forwarded by copying the header lines kept, never decoded into header maps
 * and encoded again.
 *
 * <ul>
 *   <li>{@link dev.nonstop.gateway.http.RequestDecoder} (client side) and {@link
 *       dev.nonstop.gateway.http.ResponseDecoder} (member side) frame bytes into heads ({@link
 *       dev.nonstop.gateway.http.RequestHead}, {@link dev.nonstop.gateway.http.ResponseHead}) and
 *       {@link dev.nonstop.gateway.http.BodyPart}s; a chunked body is framed by {@code
 *       ChunkedBodyDecoder}. A head that cannot be parsed becomes a failed head; a chunked request
 *       body that breaks its framing later ends in a {@link dev.nonstop.gateway.http.MalformedBody}.
 *   <li>{@link dev.nonstop.gateway.http.RequestChecks} refuses what a decoded request head must not
 *       carry to a member; {@link dev.nonstop.gateway.http.RequestTarget} classifies the request
 *       target, so that an absolute-form request reaches the member in origin form.
 *   <li>{@link dev.nonstop.gateway.http.ForwardingHeaders} writes the heads the gateway forwards:
 *       hop-by-hop fields dropped, {@code X-Forwarded-*} and {@code Via} added.
 * </ul>
 *
 * <p>The header lines themselves ({@code HeaderFields}) and the scanning ({@code HeadScanner}) stay
 * inside this package. Nothing here knows about routes, members or connections: that is {@code
 * dev.nonstop.gateway.proxy}'s.
 */
package dev.nonstop.gateway.http;
