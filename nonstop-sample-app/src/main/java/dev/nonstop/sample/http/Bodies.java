package dev.nonstop.sample.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** Reads request bodies with a size limit. */
public final class Bodies {

    private static final int BUFFER = 64 * 1024;

    private Bodies() {}

    /** Thrown when a body is larger than allowed; the answer is 413. */
    public static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    /** Reads and discards the whole body, returning its size. */
    public static long count(HttpExchange exchange, long limit) throws IOException {
        checkDeclaredLength(exchange, limit);
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (InputStream in = exchange.getRequestBody()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limit) {
                    throw new TooLargeException(limit);
                }
            }
        }
        return total;
    }

    /** Reads the whole body into memory. */
    public static byte[] read(HttpExchange exchange, int limit) throws IOException {
        checkDeclaredLength(exchange, limit);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body.write(buffer, 0, n);
                if (body.size() > limit) {
                    throw new TooLargeException(limit);
                }
            }
        }
        return body.toByteArray();
    }

    private static void checkDeclaredLength(HttpExchange exchange, long limit) throws TooLargeException {
        OptionalLong declared = declaredLength(exchange);
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw new TooLargeException(limit);
        }
    }

    private static OptionalLong declaredLength(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Content-Length");
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
