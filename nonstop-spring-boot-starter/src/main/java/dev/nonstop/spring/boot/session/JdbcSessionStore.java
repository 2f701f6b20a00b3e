package dev.nonstop.spring.boot.session;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nonstop.spring.boot.NonstopSettings;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.env.Environment;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions in a database of their own: a small Hikari pool on {@code nonstop.session.jdbc.url}, the
 * Spring Session tables created when missing, and the repository on top, for Spring MVC as it is and
 * for WebFlux with its calls off the event loop (the same tables and rows either way). The pool, its
 * transaction manager and template are not beans, so nothing of the app's own data access changes.
 */
public final class JdbcSessionStore implements AutoCloseable {

    /** Sessions are small, short reads and writes: a few connections serve many requests. */
    static final int POOL_SIZE = 4;

    private final HikariDataSource dataSource;
    private final JdbcIndexedSessionRepository repository;

    private JdbcSessionStore(HikariDataSource dataSource, JdbcIndexedSessionRepository repository) {
        this.dataSource = dataSource;
        this.repository = repository;
    }

    static JdbcSessionStore open(Environment environment, Duration timeout, ClassLoader classLoader) {
        String url = NonstopSettings.required(
                environment, NonstopSettings.SESSION_JDBC_URL, "a JDBC URL such as jdbc:postgresql://host:5432/db");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(NonstopSettings.SESSION_JDBC_URL + " ("
                    + NonstopSettings.envName(NonstopSettings.SESSION_JDBC_URL) + "): " + url
                    + " (expected: a JDBC URL such as jdbc:postgresql://host:5432/db)");
        }
        requireDriver(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("nonstop-sessions");
        config.setJdbcUrl(url);
        Optional.ofNullable(environment.getProperty(NonstopSettings.SESSION_JDBC_USERNAME))
                .ifPresent(config::setUsername);
        Optional.ofNullable(environment.getProperty(NonstopSettings.SESSION_JDBC_PASSWORD))
                .ifPresent(config::setPassword);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot reach the session database at " + NonstopSettings.SESSION_JDBC_URL + " ("
                            + NonstopSettings.envName(NonstopSettings.SESSION_JDBC_URL) + ") " + url + ": "
                            + rootMessage(e),
                    e);
        }
        try {
            SessionSchema.ensure(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(jdbc, transactions);
            repository.setDefaultMaxInactiveInterval(timeout);
            repository.setConversionService(conversions(classLoader));
            return new JdbcSessionStore(dataSource, repository);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Fails the start naming the setting and the driver to add when no JDBC driver takes {@code url}. */
    static void requireDriver(String url) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new IllegalStateException(NonstopSettings.SESSION_JDBC_URL + " ("
                    + NonstopSettings.envName(NonstopSettings.SESSION_JDBC_URL) + "): " + url
                    + " needs a JDBC driver the app lacks (add " + driverFor(url) + " to the app's dependencies)");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The Maven coordinates of the usual driver for a JDBC URL. */
    static String driverFor(String url) {
        String sub = url.substring("jdbc:".length());
        String protocol = sub.contains(":") ? sub.substring(0, sub.indexOf(':')) : sub;
        switch (protocol.toLowerCase(java.util.Locale.ROOT)) {
            case "postgresql":
                return "org.postgresql:postgresql";
            case "mariadb":
                return "org.mariadb.jdbc:mariadb-java-client";
            case "mysql":
                return "com.mysql:mysql-connector-j";
            case "h2":
                return "com.h2database:h2";
            case "oracle":
                return "com.oracle.database.jdbc:ojdbc11";
            case "sqlserver":
                return "com.microsoft.sqlserver:mssql-jdbc";
            default:
                return "the driver for jdbc:" + protocol;
        }
    }

    /**
     * Java serialization with the app's class loader, as Spring Session's own configuration does:
     * the classes kept in sessions come from the app's jar, not from the thread that happens to read.
     */
    static GenericConversionService conversions(ClassLoader classLoader) {
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversions.addConverter(byte[].class, Object.class, new DeserializingConverter(classLoader));
        return conversions;
    }

    /** For Spring MVC. */
    JdbcIndexedSessionRepository repository() {
        return repository;
    }

    /** For WebFlux: the same repository, its calls run on {@code Schedulers.boundedElastic()}. */
    ReactiveSessionRepository<?> reactiveRepository() {
        return offloaded(repository);
    }

    private static <S extends Session> ReactiveSessionRepository<S> offloaded(SessionRepository<S> sessions) {
        return new OffloadingReactiveSessionRepository<>(sessions);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
