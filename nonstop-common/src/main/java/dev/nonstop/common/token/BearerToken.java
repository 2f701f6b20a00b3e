package dev.nonstop.common.token;

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
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bearer token that the calls of one Nonstop API must present: the gateway's admin API, an agent's API, the
 * controller's API. It comes from a token file, created when missing with 32 random bytes (base64url) and mode 0600
 * in a 0700 directory, or from text (tests, or a token handed over by a config).
 *
 * <p>Only a SHA-256 digest is kept; {@link #matches} compares digests in constant time, so neither the content nor
 * the length of the token leaks through timing. The token is never logged and {@link #toString()} does not show it;
 * {@link #id()} names it in audit logs without revealing it.
 *
 * <pre>{@code
 * BearerToken token = BearerToken.readOrCreate(Path.of(".nonstop/agent.token"), "agent token");
 * if (!token.matches(presented)) { ... 401 ... }
 * }</pre>
 */
public final class BearerToken {
    private static final Logger log = LoggerFactory.getLogger(BearerToken.class);
    private static final int RANDOM_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String name;
    private final byte[] digest;

    private BearerToken(String name, String token) {
        this.name = name;
        this.digest = sha256(token);
    }

    /**
     * A token given as text; surrounding white space is not part of it.
     *
     * @param name what the token is for, as log lines and {@link #toString()} say it: {@code "agent token"}
     * @throws IllegalArgumentException when the token is null or blank
     */
    public static BearerToken of(String token, String name) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: \"\" (expected: a non-empty token)");
        }
        return new BearerToken(Objects.requireNonNull(name, "name"), token.strip());
    }

    /**
     * Reads the token from {@code file}; when the file does not exist, creates it (and its parent directories)
     * holding a new random token, readable by the owner only, and logs where (not the token).
     *
     * @param name what the token is for: {@code "agent token"}
     * @throws EmptyTokenFileException when the file exists and holds no token
     * @throws IOException when the file cannot be read or created
     */
    public static BearerToken readOrCreate(Path file, String name) throws IOException {
        Objects.requireNonNull(name, "name");
        Path absolute = file.toAbsolutePath();
        if (Files.notExists(absolute)) {
            String token = newRandomToken();
            try {
                create(absolute, token);
                log.info("{} written to {} (owner-only); send it as 'Authorization: Bearer <token>'", name, absolute);
                return new BearerToken(name, token);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        String token = Files.readString(absolute, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new EmptyTokenFileException(absolute);
        }
        warnIfOthersCanRead(absolute, name);
        return new BearerToken(name, token);
    }

    /** 32 random bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    public static String newRandomToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code presented} is this token; constant time in its content and length. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /**
     * A short name of the token for audit logs: the first 8 hex digits of its SHA-256, which says which token was
     * used without revealing it.
     */
    public String id() {
        return "token:" + HexFormat.of().formatHex(digest, 0, 4);
    }

    @Override
    public String toString() {
        return name + "[hidden]";
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
        // The file is created with owner-only permissions in one step: there is no moment when another user could
        // open it.
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

    private static void warnIfOthersCanRead(Path file, String name) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("{} file {} is readable by other users; run: chmod 600 {}", name, file, file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
