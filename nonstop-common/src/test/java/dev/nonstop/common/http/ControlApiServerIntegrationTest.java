package dev.nonstop.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.common.token.BearerToken;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@link ControlApiServer} on a real socket: where it binds, which thread serves, what a slow caller gets. */
class ControlApiServerIntegrationTest {
    private static final String TOKEN = "test-token-0123456789";

    private final CopyOnWriteArrayList<String> servedOn = new CopyOnWriteArrayList<>();
    private ControlApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ControlApiServer.Builder builder() {
        return ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), request -> {
            servedOn.add(Thread.currentThread().getName() + " inEventLoop="
                    + request.channel().eventLoop().inEventLoop());
            return ControlResponses.json(HttpResponseStatus.OK, Map.of("ok", true));
        });
    }

    /** Sends {@code request} and reads until the server closes or {@code timeout} passes. */
    private String exchange(String request, Duration timeout) throws IOException {
        InetSocketAddress address = server.address();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
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
    }

    @Test
    void bindsToTheLoopbackAddressByDefault() {
        server = builder().start();

        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.address().getPort()).isPositive();
    }

    @Test
    void theHandlerRunsOffTheEventLoop() throws IOException {
        server = builder().start();

        String response = exchange(
                "GET /x HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n",
                Duration.ofSeconds(5));

        assertThat(response).startsWith("HTTP/1.1 200 ");
        assertThat(servedOn).singleElement().satisfies(thread -> assertThat(thread)
                .startsWith("nonstop-test-api-call")
                .endsWith("inEventLoop=false"));
    }

    @Test
    void aHugeUploadWithoutTheTokenIsRefusedBeforeItsBodyIsSent() throws IOException {
        server = builder().start();

        String response = exchange(
                "PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\n", Duration.ofSeconds(2));

        assertThat(response).startsWith("HTTP/1.1 401 ").contains("application/problem+json");
        assertThat(servedOn).isEmpty();
    }

    @Test
    void aConnectionWithoutAnAuthenticatedRequestInTimeGetsTheProblem408() throws IOException {
        server = builder().authenticationTimeout(Duration.ofMillis(200)).start();

        String response = exchange("GET /x HTTP/1.1\r\nHost: t\r\n", Duration.ofSeconds(5));

        assertThat(response)
                .startsWith("HTTP/1.1 408 ")
                .contains("\"code\" : \"timeout\"")
                .contains("no authenticated request within 200 ms");
        assertThat(servedOn).isEmpty();
    }
}
