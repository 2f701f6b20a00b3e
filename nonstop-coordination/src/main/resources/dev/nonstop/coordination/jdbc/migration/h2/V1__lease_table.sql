-- One row per lock name, kept forever so that the fencing token keeps increasing across holders,
-- expiries and take-overs. expires_at is always computed by the database, never by a client.
CREATE TABLE nonstop_lease (
    name          VARCHAR(200) NOT NULL PRIMARY KEY,
    holder        VARCHAR(64),
    fencing_token BIGINT       NOT NULL,
    expires_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
