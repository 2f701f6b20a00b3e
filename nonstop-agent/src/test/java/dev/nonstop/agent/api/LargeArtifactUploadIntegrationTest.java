package dev.nonstop.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.TestApps;
import dev.nonstop.agent.contract.ChecksumMismatchException;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.agent.contract.client.AgentClient;
import dev.nonstop.common.token.BearerToken;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runnable jar the size of a Spring Boot fat jar (over 100 MB, over the agent's old in-memory limit of 64 MB)
 * uploaded through {@link AgentClient}: spooled to the data directory, moved into the artifact store, run.
 */
class LargeArtifactUploadIntegrationTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final long PADDING = 110L * 1024 * 1024;

    @TempDir
    static Path jars;

    static Path fatJar;
    static String fatJarSha;

    @TempDir
    Path data;

    private Agent agent;
    private AgentServer server;
    private URI base;

    @BeforeAll
    static void buildAFatJar() throws IOException {
        fatJar = padded(TestApps.tinyApp(jars, "v1"), jars.resolve("fat.jar"), PADDING);
        fatJarSha = sha256(fatJar);
    }

    @BeforeEach
    void startTheAgent() {
        start(AgentSettings.DEFAULT_MAX_ARTIFACT_BYTES);
    }

    private void start(long maxArtifactBytes) {
        agent = Agent.create(AgentSettings.builder()
                .dataDir(data)
                .defaultStopTimeout(Duration.ofSeconds(10))
                .maxArtifactBytes(maxArtifactBytes)
                .build());
        server = AgentServer.start(AgentServer.loopback(0), BearerToken.of(TOKEN, AgentServer.TOKEN_NAME), agent);
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    @AfterEach
    void stopTheAgent() {
        server.close();
        agent.close();
    }

    /** {@code jar} with one more entry, {@code padding} random bytes stored uncompressed, as a fat jar's libraries. */
    private static Path padded(Path jar, Path target, long padding) throws IOException {
        CRC32 crc = new CRC32();
        randomBytes(padding, crc::update);
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), in.getManifest())) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            JarEntry big = new JarEntry("BOOT-INF/lib/padding.jar");
            big.setMethod(ZipEntry.STORED);
            big.setSize(padding);
            big.setCompressedSize(padding);
            big.setCrc(crc.getValue());
            out.putNextEntry(big);
            randomBytes(padding, (bytes, offset, length) -> {
                try {
                    out.write(bytes, offset, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.closeEntry();
        }
        return target;
    }

    private interface Bytes {
        void accept(byte[] bytes, int offset, int length);
    }

    /** The same {@code size} pseudo-random bytes every time, 1 MiB at a time. */
    private static void randomBytes(long size, Bytes to) {
        Random random = new Random(7);
        byte[] block = new byte[1024 * 1024];
        for (long left = size; left > 0; left -= block.length) {
            random.nextBytes(block);
            to.accept(block, 0, (int) Math.min(block.length, left));
        }
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
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under {@code <dataDir>/<dir>}, none when it is missing. */
    private List<Path> filesIn(String dir) throws IOException {
        Path root = data.resolve(dir);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aJarOverAHundredMegabytesIsInstalledThroughTheClientAndAnInstanceRunsFromIt() throws Exception {
        assertThat(Files.size(fatJar)).isGreaterThan(100L * 1024 * 1024);
        AgentClient client = AgentClient.create(base, TOKEN);

        InstallResult result = client.install("fat", "v1", fatJar, fatJarSha);

        assertThat(result.installed()).isTrue();
        assertThat(result.artifact().sha256()).isEqualTo(fatJarSha);
        assertThat(result.artifact().size()).isEqualTo(Files.size(fatJar));
        Path installed = data.resolve("apps/fat/v1/app.jar");
        assertThat(sha256(installed)).isEqualTo(fatJarSha);
        assertThat(filesIn(Agent.UPLOADS_DIR))
                .as("the spooled upload was moved")
                .isEmpty();
        assertThat(client.install("fat", "v1", fatJar, fatJarSha).installed()).isFalse();
        assertThat(filesIn(Agent.UPLOADS_DIR))
                .as("an upload already installed is deleted")
                .isEmpty();

        int port = TestApps.freePort();
        var status = client.start(new InstanceSpec("fat-1", "fat", "v1", port, Map.of(), List.of()));
        assertThat(status.state()).isEqualTo(InstanceState.RUNNING);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .equals("hello from fat-1 version v1");
            } catch (IOException e) {
                return false;
            }
        });
        client.stop("fat-1", Duration.ofSeconds(10));
    }

    @Test
    void aJarWithAnotherDigestIsRefusedAndLeavesNothingInstalledNorSpooled() throws Exception {
        AgentClient client = AgentClient.create(base, TOKEN);

        assertThatThrownBy(() -> client.install("fat", "v1", fatJar, "00".repeat(32)))
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> assertThat(e.actual())
                        .isEqualTo(fatJarSha));

        assertThat(agent.apps()).isEmpty();
        assertThat(client.apps()).isEmpty();
        assertThat(filesIn("apps")).isEmpty();
        assertThat(filesIn(Agent.UPLOADS_DIR)).isEmpty();
    }

    @Test
    void aJarOverTheAgentsLimitGetsTheProblem413BeforeItsBodyIsSent() throws Exception {
        stopTheAgent();
        start(1024 * 1024);

        HttpResponse<String> response;
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = http.send(
                    HttpRequest.newBuilder(base.resolve("/agent/apps/fat/versions/v1"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .expectContinue(true)
                            .PUT(HttpRequest.BodyPublishers.ofFile(fatJar))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body())
                .contains("\"code\" : \"too_large\"")
                .contains("request body too large (expected: at most 1048576 bytes)");
        assertThat(agent.apps()).isEmpty();
        assertThat(filesIn(Agent.UPLOADS_DIR)).isEmpty();
    }

    @Test
    void anUploadLeftByAnAgentThatDiedIsDeletedWhenTheNextOneStarts() throws Exception {
        stopTheAgent();
        Path leftover = Files.writeString(data.resolve(Agent.UPLOADS_DIR).resolve("body-1.spool"), "half a jar");

        start(AgentSettings.DEFAULT_MAX_ARTIFACT_BYTES);

        assertThat(leftover).doesNotExist();
    }

    @Test
    void jsonBodiesKeepTheSmallInMemoryLimit() throws Exception {
        HttpResponse<String> response;
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = http.send(
                    HttpRequest.newBuilder(base.resolve("/agent/instances"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .expectContinue(true)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[AgentServer.MAX_JSON_BODY + 1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("at most " + AgentServer.MAX_JSON_BODY + " bytes");
        assertThat(filesIn(Agent.UPLOADS_DIR)).isEmpty();
    }
}
