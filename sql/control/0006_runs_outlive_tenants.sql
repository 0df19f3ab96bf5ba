-- A removed tenant's run history stays for the record (`bfw tenant remove` keeps it unless
-- --purge-history): a run row may name a tenant that no longer exists.
ALTER TABLE runs DROP FOREIGN KEY fk_runs_tenant;
