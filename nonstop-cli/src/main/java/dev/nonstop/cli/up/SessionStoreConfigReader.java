package dev.nonstop.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.cli.up.SessionStoreConfig.Store;
import dev.nonstop.common.config.FieldReader;
import java.util.List;

/**
 * Reads the {@code sessions:} section of {@code nonstop.yaml}, reporting each problem with its path
 * ({@code sessions.url: mysql://x (expected: a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/sessions)}).
 */
final class SessionStoreConfigReader {
    static final List<String> FIELDS = List.of("store", "port", "url", "username", "password");
    private static final String PATH = "sessions";

    private SessionStoreConfigReader() {}

    /** @param node the section, or an empty object when absent: the embedded default */
    static SessionStoreConfig read(FieldReader r, JsonNode node) {
        Store store = r.enumValue(node, PATH, "store", Store.class, Store.EMBEDDED);
        int port = r.integer(node, PATH, "port", 0);
        String url = r.string(node, PATH, "url", "");
        String username = r.string(node, PATH, "username", "");
        String password = r.string(node, PATH, "password", "");
        if (port != 0 && store != Store.EMBEDDED) {
            r.problem(PATH + ".port", port, "no port: it is the embedded store's only (store: embedded)");
        } else if (port < 0 || port > 65535) {
            r.problem(PATH + ".port", port, "0-65535, 0 for any free port");
        }
        switch (store) {
            case JDBC -> {
                if (!url.startsWith("jdbc:")) {
                    r.problem(PATH + ".url", url, "a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/sessions");
                }
            }
            case REDIS -> {
                if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                    r.problem(PATH + ".url", url, "redis://[:password@]host:port[/db] (or rediss://)");
                }
                noCredentials(r, username, password, "store: redis takes them in its url");
            }
            case EMBEDDED, NONE -> {
                if (!url.isEmpty()) {
                    r.problem(PATH + ".url", url, "no url with store: " + FieldReader.enumName(store));
                }
                noCredentials(r, username, password, "no credentials with store: " + FieldReader.enumName(store));
            }
        }
        return new SessionStoreConfig(store, port, url, username, password);
    }

    private static void noCredentials(FieldReader r, String username, String password, String expected) {
        if (!username.isEmpty()) {
            r.problem(PATH + ".username", username, expected);
        }
        if (!password.isEmpty()) {
            // The value is not repeated: it is a secret, even when misplaced.
            r.problem(PATH + ".password", "(hidden)", expected);
        }
    }
}
