/**
 * Netty leak detection for JUnit 5: add {@code @ExtendWith(NettyLeakDetectionExtension.class)} to a
 * test class and a test fails when Netty reports a leaked buffer. Run tests with {@code
 * -Dio.netty.leakDetection.level=paranoid} (the root pom's surefire argLine does) so that every
 * buffer is tracked.
 */
package dev.nonstop.testing.leak;
