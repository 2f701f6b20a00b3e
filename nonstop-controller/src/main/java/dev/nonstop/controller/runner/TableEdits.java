package dev.nonstop.controller.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;

/** Edits of a routing table's JSON tree (the gateway config's shape): add and remove one member. */
final class TableEdits {

    private TableEdits() {}

    /** Whether a member with that id is anywhere in the table. */
    static boolean hasMember(ObjectNode table, String memberId) {
        return member(table, memberId).isPresent();
    }

    /** The member with that id ({@code id, host, port, weight, state}), wherever it is in the table. */
    static Optional<JsonNode> member(ObjectNode table, String memberId) {
        for (JsonNode app : table.path("apps")) {
            for (JsonNode group : app.path("groups")) {
                for (JsonNode member : group.path("members")) {
                    if (memberId.equals(member.path("id").asText())) {
                        return Optional.of(member);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A copy of {@code table} with the member added to {@code app}'s group holding {@code besideMemberId} (its first
     * group when that member is not there).
     *
     * @throws IllegalStateException when the table has no such app
     */
    static ObjectNode withMember(
            ObjectNode table,
            String app,
            String besideMemberId,
            String memberId,
            String host,
            int port,
            int weight,
            String state) {
        ObjectNode copy = table.deepCopy();
        for (JsonNode appNode : copy.path("apps")) {
            if (!app.equals(appNode.path("name").asText())) {
                continue;
            }
            ArrayNode target = null;
            for (JsonNode group : appNode.path("groups")) {
                ArrayNode members = (ArrayNode) group.path("members");
                if (target == null) {
                    target = members;
                }
                for (JsonNode member : members) {
                    if (member.path("id").asText().equals(besideMemberId)) {
                        target = members;
                    }
                }
            }
            if (target == null) {
                throw new IllegalStateException("app " + app + " has no group in the routing table");
            }
            target.addObject()
                    .put("id", memberId)
                    .put("host", host)
                    .put("port", port)
                    .put("weight", weight)
                    .put("state", state);
            return copy;
        }
        throw new IllegalStateException("app " + app + " is not in the routing table");
    }

    /** A copy of {@code table} without the member. */
    static ObjectNode withoutMember(ObjectNode table, String memberId) {
        ObjectNode copy = table.deepCopy();
        for (JsonNode app : copy.path("apps")) {
            for (JsonNode group : app.path("groups")) {
                Iterator<JsonNode> members = group.path("members").elements();
                while (members.hasNext()) {
                    if (memberId.equals(members.next().path("id").asText())) {
                        members.remove();
                    }
                }
            }
        }
        return copy;
    }
}
