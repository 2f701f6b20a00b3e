package dev.nonstop.cli.demo;

import dev.nonstop.cli.up.SessionStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sessions in the store {@code nonstop up} offers by default: nothing configured anywhere. */
class EmbeddedSpringSessionsIntegrationTest extends SpringSessionsReleaseContract {
    private static final Pattern URL = Pattern.compile("session store\\s+(jdbc:h2:tcp://\\S+)");

    @Override
    SessionStoreConfig sessions() {
        return SessionStoreConfig.embedded();
    }

    @Override
    long storedSessions(Path dataDir, String progress) throws Exception {
        Matcher url = URL.matcher(progress);
        if (!url.find()) {
            throw new AssertionError("the platform did not say where its session store listens: " + progress);
        }
        String password =
                Files.readString(dataDir.resolve("session-store.password")).strip();
        try (Connection c = DriverManager.getConnection(url.group(1), "nonstop_sessions", password);
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM SPRING_SESSION")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
