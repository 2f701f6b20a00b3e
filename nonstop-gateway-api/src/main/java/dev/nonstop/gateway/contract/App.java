package dev.nonstop.gateway.contract;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An application behind the gateway: its groups of members, how requests are balanced, and
 * optionally sticky sessions, an active health check and gray routing between its groups.
 *
 * @param sticky {@code null} when sticky sessions are off
 * @param healthCheck {@code null} when no active check is configured; ejected members are then
 *     probed with a TCP connect
 * @param ejectAfterConnectFailures consecutive connect failures that eject a member (passive
 *     health), {@code 0} to never eject
 * @param routing {@code null}: the members of all groups are balanced together; otherwise the
 *     gateway first picks a group per request (see {@link GrayRouting}), then balances among that
 *     group's members
 */
public record App(
        String name,
        List<Group> groups,
        Balancing balancing,
        StickySessions sticky,
        HealthCheck healthCheck,
        int ejectAfterConnectFailures,
        GrayRouting routing) {

    public static final int DEFAULT_EJECT_AFTER = 3;

    public App {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(balancing, "balancing");
        groups = List.copyOf(groups);
    }

    /** An app without gray routing. */
    public App(
            String name,
            List<Group> groups,
            Balancing balancing,
            StickySessions sticky,
            HealthCheck healthCheck,
            int ejectAfterConnectFailures) {
        this(name, groups, balancing, sticky, healthCheck, ejectAfterConnectFailures, null);
    }

    public static App of(String name, Member... members) {
        return new App(
                name,
                List.of(new Group("default", List.of(members))),
                Balancing.ROUND_ROBIN,
                null,
                null,
                DEFAULT_EJECT_AFTER);
    }

    public Stream<Member> members() {
        return groups.stream().flatMap(g -> g.members().stream());
    }

    public Optional<StickySessions> stickySessions() {
        return Optional.ofNullable(sticky);
    }

    /** The group with that name. */
    public Optional<Group> group(String groupName) {
        return groups.stream().filter(g -> g.name().equals(groupName)).findFirst();
    }

    public App withGroups(List<Group> newGroups) {
        return new App(name, newGroups, balancing, sticky, healthCheck, ejectAfterConnectFailures, routing);
    }

    public App withBalancing(Balancing newBalancing) {
        return new App(name, groups, newBalancing, sticky, healthCheck, ejectAfterConnectFailures, routing);
    }

    public App withSticky(StickySessions newSticky) {
        return new App(name, groups, balancing, newSticky, healthCheck, ejectAfterConnectFailures, routing);
    }

    public App withHealthCheck(HealthCheck newCheck) {
        return new App(name, groups, balancing, sticky, newCheck, ejectAfterConnectFailures, routing);
    }

    /** This app with gray routing between its groups, or without ({@code null}). */
    public App withRouting(GrayRouting newRouting) {
        return new App(name, groups, balancing, sticky, healthCheck, ejectAfterConnectFailures, newRouting);
    }
}
