package dev.nonstop.gateway.contract.client;

/** A conditional table replacement lost: the table in force has another version (409). Read it again. */
public final class TableVersionConflictException extends GatewayAdminException {
    private static final long serialVersionUID = 1L;

    private final long currentVersion;

    public TableVersionConflictException(String message, long currentVersion) {
        super(message, 409, null);
        this.currentVersion = currentVersion;
    }

    /** The version in force when the replacement was refused. */
    public long currentVersion() {
        return currentVersion;
    }
}
