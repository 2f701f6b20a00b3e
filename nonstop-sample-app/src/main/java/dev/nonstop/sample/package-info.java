/**
 * The Nonstop sample app: a small web application that the demo, the tests and the benchmarks
 * release from one version to the next without failed requests or logged-out users.
 *
 * <p>{@link dev.nonstop.sample.SampleApp} is the {@code java -jar} entry point: it reads the
 * configuration ({@link dev.nonstop.sample.config}), starts a {@link dev.nonstop.sample.SampleServer}
 * on the JDK's own HTTP server, prints {@code LISTENING <port>} on stdout and stops gracefully on
 * SIGTERM ({@link dev.nonstop.sample.lifecycle.GracefulStop}). The build makes three runnable jars
 * from the same classes, {@code nonstop-sample-app-v1.jar}, {@code -v2.jar} and {@code -v3.jar},
 * which differ only in their {@code version.properties} ({@link dev.nonstop.sample.AppVersion}).
 * Only the JDK is needed at run time, on Java 17 or newer.
 */
package dev.nonstop.sample;
