package dev.nonstop.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.InvalidOptionException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nonstop release status [ID] [--app APP] [--json]}: one release with each instance's step; without an id,
 * the latest release of the app (of the only app, when there is one).
 */
@Command(name = "status", description = "Shows a release and each instance's step: by ID, or the latest of --app.")
final class ReleaseStatusCommand extends ControllerApiCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The release; default: the latest.")
    String id;

    @Option(names = "--app", paramLabel = "APP", description = "Whose latest release to show.")
    String app;

    @Option(names = "--json", description = "The release as the controller returns it (JSON).")
    boolean json;

    @Override
    int run(ControllerClient client, PrintWriter out, PrintWriter err) {
        String releaseId = id != null ? id : latest(client, app == null ? onlyApp(client) : app);
        JsonNode release = client.release(releaseId);
        if (json) {
            out.println(release.toPrettyString());
        } else {
            print(release, out);
        }
        return ExitCodes.OK;
    }

    private static String onlyApp(ControllerClient client) {
        List<String> apps =
                client.apps().stream().map(a -> a.path("name").asText()).toList();
        if (apps.size() != 1) {
            throw new InvalidOptionException("give a release ID or --app APP (apps: "
                    + (apps.isEmpty() ? "none registered" : String.join(", ", apps)) + ")");
        }
        return apps.get(0);
    }

    static String latest(ControllerClient client, String app) {
        List<JsonNode> releases = client.releases(app);
        if (releases.isEmpty()) {
            throw new ControllerException("app " + app + " has no releases yet");
        }
        return releases.get(0).path("id").asText();
    }

    static void print(JsonNode r, PrintWriter out) {
        ZoneId zone = ZoneId.systemDefault();
        out.println("release " + r.path("id").asText() + "  " + r.path("app").asText() + " "
                + r.path("fromVersion").asText() + " -> " + r.path("toVersion").asText() + "  "
                + r.path("state").asText());
        out.println("created " + r.path("createdAt").asText() + "  updated "
                + r.path("updatedAt").asText());
        if (r.path("error").isTextual()) {
            out.println("error: " + r.path("error").asText());
        }
        JsonNode spec = r.path("spec");
        if (spec.path("strategy").isTextual()) {
            StringBuilder line =
                    new StringBuilder("strategy " + spec.path("strategy").asText());
            if (spec.path("steps").isArray() && spec.path("strategy").asText().equals("canary")) {
                List<String> steps = new java.util.ArrayList<>();
                spec.path("steps").forEach(n -> steps.add(n.asText() + "%"));
                line.append(": steps ").append(String.join(", ", steps));
            }
            line.append(", each held ").append(spec.path("stepDuration").asText());
            JsonNode a = spec.path("analysis");
            if (a.has("maxErrorRatio")) {
                line.append(", max error ratio ").append(a.path("maxErrorRatio").asText());
            }
            if (a.has("maxP99")) {
                line.append(", max p99 ").append(a.path("maxP99").asText());
            }
            if (a.path("prometheus").isObject()) {
                line.append(", prometheus ")
                        .append(a.path("prometheus").path("query").asText())
                        .append(" <= ")
                        .append(a.path("prometheus").path("max").asText());
            }
            line.append(", approval ").append(spec.path("approval").asText("none"));
            out.println(line);
            JsonNode live = r.path("traffic");
            if (live.isObject()) {
                StringBuilder now =
                        new StringBuilder("traffic: step " + live.path("step").asInt() + " ("
                                + live.path("percent").asInt() + "% of users to green), "
                                + live.path("kind")
                                        .asText()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' '));
                JsonNode users = live.path("users");
                if (users.isObject()) {
                    now.append(String.format(
                            java.util.Locale.ROOT,
                            "; users green %d, blue %d (green %.1f%%) at the gate of step %d, %s",
                            users.path("green").asLong(),
                            users.path("blue").asLong(),
                            users.path("greenPercent").asDouble(),
                            users.path("step").asInt(),
                            Show.clock(Instant.parse(users.path("at").asText()), zone)));
                }
                out.println(now);
            }
            // the gates' figures, the users on each version among them
            for (JsonNode i : r.path("instances")) {
                if (!i.path("instanceId").asText().startsWith("traffic@")) {
                    continue;
                }
                for (JsonNode step : i.path("steps")) {
                    if (step.path("step").asText().equals("GATED")
                            || step.path("step").asText().equals("HELD")) {
                        out.println("  " + i.path("instanceId").asText() + " "
                                + step.path("status").asText() + ": "
                                + step.path("detail").asText(""));
                    }
                }
            }
        }
        JsonNode instances = r.path("instances");
        if (instances.isEmpty()) {
            out.println("no instance touched yet");
            return;
        }
        out.println(Show.cell("INSTANCE", 24) + Show.cell("STEP", 14) + Show.cell("STATUS", 9) + Show.cell("SINCE", 10)
                + "DETAIL");
        for (JsonNode i : instances) {
            JsonNode steps = i.path("steps");
            String detail = steps.isEmpty()
                    ? ""
                    : steps.get(steps.size() - 1).path("detail").asText("");
            out.println(Show.cell(i.path("instanceId").asText(), 24)
                    + Show.cell(i.path("step").asText(), 14)
                    + Show.cell(i.path("status").asText(), 9)
                    + Show.cell(Show.clock(Instant.parse(i.path("since").asText()), zone), 10)
                    + detail);
        }
    }
}
