package dev.nonstop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTimeoutTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger fired = new AtomicInteger();
    private final LazyTimeout timeout = new LazyTimeout(channel.eventLoop(), fired::incrementAndGet);

    private void advance(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void firesOnceAtTheDeadline() {
        timeout.arm(TimeUnit.SECONDS.toNanos(10));
        advance(9);
        assertThat(fired).hasValue(0);
        advance(2);
        advance(20);
        assertThat(fired).hasValue(1);
    }

    @Test
    void reArmingMovesTheDeadlineWithoutFiringEarly() {
        timeout.arm(TimeUnit.SECONDS.toNanos(10));
        advance(8);
        timeout.arm(TimeUnit.SECONDS.toNanos(10));
        advance(8);
        assertThat(fired).hasValue(0);
        advance(3);
        assertThat(fired).hasValue(1);
    }

    @Test
    void aShorterTimeoutAfterALongOneFiresOnTime() {
        timeout.arm(TimeUnit.SECONDS.toNanos(60));
        timeout.arm(TimeUnit.SECONDS.toNanos(5));
        advance(6);
        assertThat(fired).hasValue(1);
    }

    @Test
    void aDisarmedTimeoutNeverFires() {
        timeout.arm(TimeUnit.SECONDS.toNanos(1));
        timeout.disarm();
        advance(5);
        assertThat(fired).hasValue(0);
        assertThat(timeout.armed()).isFalse();
    }
}
