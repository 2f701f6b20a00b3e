package dev.nonstop.testing.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

class NettyLeakDetectionExtensionTest {
    private final LeakRecorder recorder = LeakRecorder.instance();

    @Test
    void aBufferCollectedWithoutReleaseIsRecordedWithItsAccessRecords() {
        recorder.collect(Duration.ofSeconds(5));
        String hint = "leaked-on-purpose-" + UUID.randomUUID();

        leakOneBuffer(hint);

        assertThat(recorder.collect(Duration.ofSeconds(5))).anySatisfy(leak -> {
            assertThat(leak.resourceType()).isEqualTo("ByteBuf");
            assertThat(leak.records()).contains(hint);
        });
    }

    @Test
    void releasedBuffersAreNotLeaks() {
        recorder.collect(Duration.ofSeconds(5));
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(16).writeInt(1);
        buf.release();

        assertThat(recorder.collect(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void theExtensionFailsTheTestWithTheLeak() {
        NettyLeakDetectionExtension extension = new NettyLeakDetectionExtension();
        ExtensionContext context = contextNamed("leakyTest()");
        recorder.collect(Duration.ofSeconds(5));
        String hint = "leaked-in-test-" + UUID.randomUUID();

        leakOneBuffer(hint);

        assertThatThrownBy(() -> extension.afterEach(context))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leak(s) during leakyTest()")
                .hasMessageContaining(hint);
    }

    /** An ExtensionContext that only knows its display name, all the extension asks for. */
    private static ExtensionContext contextNamed(String name) {
        return (ExtensionContext) Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getDisplayName")) {
                        return name;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void leakOneBuffer(String hint) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(64);
        buf.touch(hint);
        buf.writeLong(42);
    }
}
