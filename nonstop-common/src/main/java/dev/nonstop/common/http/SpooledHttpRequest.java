package dev.nonstop.common.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request whose body {@link BodySpoolingHandler} wrote to {@link #file()} rather than into memory: its content is
 * empty and its {@code Content-Length} is the file's size. Whoever holds it last deletes the file ({@link
 * #deleteFile()}); the kit does so after the handler returns, or when the request is dropped unserved.
 */
final class SpooledHttpRequest extends DefaultFullHttpRequest {
    private static final Logger log = LoggerFactory.getLogger(SpooledHttpRequest.class);

    private final Path file;

    SpooledHttpRequest(HttpRequest head, HttpHeaders trailers, Path file, long size) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers(), trailers);
        headers().remove(HttpHeaderNames.TRANSFER_ENCODING).set(HttpHeaderNames.CONTENT_LENGTH, size);
        this.file = file;
    }

    /** Where the body is. */
    Path file() {
        return file;
    }

    /** Deletes the body's file unless the handler moved it away; a failure is logged, not thrown. */
    void deleteFile() {
        deleteQuietly(file);
    }

    /** Deletes {@code file} if it is there; a failure is logged, not thrown. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete the spooled body {}: {}", file, e.toString());
        }
    }

    /** Releases {@code request} and, when it is spooled, deletes its file. */
    static void discard(io.netty.handler.codec.http.FullHttpRequest request) {
        request.release();
        if (request instanceof SpooledHttpRequest spooled) {
            spooled.deleteFile();
        }
    }
}
