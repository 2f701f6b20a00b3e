package dev.nonstop.common.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FencingTokenRegistryTest {

    private final FencingTokenRegistry registry = FencingTokenRegistry.inMemory();

    @Test
    void aLowerTokenThanTheHighestSeenIsRefused() {
        assertThat(registry.check("release-1", 7).accepted()).isTrue();
        FenceDecision stale = registry.check("release-1", 6);

        assertThat(stale.accepted()).isFalse();
        assertThat(stale.highestSeen()).isEqualTo(7);
        assertThat(stale.describe()).isEqualTo("stale fencing token 6 for release release-1 (highest seen: 7)");
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
    void requireThrowsTheStaleTokenWithTheHighestSeen() {
        registry.require(new Fence("r-1", 5));
        assertThatThrownBy(() -> registry.require(new Fence("r-1", 3)))
                .isInstanceOfSatisfying(StaleFencingTokenException.class, e -> assertThat(e.highestSeen())
                        .isEqualTo(5))
                .hasMessage("stale fencing token 3 for release r-1 (highest seen: 5)");
    }

    @Test
    void beyondItsCapacityTheKeyCheckedLongestAgoIsForgotten() {
        FencingTokenRegistry small = FencingTokenRegistry.inMemory(2);
        small.check("r-1", 5);
        small.check("r-2", 5);
        small.check("r-1", 5); // touched: r-2 is now the one checked longest ago
        small.check("r-3", 5);

        assertThat(small.highestSeen("r-1")).hasValue(5);
        assertThat(small.highestSeen("r-2")).isEmpty();
        assertThat(small.highestSeen("r-3")).hasValue(5);
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
