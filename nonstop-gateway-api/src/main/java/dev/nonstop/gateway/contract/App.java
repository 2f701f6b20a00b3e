package dev.nonstop.gateway.contract;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An application behind the gateway: its groups of members, how requests are balanced, and
 * optionally sticky sessions and an active health check.
 *
 * @param sticky {@code null} when sticky sessions are off
 * @param healthCheck {@code null} when no active check is configured; ejected members are then
 *     probed with a TCP connect
 * @param ejectAfterConnectFailures consecutive connect failures that eject a member (passive
 *     health), {@code 0} to never eject
 */
public record App(
        String name,
        List<Group> groups,
        Balancing balancing,
        StickySessions sticky,
        HealthCheck healthCheck,
        int ejectAfterConnectFailures) {

    public static final int DEFAULT_EJECT_AFTER = 3;

    public App {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(balancing, "balancing");
        groups = List.copyOf(groups);
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

    public App withGroups(List<Group> newGroups) {
        return new App(name, newGroups, balancing, sticky, healthCheck, ejectAfterConnectFailures);
    }

    public App withBalancing(Balancing newBalancing) {
        return new App(name, groups, newBalancing, sticky, healthCheck, ejectAfterConnectFailures);
    }

    public App withSticky(StickySessions newSticky) {
        return new App(name, groups, balancing, newSticky, healthCheck, ejectAfterConnectFailures);
    }

    public App withHealthCheck(HealthCheck newCheck) {
        return new App(name, groups, balancing, sticky, newCheck, ejectAfterConnectFailures);
    }
}
