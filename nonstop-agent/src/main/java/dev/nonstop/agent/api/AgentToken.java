package dev.nonstop.agent.api;

import dev.nonstop.agent.InvalidInputException;
import dev.nonstop.agent.Problem;
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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token every agent API call must present, read from a token file that is created (32
 * random bytes, base64url, mode 0600 in a 0700 directory) when missing. Only its SHA-256 is kept;
 * {@link #matches} compares digests in constant time. Never logged, never shown by {@link
 * #toString()}. The owner of this token is the controller.
 */
public final class AgentToken {
    private static final Logger log = LoggerFactory.getLogger(AgentToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] digest;

    private AgentToken(String token) {
        this.digest = sha256(token);
    }

    /** A token given as text (tests, or a token handed over by the controller's config). */
    public static AgentToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidInputException(Problem.of("token", "\"\"", "a non-empty token"));
        }
        return new AgentToken(token.strip());
    }

    /** Reads the token from {@code file}, creating the file with a new random token when missing. */
    public static AgentToken readOrCreate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.notExists(absolute)) {
            String token = newRandomToken();
            try {
                create(absolute, token);
                log.info(
                        "agent token written to {} (owner-only); send it as 'Authorization: Bearer <token>'", absolute);
                return new AgentToken(token);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        String token = Files.readString(absolute, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new InvalidInputException(Problem.of(
                    "tokenFile",
                    absolute + " is empty",
                    "a file holding the token; delete it to have" + " a new one generated"));
        }
        return new AgentToken(token);
    }

    /** 32 random bytes, base64url without padding (43 characters). */
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

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AgentToken[hidden]";
    }
}
