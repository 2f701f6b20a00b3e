package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static JsonNode transition(String instance, String from, String to, Instant at) throws Exception {
        return json("{'instanceId': '" + instance + "', 'from': '" + from + "', 'to': '" + to + "', 'at': '" + at
                + "', 'detail': ''}");
    }

    @Test
    void aTransitionSaysHowLongTheInstanceSpentInTheStepItLeft() throws Exception {
        ReleaseProgress progress = new ReleaseProgress("r1");

        assertThat(progress.onTransition(transition("app-1", "RUNNING_OLD", "DRAINING", T0)))
                .isEmpty();
        assertThat(progress.onTransition(transition("app-1", "DRAINING", "DRAINED", T0.plusMillis(83))))
                .contains(Duration.ofMillis(83));
        assertThat(progress.rows()).singleElement().satisfies(row -> {
            assertThat(row.step()).isEqualTo("DRAINED");
            assertThat(row.inFlight()).isEmpty();
        });
    }

    @Test
    void anOlderReplayedStepDoesNotMoveAnInstanceBack() throws Exception {
        ReleaseProgress progress = new ReleaseProgress("r1");
        progress.onTransition(transition("app-1", "DRAINED", "STOPPED", T0.plusSeconds(2)));

        Optional<ReleaseProgress.Row> replayed = progress.onStep(json("{'instanceId': 'app-1', 'step': 'DRAINED',"
                + " 'status': 'DONE', 'startedAt': '" + T0 + "', 'finishedAt': '" + T0.plusSeconds(1) + "'}"));

        assertThat(replayed).isEmpty();
        assertThat(progress.rows().get(0).step()).isEqualTo("STOPPED");
    }

    @Test
    void theTotalTimeRunsFromCreationToSettling() throws Exception {
        ReleaseProgress progress = new ReleaseProgress("r1");
        progress.onRelease(json("{'id': 'r1', 'app': 'shop', 'fromVersion': '1', 'toVersion': '2', 'state':"
                + " 'RUNNING', 'createdAt': '" + T0 + "', 'updatedAt': '" + T0 + "', 'error': null}"));
        progress.onState(json("{'from': 'RUNNING', 'to': 'ROLLED_BACK', 'at': '" + T0.plusSeconds(42)
                + "', 'error': 'smoke check failed'}"));

        assertThat(progress.took()).contains(Duration.ofSeconds(42));
        assertThat(progress.error()).contains("smoke check failed");
    }

    @Test
    void theTerminalTableShowsStepElapsedTimeAndADashWhenInFlightIsUnknown() throws Exception {
        StringWriter text = new StringWriter();
        Clock clock = Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC);
        ReleaseProgress progress = new ReleaseProgress("r1");
        progress.onRelease(json("{'id': 'r1', 'app': 'shop', 'fromVersion': '1', 'toVersion': '2', 'state':"
                + " 'RUNNING', 'createdAt': '" + T0 + "'}"));
        JsonNode withCount = json("{'instanceId': 'app-2', 'from': 'RUNNING_OLD', 'to': 'DRAINING', 'at': '"
                + T0.plusSeconds(4) + "', 'inFlight': 7}");

        try (TerminalProgressView view = new TerminalProgressView(new PrintWriter(text), clock)) {
            view.started(progress);
            progress.onTransition(transition("app-1", "RUNNING_OLD", "DRAINING", T0));
            view.moved(progress, progress.rows().get(0), "RUNNING_OLD", Optional.empty());
            progress.onTransition(withCount);
            view.moved(progress, progress.rows().get(1), "RUNNING_OLD", Optional.empty());
        }

        String last = text.toString().substring(text.toString().lastIndexOf("release r1"));
        assertThat(text.toString()).contains("\033[2K").contains("\033[");
        assertThat(last).containsPattern("app-1 +DRAINING +5\\.0 s +- ").containsPattern("app-2 +DRAINING +1\\.0 s +7");
    }

    @Test
    void aProgressEventSetsTheInFlightCountOfADrainingInstanceAndKeepsItsStep() throws Exception {
        ReleaseProgress progress = new ReleaseProgress("r1");
        progress.onTransition(transition("app-1", "RUNNING_OLD", "DRAINING", T0));

        progress.onInFlight(json("{'instanceId': 'app-1', 'inFlight': 3, 'at': '" + T0.plusMillis(20) + "'}"));

        assertThat(progress.rows()).singleElement().satisfies(row -> {
            assertThat(row.step()).isEqualTo("DRAINING");
            assertThat(row.inFlight()).hasValue(3);
        });
    }
}
