package dev.nonstop.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nonstop status [--json]}: every app the controller knows, its instances (id, address, version, state), how
 * many are in each state and version, and its latest release.
 */
@Command(
        name = "status",
        description = "Shows the apps, their instances (address, version, state) and the latest release of each.")
public final class StatusCommand extends ControllerApiCommand {
    @Option(names = "--json", description = "Machine-readable: {controller, apps: [{..., latestRelease}]}.")
    boolean json;

    @Override
    int run(ControllerClient client, PrintWriter out, PrintWriter err) {
        List<JsonNode> apps = client.apps();
        ObjectNode body = ControllerClient.JSON.createObjectNode();
        body.put("controller", client.base().toString());
        ArrayNode list = body.putArray("apps");
        for (JsonNode app : apps) {
            ObjectNode copy = ((ObjectNode) app).deepCopy();
            List<JsonNode> releases = client.releases(app.path("name").asText());
            copy.set("latestRelease", releases.isEmpty() ? null : releases.get(0));
            list.add(copy);
        }
        if (json) {
            out.println(body.toPrettyString());
        } else {
            print(body, out);
        }
        return ExitCodes.OK;
    }

    private static void print(ObjectNode body, PrintWriter out) {
        out.println("controller " + body.path("controller").asText());
        if (body.path("apps").isEmpty()) {
            out.println("no apps registered");
            return;
        }
        for (JsonNode app : body.path("apps")) {
            JsonNode instances = app.path("instances");
            Map<String, Integer> states = new TreeMap<>();
            Map<String, Integer> versions = new TreeMap<>();
            instances.forEach(i -> {
                states.merge(i.path("state").asText(), 1, Integer::sum);
                versions.merge(i.path("version").asText(), 1, Integer::sum);
            });
            out.println();
            out.println("app " + app.path("name").asText() + ": " + instances.size()
                    + (instances.size() == 1 ? " instance" : " instances")
                    + (instances.isEmpty() ? "" : " (" + counts(states) + "; versions " + counts(versions) + ")"));
            if (!instances.isEmpty()) {
                out.println("  " + Show.cell("INSTANCE", 28) + Show.cell("ADDRESS", 22) + Show.cell("VERSION", 14)
                        + "STATE");
            }
            for (JsonNode i : instances) {
                out.println("  " + Show.cell(i.path("id").asText(), 28)
                        + Show.cell(
                                i.path("host").asText() + ":" + i.path("port").asText(), 22)
                        + Show.cell(i.path("version").asText(), 14)
                        + i.path("state").asText());
            }
            JsonNode r = app.path("latestRelease");
            if (r.isObject()) {
                out.println("  latest release " + r.path("id").asText() + "  "
                        + r.path("fromVersion").asText()
                        + " -> " + r.path("toVersion").asText() + "  "
                        + r.path("state").asText() + "  (updated "
                        + r.path("updatedAt").asText() + ")"
                        + (r.path("error").isTextual()
                                ? "  error: " + r.path("error").asText()
                                : ""));
            } else {
                out.println("  no releases yet");
            }
        }
    }

    /** {@code RUNNING: 2, DRAINING: 1}. */
    private static String counts(Map<String, Integer> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((k, n) ->
                s.append(s.isEmpty() ? "" : ", ").append(k).append(": ").append(n));
        return s.toString();
    }
}
