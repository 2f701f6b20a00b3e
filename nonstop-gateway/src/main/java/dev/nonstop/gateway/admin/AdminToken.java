package dev.nonstop.gateway.admin;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.common.token.EmptyTokenFileException;
import dev.nonstop.gateway.config.AdminSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token that every admin call must present: a {@link BearerToken} from the token file (created with 32
 * random bytes, base64url, mode 0600, when missing) or, discouraged, inline from the config. Compared in constant
 * time; never logged and never shown by {@link #toString()}.
 */
public final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final String NAME = "admin token";

    private final BearerToken token;

    private AdminToken(BearerToken token) {
        this.token = token;
    }

    /** A token given as text, e.g. inline in the config or in tests. */
    public static AdminToken of(String token) {
        return new AdminToken(BearerToken.of(token, NAME));
    }

    /**
     * The token the settings ask for: the inline one (with a warning), else the token file's,
     * creating the file when it does not exist.
     *
     * @throws ConfigException when the token file exists but holds no token
     * @throws IOException when the token file cannot be read or created
     */
    public static AdminToken resolve(AdminSettings settings) throws IOException {
        if (settings.token() != null) {
            log.warn("admin token is inline in the config; prefer admin.tokenFile (config files get copied and"
                    + " printed)");
            return of(settings.token());
        }
        return readOrCreate(settings.tokenFile());
    }

    /**
     * Reads the token from {@code file}; when the file does not exist, creates it (and its parent
     * directories) holding a new random token, readable by the owner only.
     *
     * @throws ConfigException when the file exists but holds no token
     */
    public static AdminToken readOrCreate(Path file) throws IOException {
        try {
            return new AdminToken(BearerToken.readOrCreate(file, NAME));
        } catch (EmptyTokenFileException e) {
            throw new ConfigException(
                    e.file().toString(),
                    List.of(Problem.of(
                            "admin.tokenFile",
                            e.file() + " is empty",
                            "a file holding the token; delete it to have a new one generated")));
        }
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    static String newRandomToken() {
        return BearerToken.newRandomToken();
    }

    /** Whether {@code presented} is this token; constant time in its content and length. */
    public boolean matches(String presented) {
        return token.matches(presented);
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }
}
