package dev.nonstop.coordination.contract;

import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A lock service that also closes the clients a test factory opened for it. */
public final class ClosingLockService implements LockService {

    private final LockService delegate;
    private final List<AutoCloseable> resources;

    public ClosingLockService(LockService delegate, AutoCloseable... resources) {
        this.delegate = delegate;
        this.resources = List.of(resources);
    }

    public LockService delegate() {
        return delegate;
    }

    @Override
    public Lease acquire(String name, Duration ttl, Duration maxWait) throws InterruptedException {
        return delegate.acquire(name, ttl, maxWait);
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        return delegate.tryAcquire(name, ttl);
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // Best effort: the test is over.
                }
            }
        }
    }
}
