-- Target account lists (bfw abm list add, docs/abm.md): a rule over accounts (the filter grammar,
-- account fields only) or an uploaded file's entries, one row per line kept (account ids or
-- domains; an entry that matches no account yet stays, and matches once the account arrives).
-- The engage step evaluates every list each cycle. A removed tenant's lists go with it.
CREATE TABLE abm_lists (
  tenant_id       VARCHAR(31)   NOT NULL,
  list_name       VARCHAR(80)   NOT NULL,
  source          VARCHAR(8)    NOT NULL,   -- rule | file
  rule            JSON          NULL,
  file_name       VARCHAR(255)  NULL,
  created_at      DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (tenant_id, list_name),
  CONSTRAINT fk_abm_lists_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE abm_list_entries (
  tenant_id       VARCHAR(31)   NOT NULL,
  list_name       VARCHAR(80)   NOT NULL,
  line_no         INT           NOT NULL,
  kind            VARCHAR(8)    NOT NULL,   -- id | domain
  value           VARCHAR(255)  NOT NULL,
  PRIMARY KEY (tenant_id, list_name, line_no),
  CONSTRAINT fk_abm_list_entries_list FOREIGN KEY (tenant_id, list_name) REFERENCES abm_lists (tenant_id, list_name) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
