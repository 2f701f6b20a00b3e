package dev.nonstop.coordination.etcd;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Leases as etcd keys attached to etcd leases (see the package documentation). The {@link Client}
 * belongs to the caller.
 */
public final class EtcdLeaseStore implements LeaseStore {

    private final Client client;
    private final String prefix;
    private final Duration requestTimeout;

    private EtcdLeaseStore(Builder builder) {
        this.client = builder.client;
        this.prefix = builder.prefix;
        this.requestTimeout = builder.requestTimeout;
    }

    public static Builder builder(Client client) {
        return new Builder(client);
    }

    @Override
    public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
        return new EtcdLeaseAttempt(this, name, leaseId, ttl);
    }

    @Override
    public RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
        long etcdLease = Long.parseUnsignedLong(grant.handle(), 16);
        if (keepAlive(etcdLease, "renew " + grant.name()) <= 0) {
            return RenewalOutcome.SESSION_LOST;
        }
        GetResponse key =
                call(client.getKVClient().get(bytes(holderKey(grant.name(), etcdLease))), "renew " + grant.name());
        if (key.getKvs().isEmpty()) {
            return RenewalOutcome.SESSION_LOST;
        }
        return key.getKvs().get(0).getCreateRevision() == grant.fencingToken()
                ? RenewalOutcome.RENEWED
                : RenewalOutcome.TAKEN_OVER;
    }

    @Override
    public void release(LeaseGrant grant) {
        revoke(Long.parseUnsignedLong(grant.handle(), 16), "release " + grant.name());
    }

    @Override
    public void close() {
        // The jetcd client belongs to the caller.
    }

    Client client() {
        return client;
    }

    /** The remaining ttl after one keep-alive, or 0 when etcd no longer knows the lease. */
    long keepAlive(long etcdLease, String what) {
        try {
            LeaseKeepAliveResponse response = call(client.getLeaseClient().keepAliveOnce(etcdLease), what);
            return response.getTTL();
        } catch (CoordinationStoreException e) {
            if (isLeaseNotFound(e)) {
                return 0;
            }
            throw e;
        }
    }

    void revoke(long etcdLease, String what) {
        try {
            call(client.getLeaseClient().revoke(etcdLease), what);
        } catch (CoordinationStoreException e) {
            if (!isLeaseNotFound(e)) {
                throw e;
            }
        }
    }

    String lockPrefix(String name) {
        return prefix + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/";
    }

    String holderKey(String name, long etcdLease) {
        return lockPrefix(name) + Long.toHexString(etcdLease);
    }

    <T> T call(CompletableFuture<T> future, String what) {
        try {
            return future.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CoordinationStoreException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new CoordinationStoreException(what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CoordinationStoreException(what + ": no answer from etcd within " + requestTimeout, e);
        }
    }

    static ByteSequence bytes(String value) {
        return ByteSequence.from(value, StandardCharsets.UTF_8);
    }

    private static boolean isLeaseNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("lease not found")) {
                return true;
            }
        }
        return false;
    }

    /** Settings of an {@link EtcdLeaseStore}. */
    public static final class Builder {
        private final Client client;
        private String prefix = "/nonstop/locks/";
        private Duration requestTimeout = Duration.ofSeconds(2);

        private Builder(Client client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The prefix of every key, ending with {@code /}. Default: {@code /nonstop/locks/}. */
        public Builder prefix(String prefix) {
            if (prefix == null || !prefix.endsWith("/")) {
                throw new IllegalArgumentException("prefix: " + prefix + " (expected: ends with /)");
            }
            this.prefix = prefix;
            return this;
        }

        /** How long one request may take; keep it below the ttl. Default: 2 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: > 0)");
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        public EtcdLeaseStore build() {
            return new EtcdLeaseStore(this);
        }
    }
}
