package dev.nonstop.sample.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangeTrackerTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ExchangeTracker tracker = new ExchangeTracker(pool);

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Test
    void awaitIdleReturnsOnceEveryExchangeHasFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        tracker.execute(() -> awaitQuietly(release));
        assertThat(tracker.running()).isEqualTo(1);

        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> awaitIdle(Duration.ofSeconds(30)));
        assertThat(idle).isNotDone();

        release.countDown();

        assertThat(idle.get()).isTrue();
        assertThat(tracker.running()).isZero();
    }

    @Test
    void awaitIdleGivesUpAtItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        tracker.execute(() -> awaitQuietly(release));

        assertThat(tracker.awaitIdle(Duration.ofMillis(50))).isFalse();

        release.countDown();
        await().until(() -> tracker.running() == 0);
    }

    @Test
    void aRejectedExchangeIsNotCounted() {
        pool.shutdown();

        assertThatThrownBy(() -> tracker.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
        assertThat(tracker.running()).isZero();
    }

    @Test
    void stopDelaysAreWholeSecondsRoundedUp() {
        assertThat(ExchangeTracker.ceilSeconds(Duration.ZERO)).isZero();
        assertThat(ExchangeTracker.ceilSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ExchangeTracker.ceilSeconds(Duration.ofMillis(30_000))).isEqualTo(30);
    }

    private boolean awaitIdle(Duration timeout) {
        try {
            return tracker.awaitIdle(timeout);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
