package dev.nonstop.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.token.BearerToken;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link ControlApiServer} that spools the bodies of {@code PUT /upload} to files, on a real socket: a body far over
 * the in-memory limit arrives whole as a file, and no refused, abandoned or unauthenticated upload leaves a file.
 */
class SpooledBodiesIntegrationTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final int MAX_IN_MEMORY = 1024;
    private static final long MAX_SPOOLED = 200L * 1024 * 1024;

    @TempDir
    Path temp;

    /** What the handler saw of each request, read while it ran. */
    private final List<Map<String, Object>> served = new CopyOnWriteArrayList<>();

    private Path spoolDir;
    private ControlApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(long maxSpooled) {
        spoolDir = temp.resolve("spool");
        server = ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), request -> {
                    served.add(seen(request));
                    return ControlResponses.json(HttpResponseStatus.OK, Map.of("ok", true));
                })
                .maxBodyBytes(MAX_IN_MEMORY)
                .spooledBodies(
                        head -> HttpMethod.PUT.equals(head.method())
                                && head.uri().startsWith("/upload"),
                        spoolDir,
                        maxSpooled)
                .start();
    }

    private static Map<String, Object> seen(ControlRequest request) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("path", request.path());
        seen.put("inMemory", request.content().readableBytes());
        seen.put("text", request.contentAsString());
        request.spooledBody().ifPresent(file -> {
            try {
                seen.put("size", Files.size(file));
                seen.put("sha256", sha256(file));
                seen.put("permissions", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                seen.put("contentLength", request.headers().get("Content-Length"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return seen;
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file of {@code size} pseudo-random bytes (so nothing on the way can compress it), written 1 MiB at a time. */
    private Path bigFile(long size) throws IOException {
        Path file = temp.resolve("big.bin");
        Random random = new Random(42);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private List<Path> spooled() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.toList();
        }
    }

    private URI uri(String path) {
        InetSocketAddress address = server.address();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + path);
    }

    /** Sends {@code request} and reads until the server closes or {@code timeout} passes. */
    private String exchange(String request, Duration timeout) throws IOException {
        InetSocketAddress address = server.address();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came so far
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode body(String response) throws IOException {
        return ControlResponses.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void aSpooledRouteReceivesABodyAHundredTimesTheMemoryLimitAsAFileOfTheRightSizeAndDigest() throws Exception {
        start(MAX_SPOOLED);
        long size = 110L * 1024 * 1024 + 17;
        Path big = bigFile(size);
        String digest = sha256(big);

        HttpResponse<String> response;
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = client.send(
                    HttpRequest.newBuilder(uri("/upload/app.jar"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .expectContinue(true)
                            .timeout(Duration.ofMinutes(2))
                            .PUT(HttpRequest.BodyPublishers.ofFile(big))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // The aggregator after the spooler refuses anything over 1 KiB: the body never became a FullHttpRequest.
        assertThat(served).singleElement().satisfies(seen -> assertThat(seen)
                .containsEntry("path", "/upload/app.jar")
                .containsEntry("inMemory", 0)
                .containsEntry("size", size)
                .containsEntry("sha256", digest)
                .containsEntry("permissions", "rw-------")
                .containsEntry("contentLength", Long.toString(size)));
        assertThat(spooled()).as("deleted once the handler returned").isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir)))
                .isEqualTo("rwx------");
    }

    @Test
    void aChunkedUploadAndThenAJsonRequestAreServedOnOneConnection() throws Exception {
        start(MAX_SPOOLED);

        String response = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                        + "POST /json HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{\"a\":1}",
                Duration.ofSeconds(5));

        assertThat(response).startsWith("HTTP/1.1 200 ");
        assertThat(response.split("HTTP/1.1 200 ", -1)).hasSize(3);
        assertThat(served).hasSize(2);
        assertThat(served.get(0))
                .containsEntry("size", 11L)
                .containsEntry("sha256", HexFormat.of().formatHex(digest().digest("hello world".getBytes())))
                .containsEntry("contentLength", "11");
        assertThat(served.get(1))
                .containsEntry("path", "/json")
                .containsEntry("text", "{\"a\":1}")
                .doesNotContainKey("size");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aBodyOverTheSpoolLimitGetsTheProblem413NamingItAndLeavesNoFile() throws Exception {
        start(4096);

        String response = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Length: 4097\r\nExpect: 100-continue\r\n\r\n",
                Duration.ofSeconds(5));

        assertThat(response).startsWith("HTTP/1.1 413 ").contains("connection: close");
        assertThat(body(response).get("code").asText()).isEqualTo("too_large");
        assertThat(body(response).get("detail").asText())
                .isEqualTo("request body too large (expected: at most 4096 bytes)");
        assertThat(served).isEmpty();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aBodyThatTurnsOutOverTheLimitWhileItArrivesGets413AndItsFileIsDeleted() throws Exception {
        start(4096);
        String chunk = "x".repeat(3000);

        String response = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "bb8\r\n" + chunk + "\r\nbb8\r\n" + chunk + "\r\n",
                Duration.ofSeconds(5));

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(body(response).get("detail").asText())
                .isEqualTo("request body too large (expected: at most 4096 bytes)");
        assertThat(served).isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(spooled()).isEmpty());
    }

    @Test
    void aClientThatDisconnectsMidBodyLeavesNoFile() throws Exception {
        start(MAX_SPOOLED);
        InetSocketAddress address = server.address();

        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /upload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                            + "\r\nContent-Length: 10000000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[1024 * 1024]);
            out.flush();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> spooled().stream().anyMatch(f -> f.toFile().length() > 0));
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(spooled()).isEmpty());
        assertThat(served).isEmpty();
    }

    @Test
    void anUnauthenticatedUploadNeverCreatesAFile() throws Exception {
        start(MAX_SPOOLED);

        String withBody = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n" + "x".repeat(2000),
                Duration.ofSeconds(2));
        String wrongToken = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer wrong\r\nContent-Length: 100000000\r\n\r\n"
                        + "x".repeat(10_000),
                Duration.ofSeconds(2));

        assertThat(withBody).startsWith("HTTP/1.1 401 ");
        assertThat(wrongToken).startsWith("HTTP/1.1 401 ");
        assertThat(served).isEmpty();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aRouteThatIsNotSpooledStillJoinsItsBodyInMemoryUpToItsOwnLimit() throws Exception {
        start(MAX_SPOOLED);

        String small = exchange(
                "PUT /json HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{\"a\":1}",
                Duration.ofSeconds(5));
        String large = exchange(
                "PUT /json HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: "
                        + (MAX_IN_MEMORY + 1) + "\r\n\r\n" + "x".repeat(MAX_IN_MEMORY + 1),
                Duration.ofSeconds(5));

        assertThat(small).startsWith("HTTP/1.1 200 ");
        assertThat(served).singleElement().satisfies(seen -> assertThat(seen)
                .containsEntry("text", "{\"a\":1}")
                .doesNotContainKey("size"));
        assertThat(large).startsWith("HTTP/1.1 413 ");
        assertThat(body(large).get("detail").asText())
                .isEqualTo("request body too large (expected: at most " + MAX_IN_MEMORY + " bytes)");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aHandlerThatMovesTheFileKeepsIt() throws Exception {
        Path kept = temp.resolve("kept.bin");
        spoolDir = temp.resolve("spool");
        server = ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), request -> {
                    try {
                        Files.move(request.spooledBody().orElseThrow(), kept);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return ControlResponses.json(HttpResponseStatus.CREATED, Map.of("kept", true));
                })
                .spooledBodies(head -> true, spoolDir, MAX_SPOOLED)
                .start();

        String response = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
                Duration.ofSeconds(5));

        assertThat(response).startsWith("HTTP/1.1 201 ");
        assertThat(Files.readString(kept)).isEqualTo("hello");
        assertThat(spooled()).isEmpty();
    }
}
