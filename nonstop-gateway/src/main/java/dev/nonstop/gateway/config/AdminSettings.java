package dev.nonstop.gateway.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the admin API listens and where its bearer token comes from.
 *
 * @param listen defaults to {@code 127.0.0.1:9090}; binding elsewhere exposes control of the
 *     gateway to the network (the token still guards it)
 * @param tokenFile file holding the token; created with a random token (mode 0600) when missing.
 *     Relative paths are resolved against the working directory. Defaults to {@value
 *     #DEFAULT_TOKEN_FILE}
 * @param token an inline token instead of a file, or {@code null}. Discouraged: config files get
 *     copied, committed and printed. Never shown by {@link #toString()}
 */
public record AdminSettings(InetSocketAddress listen, Path tokenFile, String token) {
    public static final String DEFAULT_TOKEN_FILE = ".nonstop/gateway.token";
    public static final int DEFAULT_PORT = 9090;

    public AdminSettings {
        Objects.requireNonNull(listen, "listen");
        if (tokenFile == null && token == null) {
            throw new IllegalArgumentException("admin: neither tokenFile nor token (expected: one of them)");
        }
    }

    public static AdminSettings defaults() {
        return new AdminSettings(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), Path.of(DEFAULT_TOKEN_FILE), null);
    }

    public AdminSettings withListen(InetSocketAddress newListen) {
        return new AdminSettings(newListen, tokenFile, token);
    }

    @Override
    public String toString() {
        return "AdminSettings[listen=" + listen + ", tokenFile=" + tokenFile + ", token="
                + (token == null ? "none" : "(inline, hidden)") + "]";
    }
}
