-- Access an admin controls (issue 27): a password set by an admin must be changed at the first
-- sign-in; API tokens may expire; every signed-in session is a row here, checked on every request,
-- so sign-out, a password reset, a removed login or a removed token ends access at once
-- (docs/decisions/web-sessions.md). A session row keeps only the SHA-256 of the cookie's random id.

ALTER TABLE web_users
  ADD COLUMN must_change_password TINYINT(1) NOT NULL DEFAULT 0;

ALTER TABLE web_tokens
  ADD COLUMN expires_at DATETIME(6) NULL;

CREATE TABLE web_sessions (
  session_hash  BINARY(32)    NOT NULL PRIMARY KEY,
  email         VARCHAR(254)  NOT NULL,
  tenant_id     VARCHAR(31)   NOT NULL,
  created_at    DATETIME(6)   NOT NULL,
  expires_at    DATETIME(6)   NOT NULL,
  KEY ix_web_sessions_email (email),
  KEY ix_web_sessions_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
