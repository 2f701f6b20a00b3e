package dev.nonstop.common.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentFencingTokenRegistryTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("state").resolve("fencing.json");
    }

    @Test
    void aRegistryOpenedOnTheSameFileRefusesTokensBelowThoseSeenBeforeTheRestart() {
        FencingTokenRegistry before = FencingTokenRegistry.persistent(file());
        before.check("r-1", 5);
        before.check("r-2", 9);

        FencingTokenRegistry after = FencingTokenRegistry.persistent(file());

        assertThat(after.check("r-1", 4).accepted()).isFalse();
        assertThat(after.check("r-1", 5).accepted()).isTrue();
        assertThat(after.highestSeen("r-2")).hasValue(9);
        assertThat(after.check("r-2", 10).accepted()).isTrue();
        assertThat(FencingTokenRegistry.persistent(file()).highestSeen("r-2")).hasValue(10);
    }

    @Test
    void aMissingFileIsAnEmptyRegistryAndNothingIsWrittenUntilATokenIsRaised() {
        FencingTokenRegistry registry = FencingTokenRegistry.persistent(file());
        assertThat(registry.highestSeen("r-1")).isEmpty();
        assertThat(file().getParent()).doesNotExist();

        registry.check("r-1", 1);
        assertThat(file()).exists();
        assertThat(file().resolveSibling("fencing.json.tmp")).doesNotExist();
    }

    @Test
    void theFileIsPrivateToItsOwnerInAPrivateDirectory() throws Exception {
        FencingTokenRegistry.persistent(file()).check("r-1", 1);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aCorruptFileIsAStartUpErrorNamingTheFile() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"format\": 1, \"highest\": {\"r-1\": 5", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FencingTokenRegistry.persistent(file()))
                .isInstanceOfSatisfying(
                        FencingStateException.class, e -> assertThat(e.file()).isEqualTo(file().toAbsolutePath()))
                .hasMessageStartingWith("fencing state " + file().toAbsolutePath() + ": corrupt (not JSON");
    }

    @Test
    void aFileOfAnotherShapeIsAStartUpErrorToo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"format\": 1, \"highest\": {\"r-1\": \"five\"}}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FencingTokenRegistry.persistent(file()))
                .isInstanceOf(FencingStateException.class)
                .hasMessageContaining("highest.r-1: \"five\" is not a token");

        Files.writeString(file(), "", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FencingTokenRegistry.persistent(file()))
                .isInstanceOf(FencingStateException.class)
                .hasMessageContaining(file().toAbsolutePath().toString());
    }

    @Test
    void anUnreadableFileIsAStartUpErrorNamingTheFile() throws Exception {
        Files.createDirectories(file());
        assertThatThrownBy(() -> FencingTokenRegistry.persistent(file()))
                .isInstanceOf(FencingStateException.class)
                .hasMessageStartingWith("fencing state " + file().toAbsolutePath() + ": cannot be read");
    }

    @Test
    void aTokenThatCannotBeWrittenIsNotAccepted() throws Exception {
        FencingTokenRegistry registry = FencingTokenRegistry.persistent(file());
        Files.writeString(file().getParent(), "a file where the directory should be");

        assertThatThrownBy(() -> registry.check("r-1", 5))
                .isInstanceOf(FencingStateException.class)
                .hasMessageContaining("cannot be written");
        assertThat(registry.highestSeen("r-1")).isEmpty();
    }

    @Test
    void forgettingAKeyForgetsItInTheFileToo() {
        FencingTokenRegistry registry = FencingTokenRegistry.persistent(file());
        registry.check("r-1", 5);
        registry.forget("r-1");
        assertThat(FencingTokenRegistry.persistent(file()).highestSeen("r-1")).isEmpty();
    }

    @Test
    void theKeysKeptBeyondTheCapacityAreTheOnesCheckedMostRecentlyAfterARestartToo() {
        FencingTokenRegistry registry = FencingTokenRegistry.persistent(file(), 2);
        registry.check("r-1", 1);
        registry.check("r-2", 2);
        registry.check("r-3", 3);

        FencingTokenRegistry after = FencingTokenRegistry.persistent(file(), 2);
        assertThat(after.highestSeen("r-1")).isEmpty();
        assertThat(after.highestSeen("r-2")).hasValue(2);
        assertThat(after.highestSeen("r-3")).hasValue(3);
    }

    @Test
    void concurrentChecksPersistTheHighestAcceptedTokenAndNeverAcceptALowerOne() throws Exception {
        FencingTokenRegistry registry = FencingTokenRegistry.persistent(file());
        AtomicInteger acceptedOutOfOrder = new AtomicInteger();
        List<Future<?>> checks = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (long token = 1; token <= 400; token++) {
                long t = token;
                String key = "r-" + (token % 4);
                checks.add(pool.submit(() -> {
                    FenceDecision decision = registry.check(key, t);
                    if (decision.accepted() && decision.highestSeen() != t) {
                        acceptedOutOfOrder.incrementAndGet();
                    }
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        }
        assertThat(acceptedOutOfOrder).hasValue(0);
        FencingTokenRegistry after = FencingTokenRegistry.persistent(file());
        for (int k = 0; k < 4; k++) {
            assertThat(after.highestSeen("r-" + k))
                    .hasValue(registry.highestSeen("r-" + k).getAsLong());
        }
        assertThat(after.highestSeen("r-0")).hasValue(400);
        assertThat(after.highestSeen("r-1")).hasValue(397);
    }
}
