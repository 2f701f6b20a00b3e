-- One row per lock name, kept forever so that the fencing token keeps increasing across holders,
-- expiries and take-overs. expires_at is UTC computed by the database (UTC_TIMESTAMP(6)), never
-- by a client.
CREATE TABLE nonstop_lease (
    name          VARCHAR(200) NOT NULL PRIMARY KEY,
    holder        VARCHAR(64),
    fencing_token BIGINT       NOT NULL,
    expires_at    DATETIME(6)  NOT NULL
) ENGINE = InnoDB;
