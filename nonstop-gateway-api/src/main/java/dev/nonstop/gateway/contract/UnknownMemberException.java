package dev.nonstop.gateway.contract;

/** No member of the routing table has the given id. */
public final class UnknownMemberException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String memberId;

    public UnknownMemberException(String memberId) {
        super("unknown member: " + memberId);
        this.memberId = memberId;
    }

    public String memberId() {
        return memberId;
    }
}
