package dev.nonstop.coordination.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FencingTokenRegistryTest {

    private final FencingTokenRegistry registry = new FencingTokenRegistry();

    @Test
    void aLowerTokenThanTheHighestSeenIsRefused() {
        assertThat(registry.check("release-1", 7).accepted()).isTrue();
        FenceDecision stale = registry.check("release-1", 6);

        assertThat(stale.accepted()).isFalse();
        assertThat(stale.highestSeen()).isEqualTo(7);
        assertThat(stale.describe()).isEqualTo("release-1: token 6 refused (highest seen: 7)");
    }

    @Test
    void theCurrentHolderMayWriteAgainWithTheSameToken() {
        registry.check("release-1", 7);
        assertThat(registry.check("release-1", 7).accepted()).isTrue();
        assertThat(registry.check("release-1", 8).accepted()).isTrue();
        assertThat(registry.check("release-1", 7).accepted()).isFalse();
    }

    @Test
    void keysAreFencedIndependently() {
        registry.check("release-1", 100);
        assertThat(registry.check("release-2", 1).accepted()).isTrue();
        assertThat(registry.highestSeen("release-1")).hasValue(100);
        assertThat(registry.highestSeen("release-3")).isEmpty();
    }

    @Test
    void forgettingAKeyStartsItOver() {
        registry.check("release-1", 100);
        registry.forget("release-1");
        assertThat(registry.check("release-1", 1).accepted()).isTrue();
    }

    @Test
    void anEmptyKeyIsRejectedWithItsName() {
        assertThatThrownBy(() -> registry.check("", 1)).hasMessage("key:  (expected: non-empty)");
    }

    @Test
    void concurrentChecksNeverAcceptATokenBelowOneAlreadyAccepted() throws Exception {
        AtomicInteger acceptedOutOfOrder = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            LongStream.rangeClosed(1, 20_000)
                    .forEach(token -> pool.submit(() -> {
                        FenceDecision decision = registry.check("k", token);
                        if (decision.accepted() && decision.highestSeen() != token) {
                            acceptedOutOfOrder.incrementAndGet();
                        }
                    }));
        }
        assertThat(acceptedOutOfOrder).hasValue(0);
        assertThat(registry.highestSeen("k")).hasValue(20_000);
    }
}
