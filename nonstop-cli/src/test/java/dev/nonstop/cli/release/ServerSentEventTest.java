package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventTest {
    private final List<ServerSentEvent> events = new ArrayList<>();
    private final ServerSentEvent.Parser parser = new ServerSentEvent.Parser(events::add);

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }

    @Test
    void anEventIsDispatchedAtTheBlankLineWithItsNameIdAndData() {
        feed("id: 1a2b-7", "event: transition", "data: {\"to\":\"DRAINED\"}", "");

        assertThat(events).containsExactly(new ServerSentEvent("1a2b-7", "transition", "{\"to\":\"DRAINED\"}"));
    }

    @Test
    void commentsAreIgnoredAndDataLinesAreJoined() {
        feed(": keep-alive", "", "event: end", "data: a", "data:b", "");

        assertThat(events).containsExactly(new ServerSentEvent("", "end", "a\nb"));
    }

    @Test
    void anEventWithoutANameIsAMessageAndOneWithoutDataIsDropped() {
        feed("event: nothing", "", "data: x", "");

        assertThat(events).containsExactly(new ServerSentEvent("", "message", "x"));
    }
}
