/**
 * The test upstream's Netty pipeline: {@code UpstreamChannelInitializer} builds it, {@code
 * UpstreamHandler} answers requests in order, the other classes each produce one kind of response.
 * Not an API: use {@link dev.nonstop.testing.upstream.TestUpstream}.
 */
package dev.nonstop.testing.upstream.internal;
