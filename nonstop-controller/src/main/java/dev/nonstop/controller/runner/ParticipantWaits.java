package dev.nonstop.controller.runner;

import dev.nonstop.controller.client.AppStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How long each drain participant of an app took to become idle, measured from the polls of one drain: a
 * participant's wait is the time from the drain's start to the first poll of its last idle streak (one seen busy
 * again starts over). Also says what the participants still hold when the drain ends without them. Not thread-safe:
 * one drain wait polls from one thread.
 */
final class ParticipantWaits {

    private final Map<String, Duration> idleSince = new LinkedHashMap<>();
    private List<AppStatus.Participant> last = List.of();

    /** Records the status one poll {@code elapsed} after the drain started read. */
    void observe(AppStatus status, Duration elapsed) {
        last = status.participants();
        idleSince.keySet().removeIf(name -> last.stream()
                .noneMatch(p -> p.name().equals(name)));
        for (AppStatus.Participant p : status.participants()) {
            if (p.idle()) {
                idleSince.putIfAbsent(p.name(), elapsed);
            } else {
                idleSince.remove(p.name());
            }
        }
    }

    /**
     * {@code http 12 ms, rabbitmq 610 ms}: each participant of the last poll with its wait, in the app's order;
     * empty when the app lists no participants.
     */
    String waits() {
        return last.stream()
                .filter(p -> idleSince.containsKey(p.name()))
                .map(p -> p.name() + " " + idleSince.get(p.name()).toMillis() + " ms")
                .collect(Collectors.joining(", "));
    }

    /**
     * {@code not idle: rabbitmq (2 message(s) in hand on queue orders)}: the participants the last poll found busy
     * and what they hold; empty when there were none (or the app lists no participants).
     */
    String stuck() {
        List<AppStatus.Participant> busy = last.stream().filter(p -> !p.idle()).toList();
        if (busy.isEmpty()) {
            return "";
        }
        return "not idle: " + busy.stream().map(AppStatus.Participant::holding).collect(Collectors.joining(", "));
    }

    /** {@code 30s}, {@code 1500ms}: a deadline as people write it. */
    static String human(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
