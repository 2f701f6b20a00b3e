/**
 * An honest HTTP/1.1 load generator.
 *
 * <p>{@link dev.nonstop.testing.load.LoadGenerator} drives a fixed number of keep-alive connections,
 * each on its own virtual thread with a blocking socket, and counts the outcome of every request it
 * sends in a {@link dev.nonstop.testing.load.Report}. It never retries: a request that was written
 * and got no complete response is a failure, with a {@link dev.nonstop.testing.load.FailureReason}
 * and its request id. Only a connection the server closed while it was idle (before the next request
 * was written) is reopened silently, because no request was lost there.
 */
package dev.nonstop.testing.load;
