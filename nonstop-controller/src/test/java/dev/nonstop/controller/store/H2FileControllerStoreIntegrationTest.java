package dev.nonstop.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The contract on the embedded default: an H2 file under a {@code .nonstop} directory. */
class H2FileControllerStoreIntegrationTest extends ControllerStoreContractTest {

    @Override
    protected ControllerStore openStore() {
        return ControllerStore.h2(tempDir.resolve(".nonstop"));
    }

    @Test
    void theEmbeddedStoreIsOneFileThatSurvivesARestart() throws Exception {
        Path dir = tempDir.resolve(".nonstop");
        assertThat(dir.resolve("nonstop.mv.db")).isRegularFile();
        Path jar = Files.writeString(tempDir.resolve("shop.jar"), "jar");
        store.createApp("shop");
        Release release =
                store.createRelease(ReleaseSpec.builder("shop", "2", jar).build(), "1");
        ReleaseFence fence = store.claimRelease(release.id(), "c1", 1);
        store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);
        store.recordStepStarted(fence, "shop-1", InstanceStep.DRAINING, "");
        store.close();

        try (ControllerStore reopened = ControllerStore.h2(dir)) {
            assertThat(reopened.release(release.id()).orElseThrow().state()).isEqualTo(ReleaseState.RUNNING);
            assertThat(reopened.lastStep(release.id(), "shop-1"))
                    .get()
                    .extracting(StepRecord::step, StepRecord::status)
                    .containsExactly(InstanceStep.DRAINING, StepStatus.STARTED);
        }
    }
}
