package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.AgentJson;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.common.http.ControlResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
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
     * installed, 200 when that version was already installed with the same digest. The server spooled the body to a
     * file in the data directory ({@link AgentServer}); the file is moved into the artifact store, not copied, and
     * its digest is computed from the file there.
     */
    FullHttpResponse install(AgentCall call) {
        String app = call.param("app");
        String version = call.param("version");
        Caller caller = call.caller("install " + app + " " + version);
        Path upload = call.spooledBody()
                .orElseThrow(() -> new IllegalStateException("the upload's body was not spooled to a file"));
        InstallResult result =
                agent.installUpload(caller, app, version, upload, call.header(AgentApiHandler.CHECKSUM_HEADER));
        return ControlResponses.json(
                result.installed() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                AgentJson.installResult(result));
    }
}
