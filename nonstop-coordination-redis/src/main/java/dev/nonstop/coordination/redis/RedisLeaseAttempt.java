package dev.nonstop.coordination.redis;

import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import java.time.Duration;
import java.util.Optional;

/**
 * One acquire through {@code acquire.lua}: a fair one keeps a place in the lock's line while it
 * polls. Given up without a grant, it sends {@code give-up.lua} on the same connection, behind any
 * acquire command of its own still on the way (a timed-out command is still delivered and run when a
 * stalled connection recovers): that frees a lock such a command took and, when a poll went
 * unanswered, has late acquire commands of this lease id refused for a while.
 */
final class RedisLeaseAttempt implements LeaseAttempt {

    /** A waiter's place survives this long without a poll; never shorter than the ttl. */
    private static final Duration MIN_PLACE_TTL = Duration.ofSeconds(1);

    /** How long a late acquire of a given-up lease id is refused; never shorter than 10 ttls. */
    private static final Duration MIN_REFUSAL = Duration.ofMinutes(1);

    private final RedisLeaseStore store;
    private final String name;
    private final String leaseId;
    private final Duration ttl;
    private final boolean fair;
    private boolean granted;
    private boolean joined;
    private boolean unanswered;
    private int ahead = -1;

    RedisLeaseAttempt(RedisLeaseStore store, String name, String leaseId, Duration ttl, boolean fair) {
        this.store = store;
        this.name = name;
        this.leaseId = leaseId;
        this.ttl = ttl;
        this.fair = fair;
    }

    @Override
    public Optional<LeaseGrant> poll() {
        joined |= fair;
        long answer;
        boolean answered = false;
        try {
            answer = store.acquire(name, leaseId, ttl, fair, placeTtl());
            answered = true;
        } finally {
            // A command without an answer (a timeout) may still run when it reaches Redis, even
            // after later polls were answered.
            unanswered |= !answered;
        }
        ahead = answer <= -2 ? (int) (-answer - 2) : -1;
        if (answer > 0) {
            granted = true;
            return Optional.of(new LeaseGrant(name, leaseId, answer, ""));
        }
        return Optional.empty();
    }

    @Override
    public int waitersAhead() {
        return ahead;
    }

    @Override
    public void close() {
        if (granted || (!joined && !unanswered)) {
            return;
        }
        Duration refusal = Duration.ZERO;
        if (unanswered) {
            Duration tenTtls = ttl.multipliedBy(10);
            refusal = tenTtls.compareTo(MIN_REFUSAL) > 0 ? tenTtls : MIN_REFUSAL;
        }
        store.giveUp(name, leaseId, refusal);
    }

    private Duration placeTtl() {
        return ttl.compareTo(MIN_PLACE_TTL) > 0 ? ttl : MIN_PLACE_TTL;
    }
}
