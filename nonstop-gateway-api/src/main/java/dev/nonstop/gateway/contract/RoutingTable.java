package dev.nonstop.gateway.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The gateway's whole routing state, replaced atomically and never mutated: routes, apps, their
 * groups and members. Each replacement carries a higher {@code version}; the controller waits for
 * every gateway to report a version in force before it treats a change as done.
 */
public record RoutingTable(long version, List<Route> routes, List<App> apps) {

    public RoutingTable {
        routes = List.copyOf(routes);
        apps = List.copyOf(apps);
    }

    public static RoutingTable empty() {
        return new RoutingTable(0, List.of(), List.of());
    }

    public Optional<App> app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Stream<Member> members() {
        return apps.stream().flatMap(App::members);
    }

    public Optional<Member> member(String id) {
        return members().filter(m -> m.id().equals(id)).findFirst();
    }

    public RoutingTable withVersion(long newVersion) {
        return new RoutingTable(newVersion, routes, apps);
    }

    /**
     * A copy with one member changed and the version incremented.
     *
     * @throws UnknownMemberException when no member has that id
     */
    public RoutingTable withMember(String id, UnaryOperator<Member> change) {
        Objects.requireNonNull(change, "change");
        boolean[] found = {false};
        List<App> newApps = new ArrayList<>(apps.size());
        for (App app : apps) {
            List<Group> newGroups = new ArrayList<>(app.groups().size());
            for (Group group : app.groups()) {
                List<Member> newMembers = new ArrayList<>(group.members().size());
                for (Member m : group.members()) {
                    if (m.id().equals(id)) {
                        found[0] = true;
                        Member changed = change.apply(m);
                        if (!changed.id().equals(id)) {
                            throw new IllegalArgumentException("a member change must keep its id: " + id);
                        }
                        newMembers.add(changed);
                    } else {
                        newMembers.add(m);
                    }
                }
                newGroups.add(group.withMembers(newMembers));
            }
            newApps.add(app.withGroups(newGroups));
        }
        if (!found[0]) {
            throw new UnknownMemberException(id);
        }
        return new RoutingTable(version + 1, routes, newApps);
    }

    /**
     * A copy with {@code member} added to {@code app}'s first group and the version incremented.
     *
     * @throws IllegalArgumentException when the table has no such app, the app no group, or a member
     *     already has that id
     */
    public RoutingTable withMemberAdded(String app, Member member) {
        Objects.requireNonNull(member, "member");
        if (member(member.id()).isPresent()) {
            throw new IllegalArgumentException("member " + member.id() + " is already in the routing table");
        }
        List<App> newApps = new ArrayList<>(apps.size());
        boolean added = false;
        for (App a : apps) {
            if (!added && a.name().equals(app)) {
                if (a.groups().isEmpty()) {
                    throw new IllegalArgumentException("app " + app + " has no group in the routing table");
                }
                List<Group> groups = new ArrayList<>(a.groups());
                Group first = groups.get(0);
                List<Member> members = new ArrayList<>(first.members());
                members.add(member);
                groups.set(0, first.withMembers(members));
                newApps.add(a.withGroups(groups));
                added = true;
            } else {
                newApps.add(a);
            }
        }
        if (!added) {
            throw new IllegalArgumentException("app " + app + " is not in the routing table");
        }
        return new RoutingTable(version + 1, routes, newApps);
    }

    /**
     * A copy without the member and with the version incremented.
     *
     * @throws UnknownMemberException when no member has that id
     */
    public RoutingTable withoutMember(String id) {
        if (member(id).isEmpty()) {
            throw new UnknownMemberException(id);
        }
        List<App> newApps = new ArrayList<>(apps.size());
        for (App app : apps) {
            List<Group> groups = new ArrayList<>(app.groups().size());
            for (Group group : app.groups()) {
                groups.add(group.withMembers(
                        group.members().stream().filter(m -> !m.id().equals(id)).toList()));
            }
            newApps.add(app.withGroups(groups));
        }
        return new RoutingTable(version + 1, routes, newApps);
    }
}
