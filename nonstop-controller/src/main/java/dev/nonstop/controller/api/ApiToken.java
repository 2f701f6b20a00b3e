package dev.nonstop.controller.api;

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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token every controller API call must present, read from a token file that is created (32 random
 * bytes, base64url, mode 0600 in a 0700 directory) when missing. Only its SHA-256 is kept; {@link #matches}
 * compares digests in constant time, so neither the content nor the length of the token leaks through timing. Never
 * logged, never shown by {@link #toString()}.
 *
 * <p>The same file logic as the gateway's and the agent's tokens, repeated here on purpose: the controller does not
 * depend on either module.
 */
public final class ApiToken {
    private static final Logger log = LoggerFactory.getLogger(ApiToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] digest;

    private ApiToken(String token) {
        this.digest = sha256(token);
    }

    /** A token given as text (tests, or a token handed over by configuration). */
    public static ApiToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: \"\" (expected: a non-empty token)");
        }
        return new ApiToken(token.strip());
    }

    /**
     * Reads the token from {@code file}; when the file does not exist, creates it (and its parent directories)
     * holding a new random token, readable by the owner only.
     *
     * @throws IOException when the file cannot be read or created, or holds no token
     */
    public static ApiToken readOrCreate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.notExists(absolute)) {
            String token = newRandomToken();
            try {
                create(absolute, token);
                log.info(
                        "controller API token written to {} (owner-only); send it as 'Authorization: Bearer <token>'",
                        absolute);
                return new ApiToken(token);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        String token = Files.readString(absolute, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException("tokenFile: " + absolute + " is empty (expected: a file holding the token; delete it"
                    + " to have a new one generated)");
        }
        return new ApiToken(token);
    }

    /** 32 random bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    public static String newRandomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(Path file, String token) throws IOException {
        Path dir = file.getParent();
        boolean posix = Files.getFileStore(existingAncestor(file)).supportsFileAttributeView("posix");
        if (dir != null && Files.notExists(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        // Created owner-only in one step: there is no moment when another user could open it.
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

    /** Whether {@code presented} is this token; constant time in its content and length. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /**
     * A short name of the token for the audit log: the first 8 hex digits of its SHA-256, which says which token
     * was used without revealing it.
     */
    public String id() {
        return "token:" + HexFormat.of().formatHex(digest, 0, 4);
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
        return "ApiToken[hidden]";
    }
}
