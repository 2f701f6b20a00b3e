/**
 * Test fixtures for Nonstop's integration tests and benchmarks. They exist to prove claims such as
 * "zero failed requests", so they are strict: nothing is retried behind the caller's back and every
 * failure is counted with its reason.
 *
 * <ul>
 *   <li>{@link dev.nonstop.testing.upstream}: a small HTTP/1.1 server, embedded or as a real process
 *       that can be killed, paused and restarted on the same port;
 *   <li>{@link dev.nonstop.testing.load}: a load generator on blocking sockets that counts every
 *       outcome;
 *   <li>{@link dev.nonstop.testing.leak}: a JUnit 5 extension that fails a test on a Netty leak
 *       report;
 *   <li>{@link dev.nonstop.testing.sockets}: the TCP sockets this JVM listens on;
 *   <li>{@link dev.nonstop.testing.openapi}: an API's OpenAPI document checked against the routes it
 *       serves, both ways.
 * </ul>
 */
package dev.nonstop.testing;
