package dev.nonstop.cli.up;

import dev.nonstop.common.token.BearerToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.h2.api.ErrorCode;
import org.h2.engine.SysProperties;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/**
 * The session store {@code nonstop up} offers its apps by default: an H2 database under the data directory
 * ({@code sessions/sessions.mv.db}) served over H2's TCP protocol on 127.0.0.1 only, so that every instance, and
 * the next version's, reads the same sessions. The user {@value #USER} and its password are made once per data
 * directory (the password in {@code session-store.password}, owner-only) and reach the instances only through
 * their environment ({@link #env()}); they are never logged. The server neither accepts other hosts nor creates
 * databases for its clients.
 *
 * <p>H2 reads the address its servers bind once per JVM ({@code h2.bindAddress}); this class sets it to 127.0.0.1
 * when it is loaded, and refuses to start when it finds it set to anything but a loopback address (H2 loaded and
 * configured before it).
 */
public final class EmbeddedSessionStore implements AutoCloseable {
    /** The variable that names the store kind for the starter. */
    static final String STORE_VARIABLE = "NONSTOP_SESSION_STORE";

    static final String USER = "nonstop_sessions";
    static final String DATABASE = "sessions";
    static final String PASSWORD_FILE = "session-store.password";

    static {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final Server server;
    private final String password;

    private EmbeddedSessionStore(Server server, String password) {
        this.server = server;
        this.password = password;
    }

    /**
     * Creates the database on first use, then serves it on 127.0.0.1:{@code port}.
     *
     * @param dataDir the platform's data directory (owner-only)
     * @param port 0 for any free port
     * @throws IOException when the password file or the database directory cannot be made, the database was made
     *     with another password, or the server cannot listen
     */
    public static EmbeddedSessionStore start(Path dataDir, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sessions.port: " + port + " (expected: 0-65535)");
        }
        requireLoopbackBinding();
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        BearerToken.readOrCreate(passwordFile, "session store password");
        String password = Files.readString(passwordFile).strip();
        Path dir = Platform.privateDirectory(dataDir.resolve(DATABASE)).toAbsolutePath();
        createOrCheck(dir, password);
        Server server;
        try {
            server = Server.createTcpServer(
                            "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-tcpDaemon")
                    .start();
        } catch (SQLException e) {
            throw new IOException(
                    "sessions.port: " + port + " (expected: a free port; the session store cannot listen: "
                            + e.getMessage() + ")",
                    e);
        }
        return new EmbeddedSessionStore(server, password);
    }

    /**
     * Opens the database once on its file, which creates it with {@link #USER} as its owner the first time, and checks
     * the password of an existing one.
     */
    private static void createOrCheck(Path dir, String password) throws IOException {
        JdbcDataSource local = new JdbcDataSource();
        local.setURL("jdbc:h2:file:" + dir.resolve(DATABASE));
        try (Connection c = local.getConnection(USER, password)) {
            c.isValid(1);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new IOException("the session store " + dir.resolve(DATABASE + ".mv.db")
                        + " was made with another password than the one in " + PASSWORD_FILE
                        + " (expected: the password file it was made with; delete both to start afresh:"
                        + " users will have to log in again)");
            }
            throw new IOException("the session store under " + dir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static void requireLoopbackBinding() throws IOException {
        String bind = SysProperties.BIND_ADDRESS;
        boolean loopback;
        try {
            loopback = bind != null
                    && !bind.isEmpty()
                    && InetAddress.getByName(bind).isLoopbackAddress();
        } catch (IOException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IOException("h2.bindAddress: " + bind
                    + " (expected: 127.0.0.1, so that the session store listens on loopback only; leave the system"
                    + " property unset)");
        }
    }

    /** Where the store listens: always a loopback address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(SysProperties.BIND_ADDRESS, server.getPort());
    }

    public String jdbcUrl() {
        return "jdbc:h2:tcp://" + SysProperties.BIND_ADDRESS + ":" + server.getPort() + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** What every instance gets: the store kind, URL and credentials, as the starter reads them. */
    public Map<String, String> env() {
        return Map.of(
                STORE_VARIABLE,
                "jdbc",
                "NONSTOP_SESSION_JDBC_URL",
                jdbcUrl(),
                "NONSTOP_SESSION_JDBC_USERNAME",
                USER,
                "NONSTOP_SESSION_JDBC_PASSWORD",
                password);
    }

    /** Stops serving; the instances' open connections are closed. */
    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "EmbeddedSessionStore[" + jdbcUrl() + "]";
    }
}
