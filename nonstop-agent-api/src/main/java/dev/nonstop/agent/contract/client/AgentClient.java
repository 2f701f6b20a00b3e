package dev.nonstop.agent.contract.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.AgentErrors;
import dev.nonstop.agent.contract.AgentJson;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.common.fencing.Fence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote agent, through its HTTP API, with the Java shape of the in-process agent ({@link
 * AgentApi}): the same results and, where the wire carries enough to rebuild them, the same typed
 * exceptions ({@link dev.nonstop.agent.contract.InvalidInputException}, {@link
 * dev.nonstop.agent.contract.ChecksumMismatchException}, {@link
 * dev.nonstop.agent.contract.StaleFencingTokenException}, {@link
 * dev.nonstop.agent.contract.UnknownInstanceException}); other refusals are {@link
 * AgentRequestException} with the agent's error code ({@link AgentErrors#toException}).
 *
 * <p>Immutable; {@link #fenced(Fence)} derives a client whose mutations carry the release's fence.
 * {@link InstalledArtifact#jar()} is null in answers: the jar lives on the agent's host.
 */
public final class AgentClient implements AgentApi {
    /** Header naming the release a mutation is made for. */
    public static final String RELEASE_HEADER = "X-Nonstop-Release";
    /** Header carrying the release's fencing token. */
    public static final String FENCING_TOKEN_HEADER = "X-Nonstop-Fencing-Token";
    /** Header carrying the SHA-256 an installed artifact must have. */
    public static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** The slowest link an upload is given time for: 2 MiB/s, a slow WAN between sites. */
    private static final long SLOWEST_UPLOAD_BYTES_PER_SECOND = 2L * 1024 * 1024;

    private static final Duration SHORTEST_UPLOAD_TIMEOUT = Duration.ofMinutes(5);

    /**
     * How long an upload of {@code bytes} may take: the agent hashes and installs it after the last byte
     * ({@link #CALL_TIMEOUT}), and the bytes go at {@link #SLOWEST_UPLOAD_BYTES_PER_SECOND} or faster; at least
     * {@link #SHORTEST_UPLOAD_TIMEOUT}. A 118 MB Spring Boot jar gets 5 minutes, a 2 GB one 17.
     */
    static Duration uploadTimeout(long bytes) {
        Duration transfer = Duration.ofMillis(Math.multiplyExact(bytes, 1000L) / SLOWEST_UPLOAD_BYTES_PER_SECOND);
        Duration total = transfer.plus(CALL_TIMEOUT);
        return total.compareTo(SHORTEST_UPLOAD_TIMEOUT) < 0 ? SHORTEST_UPLOAD_TIMEOUT : total;
    }

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Optional<Fence> fence;

    private AgentClient(HttpClient http, URI base, String token, Optional<Fence> fence) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.fence = fence;
    }

    /**
     * A client of the agent at {@code base} (e.g. {@code http://10.0.0.5:7480}), presenting {@code
     * token}.
     */
    public static AgentClient create(URI base, String token) {
        Objects.requireNonNull(base, "base");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: \"\" (expected: the agent's token)");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String uri = base.toString();
        return new AgentClient(
                http,
                URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri),
                token,
                Optional.empty());
    }

    /** This client, with every mutation carrying {@code fence}. */
    public AgentClient fenced(Fence fence) {
        return new AgentClient(http, base, token, Optional.of(fence));
    }

    @Override
    public InstallResult install(String app, String version, Path artifact, String expectedSha256) {
        InvalidInputException.requireName("app", app);
        InvalidInputException.requireName("version", version);
        HttpRequest.Builder request;
        try {
            request = request(
                            "/agent/apps/" + enc(app) + "/versions/" + enc(version),
                            uploadTimeout(Files.size(artifact)))
                    .PUT(HttpRequest.BodyPublishers.ofFile(artifact))
                    .header("Content-Type", "application/java-archive");
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("artifact " + artifact + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + artifact + ": " + e.getMessage(), e);
        }
        if (expectedSha256 != null) {
            request.header(CHECKSUM_HEADER, expectedSha256);
        }
        return AgentJson.toInstallResult(send(fenced(request).build(), null));
    }

    @Override
    public Map<String, List<InstalledArtifact>> apps() {
        return AgentJson.toApps(send(request("/agent/apps", CALL_TIMEOUT).GET().build(), null));
    }

    @Override
    public InstanceStatus start(InstanceSpec spec) {
        HttpRequest request = fenced(request("/agent/instances", CALL_TIMEOUT))
                .POST(json(AgentJson.spec(spec)))
                .header("Content-Type", "application/json")
                .build();
        return AgentJson.toStatus(send(request, spec.instanceId()));
    }

    @Override
    public StopResult stop(String instanceId, Duration timeout) {
        InvalidInputException.requireName("instanceId", instanceId);
        HttpRequest request = fenced(
                        request("/agent/instances/" + enc(instanceId) + "/stop", timeout.plus(CALL_TIMEOUT)))
                .POST(json(AgentJson.MAPPER.createObjectNode().put("timeoutMs", timeout.toMillis())))
                .header("Content-Type", "application/json")
                .build();
        return AgentJson.toStopResult(send(request, instanceId));
    }

    @Override
    public InstanceStatus status(String instanceId) {
        InvalidInputException.requireName("instanceId", instanceId);
        return AgentJson.toStatus(send(
                request("/agent/instances/" + enc(instanceId), CALL_TIMEOUT)
                        .GET()
                        .build(),
                instanceId));
    }

    @Override
    public List<InstanceStatus> instances() {
        return AgentJson.toInstances(
                send(request("/agent/instances", CALL_TIMEOUT).GET().build(), null));
    }

    @Override
    public int freePort() {
        JsonNode body = send(request("/agent/free-port", CALL_TIMEOUT).GET().build(), null);
        JsonNode port = body.path("port");
        if (!port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
            throw new AgentRequestException(
                    "agent " + base + " answered GET /agent/free-port with " + body
                            + " (expected: {\"port\": 1-65535})",
                    null);
        }
        return port.asInt();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private HttpRequest.Builder fenced(HttpRequest.Builder request) {
        fence.ifPresent(f -> request.header(Fence.RELEASE_HEADER, f.releaseId())
                .header(Fence.TOKEN_HEADER, Long.toString(f.token())));
        return request;
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpRequest request, String instanceId) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AgentRequestException(
                    "agent " + base + " unreachable: " + request.method() + " "
                            + request.uri().getPath() + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentRequestException("interrupted calling agent " + base, e);
        }
        JsonNode body = readBody(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        throw AgentErrors.toException(status, body, instanceId, fence);
    }

    private static JsonNode readBody(byte[] bytes) {
        try {
            return bytes.length == 0 ? AgentJson.MAPPER.createObjectNode() : AgentJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return AgentJson.MAPPER.createObjectNode().put("error", new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
