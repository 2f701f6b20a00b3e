package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Release;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signal the waits of a release race against, on an in-memory store: a command recorded here wakes a parked
 * wait at once, one recorded elsewhere within the command poll; a paused release holds the gate, an aborted or
 * rolled back one ends the wait; outside the forward walk nothing is gated.
 */
class ReleaseControlTest {
    private ClaimedRelease claimed;
    private ControllerStore store;
    private Release release;
    private ReleaseControl control;
    private final AtomicBoolean siblingFailed = new AtomicBoolean();

    @TempDir
    Path dir;

    @BeforeEach
    void openStore() throws Exception {
        claimed = new ClaimedRelease(dir, s -> {});
        store = claimed.store;
        release = claimed.release;
        control = new ReleaseControl(store, claimed.fence, Clock.systemUTC(), Duration.ofSeconds(30), List.of());
        control.moveTo(ReleaseState.RUNNING, null);
        control.startWalking(siblingFailed::get);
    }

    @AfterEach
    void closeStore() {
        claimed.close();
    }

    private CompletableFuture<Long> parkFor(Duration d) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                control.park(d);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
    }

    @Test
    void aCommandRecordedHereWakesAParkedWaitAtOnceAndEndsItAtTheGate() throws Exception {
        assertThat(control.pass()).isZero();
        CompletableFuture<Long> parked = parkFor(Duration.ofSeconds(20));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !parked.isDone());

        store.applyCommand(release.id(), ReleaseCommand.ABORT);
        control.commandRecorded();

        assertThat(parked.get(1, TimeUnit.SECONDS)).isLessThan(1000);
        assertThatThrownBy(control::pass).isInstanceOf(ReleaseControl.Aborted.class);
    }

    @Test
    void aCommandRecordedByAnotherControllerIsSeenWithinTheCommandPoll() throws Exception {
        ReleaseControl polling = new ReleaseControl(
                store,
                store.claimRelease(release.id(), "controller-a", 1),
                Clock.systemUTC(),
                Duration.ofMillis(50),
                List.of());
        polling.startWalking(() -> false);
        assertThat(polling.pass()).isZero();
        CompletableFuture<Long> parked = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                polling.park(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });

        store.applyCommand(release.id(), ReleaseCommand.ROLLBACK);

        assertThat(parked.get(1, TimeUnit.SECONDS)).isLessThan(1000);
        assertThatThrownBy(polling::pass).isInstanceOf(ReleaseControl.RollbackRequested.class);
    }

    @Test
    void aPausedReleaseHoldsTheGateUntilResumedAndReportsTheTimeHeld() throws Exception {
        store.applyCommand(release.id(), ReleaseCommand.PAUSE);
        control.commandRecorded();
        CompletableFuture<Duration> gate = CompletableFuture.supplyAsync(control::pass);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !gate.isDone());

        store.applyCommand(release.id(), ReleaseCommand.RESUME);
        control.commandRecorded();

        assertThat(gate.get(1, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anAbortWhilePausedEndsTheHeldWait() {
        store.applyCommand(release.id(), ReleaseCommand.PAUSE);
        control.commandRecorded();
        CompletableFuture<Duration> gate = CompletableFuture.supplyAsync(control::pass);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !gate.isDone());

        store.applyCommand(release.id(), ReleaseCommand.ABORT);
        control.commandRecorded();

        assertThatThrownBy(() -> gate.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(ReleaseControl.Aborted.class);
    }

    @Test
    void aFailedSiblingEndsTheWaitAndNothingIsGatedOutsideTheWalk() {
        siblingFailed.set(true);
        assertThatThrownBy(control::pass).isInstanceOf(ReleaseControl.StopWalking.class);

        control.stopWalking();
        store.applyCommand(release.id(), ReleaseCommand.ROLLBACK);
        control.commandRecorded();

        assertThat(control.pass()).isZero();
    }
}
