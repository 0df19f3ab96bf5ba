-- The currency the tenant's amounts are in (ISO 4217, from its configuration's `currency`), copied
-- with the rest of the configuration so publish can say it beside the analytics it publishes.
ALTER TABLE cfg_tenant_settings
  ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'USD';
