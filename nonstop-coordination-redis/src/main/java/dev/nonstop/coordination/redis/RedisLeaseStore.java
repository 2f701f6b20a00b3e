package dev.nonstop.coordination.redis;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * Leases in Redis (see the package documentation). Opens one connection, shared by all threads, and
 * closes it on {@link #close()}; the {@link RedisClient} stays the caller's.
 */
public final class RedisLeaseStore implements LeaseStore {

    private final StatefulRedisConnection<String, String> connection;
    private final String keyPrefix;
    private final RedisScript acquire;
    private final RedisScript renew;
    private final RedisScript release;
    private final RedisScript giveUp;

    private RedisLeaseStore(Builder builder) {
        this.keyPrefix = builder.keyPrefix;
        try {
            this.connection = builder.client.connect();
        } catch (RedisException e) {
            throw new CoordinationStoreException("cannot reach Redis: " + e.getMessage(), e);
        }
        connection.setTimeout(builder.commandTimeout);
        this.acquire = RedisScript.load("acquire.lua");
        this.renew = RedisScript.load("renew.lua");
        this.release = RedisScript.load("release.lua");
        this.giveUp = RedisScript.load("give-up.lua");
    }

    public static Builder builder(RedisClient client) {
        return new Builder(client);
    }

    @Override
    public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
        return new RedisLeaseAttempt(this, name, leaseId, ttl, fair);
    }

    /** Runs {@code acquire.lua}; see there for the answers. */
    long acquire(String name, String leaseId, Duration ttl, boolean fair, Duration placeTtl) {
        String[] keys = {lockKey(name), tokenKey(name), lineKey(name), placesKey(name), givenUpKey(name)};
        String[] args = {leaseId, millis(ttl), fair ? "1" : "0", millis(placeTtl)};
        try {
            return acquire.run(connection.sync(), keys, args);
        } catch (RedisException e) {
            throw new CoordinationStoreException("acquire " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code give-up.lua} without waiting for it, on the connection that carried the acquire
     * commands, so that it runs after every one of them that Redis will ever run.
     */
    void giveUp(String name, String leaseId, Duration refusal) {
        String[] keys = {lockKey(name), lineKey(name), placesKey(name), givenUpKey(name)};
        try {
            giveUp.runAsync(connection.async(), keys, new String[] {leaseId, millis(refusal)});
        } catch (RuntimeException e) {
            // Nothing sent: the place lapses and a grant expires by themselves.
        }
    }

    @Override
    public RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
        long renewed = run(renew, "renew " + grant.name(), lockKey(grant.name()), null, grant.leaseId(), millis(ttl));
        return renewed == 1 ? RenewalOutcome.RENEWED : RenewalOutcome.TAKEN_OVER;
    }

    @Override
    public void release(LeaseGrant grant) {
        run(release, "release " + grant.name(), lockKey(grant.name()), null, grant.leaseId(), null);
    }

    @Override
    public void close() {
        connection.close();
    }

    private long run(RedisScript script, String what, String key, String secondKey, String arg1, String arg2) {
        String[] keys = secondKey == null ? new String[] {key} : new String[] {key, secondKey};
        String[] args = arg2 == null ? new String[] {arg1} : new String[] {arg1, arg2};
        try {
            return script.run(connection.sync(), keys, args);
        } catch (RedisException e) {
            throw new CoordinationStoreException(what + ": " + e.getMessage(), e);
        }
    }

    private String lockKey(String name) {
        return keyPrefix + "{" + name + "}";
    }

    private String tokenKey(String name) {
        return keyPrefix + "{" + name + "}:token";
    }

    private String lineKey(String name) {
        return keyPrefix + "{" + name + "}:line";
    }

    private String placesKey(String name) {
        return keyPrefix + "{" + name + "}:places";
    }

    private String givenUpKey(String name) {
        return keyPrefix + "{" + name + "}:given-up";
    }

    private static String millis(Duration ttl) {
        return Long.toString(ttl.toMillis());
    }

    /** Settings of a {@link RedisLeaseStore}. */
    public static final class Builder {
        private final RedisClient client;
        private String keyPrefix = "nonstop:lock:";
        private Duration commandTimeout = Duration.ofSeconds(2);

        private Builder(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The prefix of every key. Default: {@code nonstop:lock:}. */
        public Builder keyPrefix(String keyPrefix) {
            if (keyPrefix == null || keyPrefix.contains("{") || keyPrefix.contains("}")) {
                throw new IllegalArgumentException("keyPrefix: " + keyPrefix + " (expected: no braces)");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** How long one command may take; keep it below the ttl. Default: 2 s. */
        public Builder commandTimeout(Duration commandTimeout) {
            if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout: " + commandTimeout + " (expected: > 0)");
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * Connects.
         *
         * @throws CoordinationStoreException when Redis cannot be reached
         */
        public RedisLeaseStore build() {
            return new RedisLeaseStore(this);
        }
    }
}
