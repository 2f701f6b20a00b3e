package dev.nonstop.coordination.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.LockServiceContractTest;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.contract.StoreAvailability;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The contract on MariaDB; the store is interrupted with KILL CONNECTION on the holder's connections. */
class MariadbLockServiceIntegrationTest extends LockServiceContractTest {

    private static final String URL =
            System.getProperty("nonstop.it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test");
    private static final String USER = System.getProperty("nonstop.it.mariadb.user", "root");

    @BeforeAll
    static void requireMariadb() {
        StoreAvailability.require(
                "MariaDB at " + URL + " (user " + USER + ")",
                "Start it, or point -Dnonstop.it.mariadb.url / .user at one.",
                () -> DriverManager.getConnection(URL, USER, "").close());
    }

    @Override
    protected Class<? extends LockServiceFactory> factoryClass() {
        return JdbcLockServiceFactory.class;
    }

    @Override
    protected InetSocketAddress storeAddress() {
        return addressOf(URL);
    }

    @Override
    protected Map<String, String> settingsFor(InetSocketAddress address) {
        return Map.of("jdbc.url", withAddress(URL, address), "jdbc.user", USER);
    }

    @Override
    protected void interruptStore(LockService holder) throws Exception {
        int killed = ConnectionKiller.mariadb().killAll(JdbcLockServiceFactory.poolOf(holder), URL, USER, "");
        assertThat(killed).isPositive();
    }
}
