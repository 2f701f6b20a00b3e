package dev.nonstop.gateway.proxy;

/** What {@link GroupRouter} decided for one request. Lives on the request's event loop. */
final class GroupChoice {
    /** The group the rules chose (the request may still fall back to another, see {@link MemberAttempts}). */
    GroupRuntime group;
    /** The group came from a percent rule or the default: pin the user to the group that serves them. */
    boolean pinWanted;
    /** The group the request's pin cookie names, or -1 (none, or not a group of the app). */
    int pinnedIndex = -1;
    /** A 32-bit hash of the user's key (percent key value, else client address), for active-user counts. */
    int userHash;
}
