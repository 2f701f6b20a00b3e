package dev.nonstop.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.testing.sockets.ListeningSockets;
import dev.nonstop.testing.sockets.ListeningSockets.Listener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 store is reachable by the platform's own process only: no network listener, a random password in
 * an owner-only file, an owner-only directory and files, and a second process refused with the directory named.
 */
@Timeout(120)
class EmbeddedH2IntegrationTest {
    @TempDir
    Path tempDir;

    private Path dir() {
        return tempDir.resolve(".nonstop");
    }

    private String url() {
        return "jdbc:h2:file:" + dir().toAbsolutePath().resolve("nonstop");
    }

    @Test
    void openingTheStoreOpensNoNetworkListener() {
        Set<Listener> before = ListeningSockets.ofThisProcess();

        try (ControllerStore store = ControllerStore.h2(dir())) {
            store.createApp("shop");

            assertThat(ListeningSockets.ofThisProcess())
                    .as("listening sockets after the store opened")
                    .isSubsetOf(before);
        }
    }

    @Test
    void theDatabaseHasARandomPasswordInAnOwnerOnlyFileAndRefusesTheOldEmptyOne() throws Exception {
        ControllerStore.h2(dir()).close();

        Path passwordFile = dir().resolve("store.password");
        String password =
                Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
        assertThat(password).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> DriverManager.getConnection(url(), "sa", "").close())
                .as("connecting as sa with an empty password")
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getErrorCode())
                .isEqualTo(28000);
        try (Connection c = DriverManager.getConnection(url(), "nonstop", password)) {
            assertThat(c.isValid(1)).isTrue();
        }
        ControllerStore.h2(dir()).close(); // and the store opens again with it
    }

    @Test
    void theDirectoryAndEveryFileInItAreOwnerOnlyWhileOpenAndAfterClose() throws Exception {
        // As earlier versions and a default umask left it.
        Files.createDirectories(
                dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        try (ControllerStore store = ControllerStore.h2(dir())) {
            store.createApp("shop");
            assertThat(permissions(dir())).as("the directory while open").isEqualTo("rwx------");
            assertThat(filesUnder(dir())).isNotEmpty().allSatisfy(file -> assertThat(permissions(file))
                    .as("%s while open", file)
                    .isEqualTo("rw-------"));
            // A refused login makes H2 write its trace file, created with the process's umask.
            assertThatThrownBy(() -> DriverManager.getConnection(url(), "nonstop", "wrong")
                            .close())
                    .isInstanceOf(SQLException.class);
        }

        assertThat(permissions(dir())).as("the directory after close").isEqualTo("rwx------");
        assertThat(filesUnder(dir()))
                .anyMatch(file -> file.getFileName().toString().equals("nonstop.trace.db"))
                .allSatisfy(file ->
                        assertThat(permissions(file)).as("%s after close", file).isEqualTo("rw-------"));
    }

    @Test
    void aStoreMadeByAnEarlierVersionWithNoPasswordIsUpgradedAndKeepsItsData() throws Exception {
        try (ControllerStore old = ControllerStore.jdbc(url() + ";AUTO_SERVER=TRUE", "sa", "")) {
            old.createApp("shop");
        }

        try (ControllerStore store = ControllerStore.h2(dir())) {
            assertThat(store.app("shop")).isPresent();
        }

        assertThatThrownBy(() -> DriverManager.getConnection(url(), "sa", "").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getErrorCode())
                .isEqualTo(28000);
        try (ControllerStore reopened = ControllerStore.h2(dir())) {
            assertThat(reopened.app("shop")).isPresent();
        }
    }

    @Test
    void anUpgradeCutShortAfterThePasswordFileWasWrittenIsFinishedOnTheNextOpen() throws Exception {
        try (ControllerStore old = ControllerStore.jdbc(url(), "sa", "")) {
            old.createApp("shop");
        }
        Files.writeString(dir().resolve("store.password"), "a-password-written-before-the-crash\n");

        try (ControllerStore store = ControllerStore.h2(dir())) {
            assertThat(store.app("shop")).isPresent();
        }
        try (Connection c = DriverManager.getConnection(url(), "nonstop", "a-password-written-before-the-crash")) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aStoreThatRefusesThePasswordFileSaysWhichFiles() throws Exception {
        ControllerStore.h2(dir()).close();
        Files.writeString(dir().resolve("store.password"), "not-the-password\n");

        assertThatThrownBy(() -> ControllerStore.h2(dir()))
                .isInstanceOf(ControllerStoreException.class)
                .hasMessageContaining(
                        dir().toAbsolutePath().resolve("nonstop.mv.db").toString())
                .hasMessageContaining(
                        dir().toAbsolutePath().resolve("store.password").toString());
    }

    @Test
    void aSecondProcessOpeningTheSameDirectoryIsRefusedWithTheDirectoryNamed() throws Exception {
        try (ControllerStore store = ControllerStore.h2(dir())) {
            store.createApp("shop");
            Process second = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx128m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            OpenEmbeddedStoreMain.class.getName(),
                            dir().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(second.exitValue()).as("exit code; stderr: %s", stderr).isEqualTo(1);
            assertThat(stderr)
                    .contains("the store in " + dir().toAbsolutePath())
                    .contains("in use by another process");
            assertThat(store.app("shop"))
                    .as("the first process's store still works")
                    .isPresent();
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(p -> !p.equals(dir)).toList());
        }
    }
}
