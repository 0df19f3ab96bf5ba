-- Each account's attributed amount per stage and model (the tenant's an_account_attribution),
-- published beside web_account so the Accounts page shows it without reading a tenant database.
-- Versioned and switched with the other web_* tables by the same web_publications pointer.

CREATE TABLE web_account_attribution (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  account_id               CHAR(18)      NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  PRIMARY KEY (tenant_id, version, filter_name, stage, model, account_id)
) ENGINE=InnoDB;
