package dev.nonstop.spring.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import reactor.core.scheduler.Schedulers;

/**
 * A JDBC driver for {@code jdbc:recording:<url>} that hands out {@code jdbc:<url>}'s connections and
 * records the thread of every statement made on them: where a session store really talks to its
 * database.
 */
final class ThreadRecordingDriver implements Driver {

    /** A statement's thread. */
    record Call(String thread, boolean nonBlocking) {}

    private static final String PREFIX = "jdbc:recording:";
    private static final Set<String> STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    static ThreadRecordingDriver register() {
        ThreadRecordingDriver driver = new ThreadRecordingDriver();
        try {
            DriverManager.registerDriver(driver);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return driver;
    }

    void deregister() {
        try {
            DriverManager.deregisterDriver(this);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String url(String jdbcUrl) {
        return PREFIX + jdbcUrl.substring("jdbc:".length());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection connection = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (STATEMENTS.contains(method.getName())) {
                        Thread thread = Thread.currentThread();
                        calls.add(new Call(thread.getName(), Schedulers.isNonBlockingThread(thread)));
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
