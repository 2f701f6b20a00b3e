package dev.nonstop.common.config;

import dev.nonstop.common.problem.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a config file as UTF-8 text. Every way it can fail is a {@link ConfigException} whose source is the file and
 * whose one problem says why, e.g. {@code nonstop.yaml: (file): not UTF-8 text (byte 0xff at line 3, column 9) (expected:
 * a readable UTF-8 YAML file)}.
 */
public final class ConfigFile {
    private static final String EXPECTED = "a readable UTF-8 YAML file";

    private ConfigFile() {}

    /** @throws ConfigException when the file is missing, unreadable, a directory or not UTF-8 */
    public static String read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw problem(source, "a directory");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(source, "no such file");
        } catch (AccessDeniedException e) {
            throw problem(source, "permission denied");
        } catch (IOException e) {
            throw problem(source, "cannot read: " + e.getMessage());
        }
        return decode(source, bytes);
    }

    /** {@code bytes} as UTF-8; a malformed sequence is reported with its first byte and where it is. */
    static String decode(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw problem(
                    source,
                    String.format(
                            "not UTF-8 text (byte 0x%02x at line %d, column %d, offset %d)",
                            bytes[offset] & 0xff, line, offset - lineStart + 1, offset));
        }
        return out.flip().toString();
    }

    private static ConfigException problem(String source, String what) {
        return new ConfigException(source, List.of(Problem.of("(file)", what, EXPECTED)));
    }
}
