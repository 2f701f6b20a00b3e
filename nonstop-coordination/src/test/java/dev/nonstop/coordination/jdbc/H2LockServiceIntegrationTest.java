package dev.nonstop.coordination.jdbc;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.LockServiceContractTest;
import dev.nonstop.coordination.contract.LockServiceFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on H2 with a file database behind H2's TCP server, so that child JVMs share it. The
 * store is interrupted by a real restart of the server; the file keeps the tokens.
 */
class H2LockServiceIntegrationTest extends LockServiceContractTest {

    private static Path dir;
    private static int port;
    private static Server server;

    @BeforeAll
    static void startH2() throws Exception {
        dir = Files.createTempDirectory("nonstop-h2-");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        server = startServer();
    }

    @AfterAll
    static void stopH2() {
        if (server != null) {
            server.stop();
        }
    }

    private static Server startServer() throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dir.toString())
                .start();
    }

    @Override
    protected Class<? extends LockServiceFactory> factoryClass() {
        return JdbcLockServiceFactory.class;
    }

    @Override
    protected InetSocketAddress storeAddress() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    protected Map<String, String> settingsFor(InetSocketAddress address) {
        return Map.of("jdbc.url", "jdbc:h2:tcp://127.0.0.1:" + address.getPort() + "/locks", "jdbc.user", "sa");
    }

    @Override
    protected void interruptStore(LockService holder) throws Exception {
        server.stop();
        server = startServer();
    }
}
