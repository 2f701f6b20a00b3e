package dev.nonstop.common.fencing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The file a {@link FencingTokenRegistry#persistent persistent} registry keeps its state in: {@code {"format": 1,
 * "highest": {"r-1": 5, ...}}}, keys in the order they were last checked, oldest first. Written whole, atomically:
 * a temporary file beside it ({@code 0600}), forced, renamed over it, the directory ({@code 0700} when created)
 * forced too. Not thread-safe; the registry serialises the calls.
 */
final class FencingStateFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path file;

    FencingStateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    /**
     * The state in the file; empty when there is no file.
     *
     * @throws FencingStateException when the file cannot be read or is not a registry's state
     */
    Map<String, Long> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new FencingStateException(file, "cannot be read (" + e + ")", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw corrupt(file, "not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw corrupt(file, "not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || root.path("format").asInt(-1) != FORMAT) {
            throw corrupt(file, "expected {\"format\": " + FORMAT + ", \"highest\": {...}}", null);
        }
        JsonNode tokens = root.path("highest");
        if (!tokens.isObject()) {
            throw corrupt(file, "\"highest\" is not an object", null);
        }
        Map<String, Long> loaded = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tokens.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (entry.getKey().isEmpty() || !value.canConvertToLong() || !value.isIntegralNumber()) {
                throw corrupt(file, "highest." + entry.getKey() + ": " + value + " is not a token", null);
            }
            loaded.put(entry.getKey(), value.longValue());
        }
        return loaded;
    }

    private static FencingStateException corrupt(Path file, String what, Throwable cause) {
        return new FencingStateException(
                file,
                "corrupt (" + what + "); refusing to start with no fencing state. Restore the file, or remove it only"
                        + " when no controller that held a release before may still act",
                cause);
    }

    /** Writes {@code state} to a temporary file, forces it, renames it over {@link #file}, forces the directory. */
    void write(Map<String, Long> state) {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ObjectNode tokens = root.putObject("highest");
        state.forEach(tokens::put);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new FencingStateException(file, "cannot be written (" + e + ")", e);
        }
        Path dir = file.getParent();
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, posixOrNone(posix, "rwx------"));
            }
            Files.deleteIfExists(temp);
            try (FileChannel out = FileChannel.open(
                    temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    posixOrNone(posix, "rw-------"))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } catch (IOException e) {
            throw new FencingStateException(file, "cannot be written (" + e + ")", e);
        }
    }

    private static FileAttribute<?>[] posixOrNone(boolean posix, String permissions) {
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    /** Makes the rename durable; a file system that cannot open a directory for this has nothing to force. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows and some file systems refuse to open a directory; the rename is as durable as they make it.
        }
    }
}
