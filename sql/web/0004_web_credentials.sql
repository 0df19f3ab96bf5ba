-- Who may read a tenant's published analytics: web logins and API tokens, one tenant each.
-- Only hashes are stored: password_hash is ASP.NET Core's PasswordHasher format (PBKDF2,
-- random salt, iteration count inside); token_hash is the SHA-256 of a 32-byte random token
-- (high entropy, so a salt adds nothing and the lookup stays an index seek).

CREATE TABLE web_users (
  tenant_id       VARCHAR(31)   NOT NULL,
  email           VARCHAR(254)  NOT NULL,
  password_hash   VARCHAR(512)  NOT NULL,
  created_at      DATETIME(6)   NOT NULL,
  password_set_at DATETIME(6)   NOT NULL,
  PRIMARY KEY (email),
  KEY ix_web_users_tenant (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE web_tokens (
  token_hash      BINARY(32)    NOT NULL PRIMARY KEY,
  tenant_id       VARCHAR(31)   NOT NULL,
  token_prefix    CHAR(8)       NOT NULL,
  created_at      DATETIME(6)   NOT NULL,
  KEY ix_web_tokens_tenant (tenant_id)
) ENGINE=InnoDB;
