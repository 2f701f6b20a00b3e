package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelWalkTest {

    private static final Comparator<RuntimeException> BY_MESSAGE = Comparator.comparing(Throwable::getMessage);

    private static ParallelWalk.Task<String> task(String name, Integer... after) {
        return new ParallelWalk.Task<>(name, List.of(after));
    }

    @Test
    void tasks_that_wait_for_nothing_run_at_the_same_time() {
        CountDownLatch bothIn = new CountDownLatch(2);
        List<String> met = new CopyOnWriteArrayList<>();
        new ParallelWalk<>(List.of(task("a"), task("b")), "test")
                .run(
                        name -> {
                            bothIn.countDown();
                            // would time out if the walk ran the tasks one after the other
                            if (await(bothIn)) {
                                met.add(name);
                            }
                        },
                        BY_MESSAGE);
        assertThat(met).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void a_task_starts_only_after_every_task_it_comes_after_has_finished() {
        List<String> events = new CopyOnWriteArrayList<>();
        new ParallelWalk<>(List.of(task("a"), task("b"), task("c", 0, 1), task("d", 2)), "test")
                .run(
                        name -> {
                            events.add(name + " start");
                            events.add(name + " end");
                        },
                        BY_MESSAGE);
        assertThat(events.indexOf("c start"))
                .isGreaterThan(events.indexOf("a end"))
                .isGreaterThan(events.indexOf("b end"));
        assertThat(events.indexOf("d start")).isGreaterThan(events.indexOf("c end"));
        assertThat(events).hasSize(8);
    }

    @Test
    void after_a_failure_no_new_task_starts_the_running_ones_are_waited_for_and_the_worst_failure_is_thrown() {
        CountDownLatch failed = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<ParallelWalk.Task<String>> tasks = List.of(task("fails"), task("slow"), task("never", 0));
        ParallelWalk<String> walk = new ParallelWalk<>(tasks, "test");
        assertThatThrownBy(() -> walk.run(
                        name -> {
                            ran.add(name);
                            if (name.equals("fails")) {
                                failed.countDown();
                                throw new IllegalStateException("b: a step failed");
                            }
                            if (name.equals("slow")) {
                                await(failed);
                                // the walk tells the running task to stop; it ends at its check, with its own failure
                                while (!walk.stopping()) {
                                    Thread.onSpinWait();
                                }
                                throw new IllegalStateException("a: stopped because another failed");
                            }
                        },
                        BY_MESSAGE))
                .hasMessage("b: a step failed")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("a: stopped because another failed"));
        assertThat(ran).containsExactlyInAnyOrder("fails", "slow");
        assertThat(walk.stopping()).isTrue();
    }

    @Test
    void an_error_in_a_task_is_reported_as_a_failure_of_that_task() {
        assertThatThrownBy(() -> new ParallelWalk<>(List.of(task("a")), "test")
                        .run(
                                name -> {
                                    throw new AssertionError("boom");
                                },
                                BY_MESSAGE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task 0 died")
                .hasRootCauseMessage("boom");
    }

    @Test
    void a_task_may_only_come_after_an_earlier_task() {
        assertThatThrownBy(() -> new ParallelWalk<>(List.of(task("a", 1), task("b")), "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tasks[0].after: 1 (expected: an earlier task's index, 0 <= index < 0)");
        assertThatThrownBy(() -> new ParallelWalk<>(List.of(task("a"), task("b", 1)), "test"))
                .hasMessage("tasks[1].after: 1 (expected: an earlier task's index, 0 <= index < 1)");
    }

    @Test
    void an_empty_walk_returns_at_once() {
        new ParallelWalk<String>(List.of(), "test").run(name -> {}, BY_MESSAGE);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
