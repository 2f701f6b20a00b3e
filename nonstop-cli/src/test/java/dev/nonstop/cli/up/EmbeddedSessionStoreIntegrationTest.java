package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSessionStoreIntegrationTest {
    @TempDir
    Path dataDir;

    @Test
    void itListensOnLoopbackOnly() throws Exception {
        InetAddress external = nonLoopbackAddress()
                .orElseThrow(() -> new AssertionError(
                        "this test needs a network interface with a non-loopback IPv4 address to try the store on"));
        try (EmbeddedSessionStore store = EmbeddedSessionStore.start(dataDir, 0)) {
            assertThat(store.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(store.jdbcUrl()).startsWith("jdbc:h2:tcp://127.0.0.1:");
            try (Socket loopback = new Socket()) {
                loopback.connect(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(),
                                store.address().getPort()),
                        2000);
            }
            assertThatThrownBy(() -> {
                        try (Socket other = new Socket()) {
                            other.connect(
                                    new InetSocketAddress(
                                            external, store.address().getPort()),
                                    2000);
                        }
                    })
                    .as("connecting on %s", external)
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theInstancesGetACredentialThatOpensTheStoreAndNoOtherDoes() throws Exception {
        try (EmbeddedSessionStore store = EmbeddedSessionStore.start(dataDir, 0)) {
            Map<String, String> env = store.env();
            assertThat(env).containsEntry("NONSTOP_SESSION_STORE", "jdbc");
            try (Connection c = DriverManager.getConnection(
                    env.get("NONSTOP_SESSION_JDBC_URL"),
                    env.get("NONSTOP_SESSION_JDBC_USERNAME"),
                    env.get("NONSTOP_SESSION_JDBC_PASSWORD"))) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThatThrownBy(() -> DriverManager.getConnection(store.jdbcUrl(), store.username(), "guess"))
                    .isInstanceOf(SQLException.class);
            // The server makes no database for its clients: only the sessions one exists.
            assertThatThrownBy(() -> DriverManager.getConnection(
                            store.jdbcUrl().replace("/sessions", "/other"), store.username(), store.password()))
                    .isInstanceOf(SQLException.class);
            assertThat(store.toString()).doesNotContain(store.password());
        }
    }

    @Test
    void thePasswordFileIsReadableByItsOwnerOnly() throws Exception {
        try (EmbeddedSessionStore store = EmbeddedSessionStore.start(dataDir, 0)) {
            Path file = dataDir.resolve(EmbeddedSessionStore.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(file).strip())
                    .isEqualTo(store.password())
                    .hasSizeGreaterThanOrEqualTo(40);
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dataDir.resolve(EmbeddedSessionStore.DATABASE))))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void credentialsAndSessionsSurviveARestart() throws Exception {
        String password;
        try (EmbeddedSessionStore first = EmbeddedSessionStore.start(dataDir, 0)) {
            password = first.password();
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), password);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id VARCHAR(20))");
                s.execute("INSERT INTO kept VALUES ('alice')");
            }
        }
        try (EmbeddedSessionStore second = EmbeddedSessionStore.start(dataDir, 0)) {
            assertThat(second.password()).isEqualTo(password);
            assertThat(second.username()).isEqualTo(EmbeddedSessionStore.USER);
            try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.username(), password);
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("alice");
            }
        }
    }

    @Test
    void aStoreMadeWithAnotherPasswordIsRefusedWithTheFixSaid() throws Exception {
        EmbeddedSessionStore.start(dataDir, 0).close();
        Files.writeString(dataDir.resolve(EmbeddedSessionStore.PASSWORD_FILE), "not-the-one\n");

        assertThatThrownBy(() -> EmbeddedSessionStore.start(dataDir, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("was made with another password")
                .hasMessageContaining(EmbeddedSessionStore.PASSWORD_FILE);
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (EmbeddedSessionStore first = EmbeddedSessionStore.start(dataDir, 0)) {
            int taken = first.address().getPort();
            assertThatThrownBy(() -> EmbeddedSessionStore.start(dataDir.resolve("other"), taken))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("sessions.port: " + taken);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
