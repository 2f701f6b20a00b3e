package dev.nonstop.gateway.contract;

import java.util.List;
import java.util.Objects;

/**
 * A named set of members of one app, e.g. {@code blue} and {@code green}, each group one version of
 * the app.
 *
 * @param version informational (e.g. {@code 1.4.2}), reported in stats and status; may be {@code null}
 */
public record Group(String name, String version, List<Member> members) {
    public Group {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }

    /** A group without a version. */
    public Group(String name, List<Member> members) {
        this(name, null, members);
    }

    /** This group (same name and version) with other members. */
    public Group withMembers(List<Member> newMembers) {
        return new Group(name, version, newMembers);
    }
}
