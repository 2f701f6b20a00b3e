package dev.nonstop.testing.leak;

import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a leak during it. Add it to a test class:
 *
 * <pre>{@code
 * @ExtendWith(NettyLeakDetectionExtension.class)
 * class ProxyHandlerTest { ... }
 * }</pre>
 *
 * <p>After each test it runs a GC, waits (at most a few seconds) for collected buffers to be noticed
 * and fails the test with every leak reported, with Netty's access records. Before the first test of
 * a class it does the same and discards what it finds (those leaks belong to earlier classes, they
 * are printed on stderr). Run with {@code -Dio.netty.leakDetection.level=paranoid} (the root pom's
 * surefire argLine) so that every buffer is tracked; at the default level only a sample is.
 *
 * <p>Limits: Netty reports a leak with the same access records only once per JVM, and a leak
 * whose buffer is still reachable when the test ends is not seen.
 */
public final class NettyLeakDetectionExtension implements BeforeAllCallback, AfterEachCallback {
    private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakRecorder recorder = LeakRecorder.instance();
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            throw new ExtensionConfigurationException(
                    "Netty leak detection is disabled; run with -Dio.netty.leakDetection.level=paranoid");
        }
        if (recorder.byteBufDetection().startsWith("unavailable")) {
            throw new ExtensionConfigurationException(
                    "cannot watch Netty's ByteBuf leak detector: " + recorder.byteBufDetection());
        }
        List<Leak> earlier = recorder.collect(COLLECT_TIMEOUT);
        if (!earlier.isEmpty()) {
            System.err.println("NettyLeakDetectionExtension: " + earlier.size() + " leak(s) reported before "
                    + context.getDisplayName() + " (not counted against it):");
            earlier.forEach(leak -> System.err.println(leak));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Leak> leaks = LeakRecorder.instance().collect(COLLECT_TIMEOUT);
        if (!leaks.isEmpty()) {
            StringBuilder message = new StringBuilder("Netty reported ")
                    .append(leaks.size())
                    .append(" leak(s) during ")
                    .append(context.getDisplayName())
                    .append(':');
            leaks.forEach(leak -> message.append("\n").append(leak));
            throw new AssertionError(message.toString());
        }
    }
}
