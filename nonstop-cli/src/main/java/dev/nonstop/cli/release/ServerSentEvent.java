package dev.nonstop.cli.release;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One server-sent event: its {@code event} name ({@code message} when the server gave none), its {@code data} (the
 * lines joined with {@code \n}) and its {@code id} (empty when it had none).
 */
public record ServerSentEvent(String id, String event, String data) {
    public ServerSentEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Reads the {@code text/event-stream} format one line at a time and hands each complete event to a consumer.
     * Comments ({@code : keep-alive}) and unknown fields are ignored, as the format asks.
     */
    static final class Parser {
        private final Consumer<ServerSentEvent> consumer;
        private String id = "";
        private String event = "";
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;

        Parser(Consumer<ServerSentEvent> consumer) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        void line(String line) {
            if (line.isEmpty()) {
                dispatch();
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData = true;
                }
                default -> {
                    // retry and unknown fields: nothing to do
                }
            }
        }

        private void dispatch() {
            if (hasData) {
                consumer.accept(new ServerSentEvent(id, event.isEmpty() ? "message" : event, data.toString()));
            }
            event = "";
            data.setLength(0);
            hasData = false;
        }
    }
}
