package dev.nonstop.coordination.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LeaseLostException;
import dev.nonstop.coordination.LeaseLostReason;
import dev.nonstop.coordination.LockAcquisitionTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseLockServiceTest {

    private static final Duration TTL = Duration.ofMillis(300);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final LeaseLockService locks =
            LeaseLockService.builder(store).clock(now::get).build();
    private final List<LeaseLostReason> lost = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        store.failing(false);
        locks.close();
    }

    @Test
    void aLeaseIsRenewedEveryThirdOfItsTtl() {
        Lease lease = locks.tryAcquire("a", TTL).orElseThrow();
        await().atMost(Duration.ofSeconds(2)).until(() -> store.renewals() >= 3);
        assertThat(lease.isValid()).isTrue();
    }

    @Test
    void aLeaseIsInvalidAsSoonAsItsTtlPassesWithoutRenewalAndIsReportedExpired() {
        Lease lease = locks.tryAcquire("a", TTL).orElseThrow();
        lease.addListener((l, reason) -> lost.add(reason));

        now.addAndGet(TTL.toNanos()); // a pause as long as the ttl: no renewal could run

        assertThat(lease.isValid()).isFalse();
        assertThatThrownBy(lease::checkValid).isInstanceOf(LeaseLostException.class);
        await().atMost(Duration.ofSeconds(2)).until(() -> !lost.isEmpty());
        assertThat(lost).containsExactly(LeaseLostReason.EXPIRED);
        await().atMost(Duration.ofSeconds(2)).until(() -> !store.isHeld("a"));
    }

    @Test
    void aLeaseTurnsInvalidAHundredthOfItsTtlPlusTwoMillisecondsBeforeTheTtlToAllowForClockDrift() {
        Duration ttl = Duration.ofSeconds(30); // no renewal comes in between
        Lease lease = locks.tryAcquire("a", ttl).orElseThrow();
        long allowance = ttl.toNanos() / 100 + Duration.ofMillis(2).toNanos();

        now.addAndGet(ttl.toNanos() - allowance - 1);
        assertThat(lease.isValid()).isTrue();
        now.addAndGet(1);
        assertThat(lease.isValid()).isFalse();
    }

    @Test
    void renewalsThatFailUntilTheTtlPassesLoseTheLeaseAsStoreUnreachable() {
        Lease lease = locks.tryAcquire("a", TTL).orElseThrow();
        lease.addListener((l, reason) -> lost.add(reason));
        int before = store.renewAttempts();
        store.failing(true);
        await().atMost(Duration.ofSeconds(2)).until(() -> store.renewAttempts() >= before + 2);
        assertThat(lease.isValid())
                .as("failed renewals alone do not lose a lease within its ttl")
                .isTrue();

        now.addAndGet(TTL.toNanos());

        await().atMost(Duration.ofSeconds(2)).until(() -> !lost.isEmpty());
        assertThat(lost).containsExactly(LeaseLostReason.STORE_UNREACHABLE);
        assertThat(lease.isValid()).isFalse();
    }

    @Test
    void aLeaseTheStoreGaveToAnotherIsReportedTakenOverOnce() {
        Lease lease = locks.tryAcquire("a", TTL).orElseThrow();
        lease.addListener((l, reason) -> lost.add(reason));
        store.takeOver("a");

        await().atMost(Duration.ofSeconds(2)).until(() -> !lost.isEmpty());
        await().during(TTL).atMost(Duration.ofSeconds(2)).until(() -> lost.size() == 1);
        assertThat(lost).containsExactly(LeaseLostReason.TAKEN_OVER);
        assertThat(lease.isValid()).isFalse();
    }

    @Test
    void aListenerAddedAfterTheLossIsCalledAtOnce() {
        Lease lease = locks.tryAcquire("a", TTL).orElseThrow();
        store.takeOver("a");
        await().atMost(Duration.ofSeconds(2)).until(() -> !lease.isValid());

        lease.addListener((l, reason) -> lost.add(reason));

        await().atMost(Duration.ofSeconds(2)).until(() -> !lost.isEmpty());
        assertThat(lost).containsExactly(LeaseLostReason.TAKEN_OVER);
    }

    @Test
    void closingALeaseReleasesItWithoutCallingTheListener() {
        Lease lease = locks.tryAcquire("a", TTL).orElseThrow();
        lease.addListener((l, reason) -> lost.add(reason));

        lease.close();
        lease.close();

        assertThat(store.isHeld("a")).isFalse();
        assertThat(lease.isValid()).isFalse();
        await().during(TTL).atMost(Duration.ofSeconds(2)).until(lost::isEmpty);
    }

    @Test
    void acquireWaitsAtMostMaxWaitThenSaysWhichLock() {
        locks.tryAcquire("a", TTL).orElseThrow();
        assertThatThrownBy(() -> locks.acquire("a", TTL, Duration.ZERO))
                .isInstanceOf(LockAcquisitionTimeoutException.class)
                .hasMessage("lock a: still held by another lease after PT0S");
    }

    @Test
    void aStoreThatStaysDownThroughMaxWaitFailsTheAcquireWithTheStoreError() {
        store.failing(true);
        try (LeaseLockService onSystemClock = LeaseLockService.builder(store).build()) {
            assertThatThrownBy(() -> onSystemClock.acquire("a", TTL, Duration.ofMillis(50)))
                    .hasMessage("store down (test)");
        }
    }

    @Test
    void closingTheServiceReleasesEveryLeaseAndRefusesNewOnes() {
        Lease a = locks.tryAcquire("a", TTL).orElseThrow();
        Lease b = locks.tryAcquire("b", TTL).orElseThrow();

        locks.close();

        assertThat(a.isValid()).isFalse();
        assertThat(b.isValid()).isFalse();
        assertThat(store.isHeld("a")).isFalse();
        assertThat(store.isHeld("b")).isFalse();
        assertThatThrownBy(() -> locks.tryAcquire("c", TTL)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        assertThatThrownBy(() -> locks.tryAcquire("a", Duration.ofMillis(10)))
                .hasMessage("ttl: PT0.01S (expected: >= PT0.1S)");
        assertThatThrownBy(() -> locks.tryAcquire(" ", TTL)).hasMessage("name:   (expected: 1 to 200 characters)");
        assertThatThrownBy(() -> locks.acquire("a", TTL, Duration.ofSeconds(-1)))
                .hasMessage("maxWait: PT-1S (expected: >= 0)");
    }
}
