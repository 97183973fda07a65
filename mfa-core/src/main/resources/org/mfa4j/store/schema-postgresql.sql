-- mfa4j JDBC store, PostgreSQL 12 or later (schema version 1).
-- Apply with your migration tool (Flyway, Liquibase, psql -f), or call JdbcMfaStore.createSchema(),
-- which runs this file. Safe to run again. One row per user: the user's MFA document (JSON, holding
-- sealed secrets) and the version every write compares and sets.
-- A deleted user's row stays as a tombstone (doc is JSON null, version one higher), so a user's versions
-- never repeat: do not delete rows while application nodes run (see JdbcMfaStore).
-- user_id holds 255 characters (code points): every id mfa4j accepts (at most 255 UTF-16 units, so also every
-- id of at most 255 UTF-8 bytes); JdbcMfaStore refuses an id UTF-8 cannot encode rather than let the
-- driver store a '?' in its place.
-- A table name other than mfa4j_user: replace it here and pass the same name to JdbcMfaStore.builder(..).table(..).
CREATE TABLE IF NOT EXISTS mfa4j_user (
    user_id    VARCHAR(255)             NOT NULL PRIMARY KEY,
    doc        JSONB                    NOT NULL,
    version    BIGINT                   NOT NULL CHECK (version > 0),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
