package dev.nonstop.controller.release.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RollingPlanTest {

    private static List<InstanceRef> instances(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> new InstanceRef("i" + i, "host" + (i % 2 == 1 ? "A" : "B"), 8080 + i))
                .toList();
    }

    @Test
    void batchOfOneWithoutSurgeUpgradesEachInstanceInTurn() {
        RollingPlan plan = RollingPlan.of(instances(3), 1, 0);

        assertThat(plan.surge()).isEmpty();
        assertThat(plan.batches()).containsExactly(List.of("i1"), List.of("i2"), List.of("i3"));
        assertThat(plan.retire()).isEmpty();
        assertThat(plan.minimumServing()).isEqualTo(2);
        assertThat(plan.keepsCapacity()).isFalse();
    }

    @Test
    void batchesKeepTheGivenOrderAndTheLastBatchMayBeShort() {
        RollingPlan plan = RollingPlan.of(instances(5), 2, 0);

        assertThat(plan.batches()).containsExactly(List.of("i1", "i2"), List.of("i3", "i4"), List.of("i5"));
    }

    @Test
    void aBatchLargerThanTheInstancesMakesOneBatch() {
        RollingPlan plan = RollingPlan.of(instances(3), 10, 0);

        assertThat(plan.batches()).containsExactly(List.of("i1", "i2", "i3"));
        assertThat(plan.minimumServing()).isZero();
    }

    @Test
    void surgeEqualToBatchKeepsCapacityAndRetiresAsManyOldInstancesAtTheEnd() {
        RollingPlan plan = RollingPlan.of(instances(4), 1, 1);

        assertThat(plan.surge()).containsExactly(new SurgeSlot(1, "hostA"));
        assertThat(plan.batches()).containsExactly(List.of("i1"), List.of("i2"), List.of("i3"));
        assertThat(plan.retire()).containsExactly("i4");
        assertThat(plan.instanceCount()).isEqualTo(4);
        assertThat(plan.minimumServing()).isEqualTo(4);
        assertThat(plan.keepsCapacity()).isTrue();
    }

    @Test
    void surgeLargerThanBatchAddsHeadroom() {
        RollingPlan plan = RollingPlan.of(instances(5), 1, 2);

        assertThat(plan.surge()).containsExactly(new SurgeSlot(1, "hostA"), new SurgeSlot(2, "hostB"));
        assertThat(plan.batches()).containsExactly(List.of("i1"), List.of("i2"), List.of("i3"));
        assertThat(plan.retire()).containsExactly("i4", "i5");
        assertThat(plan.minimumServing()).isEqualTo(6);
    }

    @Test
    void surgeSmallerThanBatchDropsCapacityByTheDifference() {
        RollingPlan plan = RollingPlan.of(instances(6), 3, 1);

        assertThat(plan.batches()).containsExactly(List.of("i1", "i2", "i3"), List.of("i4", "i5"));
        assertThat(plan.retire()).containsExactly("i6");
        assertThat(plan.minimumServing()).isEqualTo(4);
        assertThat(plan.keepsCapacity()).isFalse();
    }

    @Test
    void surgeOfAtLeastTheInstanceCountReplacesEveryInstance() {
        RollingPlan plan = RollingPlan.of(instances(2), 1, 5);

        assertThat(plan.requestedSurge()).isEqualTo(5);
        assertThat(plan.surge()).hasSize(2);
        assertThat(plan.batches()).isEmpty();
        assertThat(plan.retire()).containsExactly("i1", "i2");
        assertThat(plan.instanceCount()).isEqualTo(2);
        assertThat(plan.minimumServing()).isEqualTo(4);
    }

    @Test
    void surgeSlotsGoToTheHostsInTurn() {
        List<InstanceRef> current =
                List.of(new InstanceRef("a", "h1", 1), new InstanceRef("b", "h1", 2), new InstanceRef("c", "h2", 1));

        assertThat(RollingPlan.of(current, 1, 3).surge())
                .extracting(SurgeSlot::host)
                .containsExactly("h1", "h2", "h1");
    }

    @Test
    void everyInstanceIsEitherUpgradedOrRetiredExactlyOnce() {
        for (int n = 1; n <= 7; n++) {
            for (int batch = 1; batch <= 8; batch++) {
                for (int surge = 0; surge <= 8; surge++) {
                    int maxBatch = batch;
                    int effectiveSurge = Math.min(surge, n);
                    RollingPlan plan = RollingPlan.of(instances(n), batch, surge);
                    List<String> touched = new ArrayList<>();
                    plan.batches().forEach(touched::addAll);
                    touched.addAll(plan.retire());
                    assertThat(touched)
                            .as("n=%d batch=%d surge=%d", n, batch, surge)
                            .containsExactlyElementsOf(
                                    instances(n).stream().map(InstanceRef::id).toList());
                    assertThat(plan.batches())
                            .allSatisfy(b -> assertThat(b).isNotEmpty().hasSizeLessThanOrEqualTo(maxBatch));
                    assertThat(plan.surge()).hasSize(Math.min(surge, n));
                    assertThat(plan.retire()).hasSize(plan.surge().size());
                    assertThat(plan.keepsCapacity()).isEqualTo(effectiveSurge >= Math.min(batch, n - effectiveSurge));
                }
            }
        }
    }

    @Test
    void theSameInputGivesTheSamePlan() {
        assertThat(RollingPlan.of(instances(5), 2, 1)).isEqualTo(RollingPlan.of(instances(5), 2, 1));
    }

    @Test
    void badArgumentsAreNamed() {
        Stream.of(
                        new Object[] {List.of(), 1, 0, "current: [] (expected: at least one instance)"},
                        new Object[] {instances(2), 0, 0, "batch: 0 (expected: >= 1)"},
                        new Object[] {instances(2), 1, -1, "surge: -1 (expected: >= 0)"},
                        new Object[] {
                            List.of(new InstanceRef("a", "h", 1), new InstanceRef("a", "h", 2)),
                            1,
                            0,
                            "current: duplicate id a (expected: unique ids)"
                        })
                .forEach(args -> {
                    @SuppressWarnings("unchecked")
                    List<InstanceRef> current = (List<InstanceRef>) args[0];
                    assertThatThrownBy(() -> RollingPlan.of(current, (int) args[1], (int) args[2]))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessage((String) args[3]);
                });
    }

    @Test
    void anInstanceRefNeedsAValidPort() {
        assertThatThrownBy(() -> new InstanceRef("a", "h", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port: 0 (expected: 1 to 65535)");
    }
}
