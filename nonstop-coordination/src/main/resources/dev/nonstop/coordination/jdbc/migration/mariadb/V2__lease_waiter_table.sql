-- Acquires waiting in line for a lock (fair acquisition): one row per waiting lease id, served in
-- ticket order (arrival at the database). A waiter pushes expires_at (UTC) on while it polls; a row
-- past it belongs to a waiter that died or gave up and is skipped, and deleted by the next one to
-- join.
CREATE TABLE nonstop_lease_waiter (
    ticket     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    lease_id   VARCHAR(64)  NOT NULL,
    expires_at DATETIME(6)  NOT NULL,
    UNIQUE KEY nonstop_lease_waiter_lease (name, lease_id),
    KEY nonstop_lease_waiter_line (name, ticket)
) ENGINE = InnoDB;
