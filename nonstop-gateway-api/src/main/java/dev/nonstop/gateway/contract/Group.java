package dev.nonstop.gateway.contract;

import java.util.List;
import java.util.Objects;

/** A named set of members of one app, e.g. {@code blue} and {@code green}. */
public record Group(String name, List<Member> members) {
    public Group {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }
}
