package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.AgentJson;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.common.http.ControlResponses;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code PUT /agent/apps/{app}/versions/{version}} and {@code GET /agent/apps}: the installed versions. */
final class ArtifactEndpoints {
    private final Agent agent;

    ArtifactEndpoints(Agent agent) {
        this.agent = agent;
    }

    /** Every installed version of every app. */
    FullHttpResponse list(AgentCall call) {
        return ControlResponses.json(HttpResponseStatus.OK, AgentJson.apps(agent.apps()));
    }

    /**
     * Installs the jar in the body, checked against {@value AgentApiHandler#CHECKSUM_HEADER} when sent: 201 when
     * installed, 200 when that version was already installed with the same digest.
     */
    FullHttpResponse install(AgentCall call) {
        String app = call.param("app");
        String version = call.param("version");
        AgentApi api = agent.as(call.caller("install " + app + " " + version));
        Path upload = null;
        try {
            Path dir = Files.createDirectories(
                    agent.settings().dataDir().toAbsolutePath().resolve("uploads"));
            upload = Files.createTempFile(dir, "upload-", ".jar");
            ByteBuf content = call.content();
            try (OutputStream out = Files.newOutputStream(upload)) {
                content.getBytes(content.readerIndex(), out, content.readableBytes());
            }
            InstallResult result = api.install(app, version, upload, call.header(AgentApiHandler.CHECKSUM_HEADER));
            return ControlResponses.json(
                    result.installed() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                    AgentJson.installResult(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        } finally {
            if (upload != null) {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException ignored) {
                    // A leftover temp file in uploads/ is harmless.
                }
            }
        }
    }
}
