package dev.nonstop.bench.locks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.h2.tools.Server;

/**
 * The stores, all on 127.0.0.1: the ones this JVM starts (H2 in-process, also served over TCP to
 * the child holder; ZooKeeper in Curator's {@link TestingServer}; etcd from {@code /usr/bin/etcd})
 * and the ones that must already run (PostgreSQL :5432 user postgres db test, MariaDB :3306 user root
 * db test, Redis :6379). A store that cannot be reached is reported in {@link #missing()}.
 */
final class BenchStores implements AutoCloseable {

    static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    static final String REDIS_URI = "redis://127.0.0.1:6379";
    static final Path ETCD_BINARY = Path.of("/usr/bin/etcd");

    /** A 200 ms tick allows sessions from 400 ms to 4 s, so that the session timeout can be the ttl. */
    private static final int ZOOKEEPER_TICK_MS = 200;

    private static final String H2_DATABASE = "mem:nonstop-bench-locks";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, String> missing = new LinkedHashMap<>();
    private int h2Port;
    private String zookeeperConnect;
    private String etcdEndpoint;
    private boolean postgresql;
    private boolean mariadb;
    private boolean redis;

    private BenchStores() {}

    static BenchStores start(PrintStream log) {
        BenchStores stores = new BenchStores();
        stores.startH2();
        stores.startZooKeeper();
        stores.startEtcd();
        stores.postgresql = stores.reachable(
                "postgresql", "PostgreSQL at " + POSTGRESQL_URL + " (user postgres)", () -> DriverManager.getConnection(
                                POSTGRESQL_URL, "postgres", "")
                        .close());
        stores.mariadb = stores.reachable(
                "mariadb",
                "MariaDB at " + MARIADB_URL + " (user root)",
                () -> DriverManager.getConnection(MARIADB_URL, "root", "").close());
        stores.redis = stores.reachable("redis", "Redis at " + REDIS_URI, () -> {
            if (!EtcdServer.accepts(6379)) {
                throw new IOException("nothing listens on 127.0.0.1:6379");
            }
        });
        stores.missing.forEach((backend, why) -> log.println("locks: missing " + why));
        return stores;
    }

    /** The stores that could not be started or reached: why, by backend name. */
    Map<String, String> missing() {
        return missing;
    }

    /** The rows of the table, for the stores that are there. */
    List<Subject> subjects(Duration ttl) {
        List<Subject> subjects = new ArrayList<>();
        String ours = "nonstop lease";
        if (h2Port > 0) {
            subjects.add(new Subject(
                    "h2",
                    ours,
                    Kind.NONSTOP_JDBC,
                    Map.of("url", "jdbc:h2:" + H2_DATABASE + ";DB_CLOSE_DELAY=-1", "user", "sa"),
                    Kind.NONSTOP_JDBC,
                    Map.of("url", "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/" + H2_DATABASE, "user", "sa"),
                    true,
                    "h2: in-process for throughput; the holder reaches the same database over H2's TCP server"));
        }
        if (postgresql) {
            subjects.add(jdbc("postgresql", POSTGRESQL_URL, "postgres"));
        }
        if (mariadb) {
            subjects.add(jdbc("mariadb", MARIADB_URL, "root"));
        }
        if (redis) {
            subjects.add(same("redis", ours, Kind.NONSTOP_REDIS, Map.of("uri", REDIS_URI), null));
            Map<String, String> address = Map.of("address", REDIS_URI);
            subjects.add(new Subject(
                    "redis",
                    "redisson RLock",
                    Kind.REDISSON,
                    address,
                    Kind.REDISSON_WATCHDOG,
                    Map.of("address", REDIS_URI, "watchdogMs", Long.toString(ttl.toMillis())),
                    true,
                    "redisson RLock: throughput with tryLock(wait, leaseTime = ttl), no watchdog; the killed"
                            + " holder used the watchdog with lockWatchdogTimeout = ttl"));
            subjects.add(new Subject(
                    "redis",
                    "redisson RLock, default watchdog",
                    Kind.REDISSON,
                    address,
                    Kind.REDISSON_WATCHDOG,
                    Map.of("address", REDIS_URI, "watchdogMs", "30000"),
                    false,
                    "redisson RLock, default watchdog: the killed holder used lock() as shipped"
                            + " (lockWatchdogTimeout 30 s)"));
        }
        if (zookeeperConnect != null) {
            Map<String, String> connect = Map.of("connect", zookeeperConnect);
            subjects.add(same("zookeeper", ours, Kind.NONSTOP_ZOOKEEPER, connect, null));
            subjects.add(same(
                    "zookeeper",
                    "curator InterProcessMutex",
                    Kind.CURATOR,
                    connect,
                    "curator InterProcessMutex: acquire(time, unit)/release(), session timeout = ttl"));
        }
        if (etcdEndpoint != null) {
            subjects.add(same("etcd", ours, Kind.NONSTOP_ETCD, Map.of("endpoint", etcdEndpoint), null));
        }
        return subjects;
    }

    private static Subject jdbc(String backend, String url, String user) {
        return same(backend, "nonstop lease", Kind.NONSTOP_JDBC, Map.of("url", url, "user", user), null);
    }

    private static Subject same(String backend, String lock, Kind kind, Map<String, String> settings, String note) {
        return new Subject(backend, lock, kind, settings, kind, settings, true, note);
    }

    private void startH2() {
        try {
            int port = EtcdServer.freePort();
            Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists")
                    .start();
            started.add(server::stop);
            h2Port = server.getPort();
        } catch (IOException | SQLException e) {
            missing.put("h2", "H2's TCP server on 127.0.0.1: " + e.getMessage());
        }
    }

    private void startZooKeeper() {
        try {
            InstanceSpec spec = new InstanceSpec(
                    Files.createTempDirectory("nonstop-bench-zk-").toFile(),
                    EtcdServer.freePort(),
                    -1,
                    -1,
                    true,
                    1,
                    ZOOKEEPER_TICK_MS,
                    100);
            TestingServer server = new TestingServer(spec, true);
            started.add(server);
            zookeeperConnect = "127.0.0.1:" + server.getPort();
        } catch (Exception e) {
            missing.put("zookeeper", "ZooKeeper (Curator TestingServer): " + e);
        }
    }

    private void startEtcd() {
        if (!Files.isExecutable(ETCD_BINARY)) {
            missing.put("etcd", "etcd: " + ETCD_BINARY + " is not installed (apt-get install etcd-server)");
            return;
        }
        try {
            EtcdServer etcd = EtcdServer.start(ETCD_BINARY);
            started.add(etcd);
            etcdEndpoint = etcd.endpoint();
        } catch (IOException e) {
            missing.put("etcd", "etcd: " + e.getMessage());
        }
    }

    private interface Probe {
        void run() throws Exception;
    }

    private boolean reachable(String backend, String what, Probe probe) {
        DriverManager.setLoginTimeout(3);
        try {
            probe.run();
            return true;
        } catch (Exception e) {
            missing.put(backend, what + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable store : started.reversed()) {
            try {
                store.close();
            } catch (Exception e) {
                // Best effort: the benchmark is over.
            }
        }
    }
}
