package dev.nonstop.common.http;

import static dev.nonstop.common.http.EmbeddedHttp.head;
import static dev.nonstop.common.http.EmbeddedHttp.output;
import static dev.nonstop.common.http.EmbeddedHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.common.token.BearerToken;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spooler of a control API's pipeline ({@link ControlApiServer.Builder#spooledBodies}) in an {@code
 * EmbeddedChannel}: what the handler gets, and that a body refused, malformed or abandoned leaves no file.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class BodySpoolingHandlerTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final String AUTH = "Bearer " + TOKEN;

    @TempDir
    Path spoolDir;

    private final List<String> bodies = new ArrayList<>();
    private final List<Runnable> queued = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** A connection whose handler runs when the test says so ({@link #queued}) and reads the spooled body. */
    private EmbeddedChannel connection() {
        EmbeddedChannel channel = new EmbeddedChannel(
                ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), request -> {
                            Path file = request.spooledBody().orElseThrow();
                            try {
                                bodies.add(Files.readString(file));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return ControlResponses.json(HttpResponseStatus.OK, Map.of("ok", true));
                        })
                        .executor(queued::add)
                        .spooledBodies(head -> head.uri().startsWith("/upload"), spoolDir, 100)
                        .channelInitializer());
        channels.add(channel);
        return channel;
    }

    private List<Path> spooled() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.toList();
        }
    }

    @Test
    void theBodyIsInAFileUntilTheHandlerReturns() throws Exception {
        EmbeddedChannel channel = connection();

        send(channel, head("PUT", "/upload", AUTH, "Content-Length: 5") + "hello");

        assertThat(spooled()).as("written before the handler runs").hasSize(1);
        queued.remove(0).run();
        assertThat(bodies).containsExactly("hello");
        assertThat(output(channel)).startsWith("HTTP/1.1 200 ");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void anExpectationToContinueIsAnsweredBeforeTheBodyIsRead() throws Exception {
        EmbeddedChannel channel = connection();

        send(channel, head("PUT", "/upload", AUTH, "Content-Length: 5", "Expect: 100-continue"));
        String interim = output(channel);
        send(channel, "hello");
        queued.remove(0).run();

        assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(bodies).containsExactly("hello");
        assertThat(output(channel)).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void anUnsupportedExpectationGetsTheProblem417AndNoFile() throws Exception {
        EmbeddedChannel channel = connection();

        send(channel, head("PUT", "/upload", AUTH, "Content-Length: 5", "Expect: something-else"));

        assertThat(output(channel)).startsWith("HTTP/1.1 417 ").contains("expectation_failed");
        assertThat(channel.isOpen()).isFalse();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitGetsTheProblem413ItsFileIsDeletedAndTheRestIsDropped() throws Exception {
        EmbeddedChannel channel = connection();

        send(channel, head("PUT", "/upload", AUTH, "Transfer-Encoding: chunked") + "3c\r\n" + "x".repeat(60) + "\r\n");
        assertThat(spooled()).hasSize(1);
        send(channel, "3c\r\n" + "x".repeat(60) + "\r\n0\r\n\r\n");

        assertThat(output(channel))
                .startsWith("HTTP/1.1 413 ")
                .contains("request body too large (expected: at most 100 bytes)");
        assertThat(channel.isOpen()).isFalse();
        assertThat(queued).isEmpty();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aMalformedChunkGetsTheProblem400AndItsFileIsDeleted() throws Exception {
        EmbeddedChannel channel = connection();

        send(channel, head("PUT", "/upload", AUTH, "Transfer-Encoding: chunked") + "2\r\nab\r\nzz\r\n");

        assertThat(output(channel)).startsWith("HTTP/1.1 400 ").contains("malformed");
        assertThat(channel.isOpen()).isFalse();
        assertThat(queued).isEmpty();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aConnectionThatClosesMidBodyLeavesNoFile() throws Exception {
        EmbeddedChannel channel = connection();

        send(channel, head("PUT", "/upload", AUTH, "Content-Length: 50") + "only twenty bytes...");
        assertThat(spooled()).hasSize(1);
        channel.close();

        assertThat(spooled()).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void aSpooledRequestWaitingBehindAnotherIsDeletedWhenTheConnectionCloses() throws Exception {
        EmbeddedChannel channel = connection();

        send(
                channel,
                head("PUT", "/upload/1", AUTH, "Content-Length: 3") + "one"
                        + head("PUT", "/upload/2", AUTH, "Content-Length: 3") + "two");
        assertThat(spooled()).hasSize(2);
        channel.close();
        assertThat(spooled()).as("the waiting one").hasSize(1);
        queued.remove(0).run();

        assertThat(bodies).containsExactly("one");
        assertThat(spooled()).isEmpty();
    }
}
