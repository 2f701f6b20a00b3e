package dev.nonstop.gateway.admin;

import dev.nonstop.gateway.config.AdminSettings;
import dev.nonstop.gateway.config.ConfigException;
import dev.nonstop.gateway.routing.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token that every admin call must present. It comes from the token file (created with
 * 32 random bytes, base64url, mode 0600, when missing) or, discouraged, inline from the config.
 *
 * <p>Only a SHA-256 digest is kept; {@link #matches} compares digests in constant time, so neither
 * the content nor the length of the token leaks through timing. The token is never logged and never
 * shown by {@link #toString()}.
 */
public final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final int RANDOM_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] digest;

    private AdminToken(String token) {
        this.digest = sha256(token);
    }

    /** A token given as text, e.g. inline in the config or in tests. */
    public static AdminToken of(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("token: \"\" (expected: a non-empty token)");
        }
        return new AdminToken(token.strip());
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
     */
    public static AdminToken readOrCreate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.notExists(absolute)) {
            String token = newRandomToken();
            try {
                create(absolute, token);
                log.info(
                        "admin token written to {} (owner-only); send it as 'Authorization: Bearer <token>'", absolute);
                return new AdminToken(token);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        return read(absolute);
    }

    /** 32 random bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    static String newRandomToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(Path file, String token) throws IOException {
        boolean posix = Files.getFileStore(existingAncestor(file)).supportsFileAttributeView("posix");
        Path dir = file.getParent();
        if (dir != null && Files.notExists(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        // The file is created with owner-only permissions in one step: there is no moment when
        // another user could open it.
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(
                file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer content = ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII));
            while (content.hasRemaining()) {
                channel.write(content);
            }
        }
    }

    private static Path existingAncestor(Path file) {
        Path p = file.getParent();
        while (p != null && Files.notExists(p)) {
            p = p.getParent();
        }
        return p == null ? file.getRoot() : p;
    }

    private static AdminToken read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new ConfigException(
                    file.toString(),
                    List.of(Problem.of(
                            "admin.tokenFile",
                            file + " is empty",
                            "a file holding the token; delete it to" + " have a new one generated")));
        }
        warnIfOthersCanRead(file);
        return new AdminToken(token);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("admin token file {} is readable by other users; run: chmod 600 {}", file, file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    /** Whether {@code presented} is this token; constant time in its content and length. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }
}
