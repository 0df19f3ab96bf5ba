-- The tenants' websites that send web events to the collector (bfw web site add): one public key per
-- site, which the snippet's endpoint names (/e/v1/<site_key>). A removed tenant's sites go with it.
CREATE TABLE web_sites (
  site_key        VARCHAR(32)  NOT NULL PRIMARY KEY,
  tenant_id       VARCHAR(31)  NOT NULL,
  created_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_web_sites_tenant (tenant_id),
  CONSTRAINT fk_web_sites_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The origins (scheme://host[:port]) whose pages may send to a site key: the collector's CORS allow-list.
CREATE TABLE web_site_origins (
  site_key        VARCHAR(32)  NOT NULL,
  origin          VARCHAR(255) NOT NULL,
  PRIMARY KEY (site_key, origin),
  CONSTRAINT fk_web_site_origins_site FOREIGN KEY (site_key) REFERENCES web_sites (site_key) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
