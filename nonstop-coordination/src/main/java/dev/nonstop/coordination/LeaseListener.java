package dev.nonstop.coordination;

/** Told when a lease is lost. Called once per lease, on a thread of the lock service. */
@FunctionalInterface
public interface LeaseListener {

    void leaseLost(Lease lease, LeaseLostReason reason);
}
