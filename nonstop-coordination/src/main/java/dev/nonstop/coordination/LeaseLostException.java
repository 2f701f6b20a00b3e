package dev.nonstop.coordination;

/** The lease is lost, presumed lost, or released: the protected action must not go ahead. */
public final class LeaseLostException extends CoordinationException {

    private final String lockName;
    private final long fencingToken;

    public LeaseLostException(String lockName, long fencingToken, String why) {
        super("lease on " + lockName + " (token " + fencingToken + ") is no longer held: " + why);
        this.lockName = lockName;
        this.fencingToken = fencingToken;
    }

    public String lockName() {
        return lockName;
    }

    public long fencingToken() {
        return fencingToken;
    }
}
