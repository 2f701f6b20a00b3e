package dev.nonstop.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.AppSettingsJson;
import dev.nonstop.controller.store.AlreadyExistsException;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.RegisteredApp;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/apps}: list, show and register apps, their settings and their instances. */
final class AppsEndpoints {
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]{1,255}");
    private static final Set<String> APP_FIELDS = Set.of("name", "settings");
    private static final Set<String> INSTANCE_FIELDS =
            Set.of("id", "host", "port", "version", "state", "gatewayMemberId");

    private final ControllerStore store;

    AppsEndpoints(ControllerStore store) {
        this.store = store;
    }

    FullHttpResponse list(ApiCall call) {
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        ArrayNode apps = body.putArray("apps");
        for (RegisteredApp app : store.apps()) {
            apps.add(ApiJson.app(app, store.instances(app.name())));
        }
        return ControlResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse show(ApiCall call) {
        RegisteredApp app = app(call.param("app"));
        return ControlResponses.json(HttpResponseStatus.OK, ApiJson.app(app, store.instances(app.name())));
    }

    FullHttpResponse register(ApiCall call) {
        JsonNode body = call.jsonBody();
        List<Problem> problems = new ArrayList<>();
        unknownFields(body, APP_FIELDS, problems);
        String name = text(body, "name", true, problems);
        if (name != null && !Names.isName(name)) {
            problems.add(Problem.of("name", quoted(name), Names.expected(name)));
        }
        if (name != null) {
            call.target("app/" + name);
        }
        AppSettings settings = AppSettings.DEFAULT;
        JsonNode settingsNode = body.get("settings");
        if (settingsNode != null && !settingsNode.isNull()) {
            try {
                settings = AppSettingsMapper.read(settingsNode, "settings.");
            } catch (ApiException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
        try {
            RegisteredApp app = store.createApp(name, settings);
            return ControlResponses.json(HttpResponseStatus.CREATED, ApiJson.app(app, List.of()));
        } catch (AlreadyExistsException e) {
            throw ApiException.conflict("app " + name + " already exists");
        }
    }

    /** Replaces the app's settings: the next release and its rollback use them; a running release keeps its own. */
    FullHttpResponse updateSettings(ApiCall call) {
        RegisteredApp app = app(call.param("app"));
        AppSettings settings = AppSettingsMapper.read(call.jsonBody(), "");
        RegisteredApp updated = store.updateAppSettings(app.name(), settings);
        call.detail(AppSettingsJson.toJson(settings));
        return ControlResponses.json(HttpResponseStatus.OK, ApiJson.app(updated, store.instances(app.name())));
    }

    FullHttpResponse registerInstance(ApiCall call) {
        RegisteredApp app = app(call.param("app"));
        JsonNode body = call.jsonBody();
        List<Problem> problems = new ArrayList<>();
        unknownFields(body, INSTANCE_FIELDS, problems);
        String host = text(body, "host", true, problems);
        if (host != null && !HOST.matcher(host).matches()) {
            problems.add(Problem.of("host", quoted(host), "a host name or IP address"));
        }
        Integer port = null;
        JsonNode portNode = body.get("port");
        if (portNode == null || portNode.isNull()) {
            problems.add(Problem.of("port", "missing", "1-65535"));
        } else if (!portNode.isIntegralNumber() || !portNode.canConvertToInt()) {
            problems.add(Problem.of("port", portNode.toString(), "an integer, 1-65535"));
        } else if (portNode.intValue() < 1 || portNode.intValue() > 65535) {
            problems.add(Problem.of("port", portNode.intValue(), "1-65535"));
        } else {
            port = portNode.intValue();
        }
        String version = text(body, "version", true, problems);
        if (version != null && !Names.isName(version)) {
            problems.add(Problem.of("version", quoted(version), Names.expected(version)));
        }
        String id = text(body, "id", false, problems);
        if (id != null && !INSTANCE_ID.matcher(id).matches()) {
            problems.add(Problem.of("id", quoted(id), "1 to 128 of A-Z a-z 0-9 . _ : -"));
        }
        String memberId = text(body, "gatewayMemberId", false, problems);
        if (memberId != null && (memberId.isBlank() || memberId.length() > 255)) {
            problems.add(Problem.of("gatewayMemberId", quoted(memberId), "1 to 255 characters"));
        }
        RecordedInstanceState state = RecordedInstanceState.RUNNING;
        String stateText = text(body, "state", false, problems);
        if (stateText != null) {
            try {
                state = RecordedInstanceState.valueOf(stateText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(
                        "state", quoted(stateText), "one of " + Arrays.toString(RecordedInstanceState.values())));
            }
        }
        if (id == null && host != null && port != null) {
            id = app.name() + "-" + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + port;
        }
        if (id != null) {
            call.target("instance/" + id);
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
        try {
            Instance instance = store.createInstance(
                    new NewInstance(id, app.name(), host, port, version, state, Optional.ofNullable(memberId)));
            call.detail(host + ":" + port + " " + version);
            return ControlResponses.json(HttpResponseStatus.CREATED, ApiJson.instance(instance));
        } catch (AlreadyExistsException e) {
            throw ApiException.conflict(
                    "instance " + id + " or address " + host + ":" + port + " is already registered");
        }
    }

    private RegisteredApp app(String name) {
        return store.app(name).orElseThrow(() -> ApiException.notFound("app " + name + ": not found"));
    }

    static void unknownFields(JsonNode body, Set<String> known, List<Problem> problems) {
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problems.add(Problem.of(
                        name,
                        "unknown field",
                        "one of " + known.stream().sorted().toList()));
            }
        });
    }

    private static String text(JsonNode body, String field, boolean required, List<Problem> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(Problem.of(field, "missing", "a string"));
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(Problem.of(field, node.toString(), "a string"));
            return null;
        }
        return node.textValue();
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
