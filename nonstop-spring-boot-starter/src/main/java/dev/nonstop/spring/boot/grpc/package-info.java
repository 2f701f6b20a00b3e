/**
 * gRPC servers as a drain participant ({@link dev.nonstop.spring.boot.grpc.GrpcServerDrain}, named
 * {@code grpc}): on drain the health service answers {@code NOT_SERVING} (clients that check health
 * move away), then after a short delay the server shuts down gracefully (GOAWAY: no new call, the
 * calls in flight finish), counted by {@link dev.nonstop.spring.boot.grpc.InFlightCalls}, a {@code
 * ServerInterceptor} to add to the server.
 */
package dev.nonstop.spring.boot.grpc;
