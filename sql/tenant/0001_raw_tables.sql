-- Raw layer: the seven Salesforce objects as exported. Standard fields are typed; every other
-- column of the export (custom fields included) is kept in `extra` so a tenant's mapping can
-- use it later without re-ingesting. Ids are the 18-character form; the database collation is
-- binary so ids compare as plain bytes. Datetimes are UTC.

CREATE TABLE raw_account (
  Id                CHAR(18)      NOT NULL PRIMARY KEY,
  Name              VARCHAR(255)  NULL,
  Website           VARCHAR(255)  NULL,
  Type              VARCHAR(80)   NULL,
  Industry          VARCHAR(80)   NULL,
  AnnualRevenue     DECIMAL(18,2) NULL,
  NumberOfEmployees INT           NULL,
  BillingCountry    VARCHAR(80)   NULL,
  BillingState      VARCHAR(80)   NULL,
  ParentId          CHAR(18)      NULL,
  OwnerId           CHAR(18)      NULL,
  CreatedDate       DATETIME(3)   NULL,
  LastModifiedDate  DATETIME(3)   NULL,
  SystemModstamp    DATETIME(3)   NULL,
  extra             JSON          NULL,
  _source_file      VARCHAR(255)  NULL,
  _loaded_at        DATETIME(6)   NULL
) ENGINE=InnoDB;

CREATE TABLE raw_contact (
  Id                CHAR(18)      NOT NULL PRIMARY KEY,
  AccountId         CHAR(18)      NULL,
  FirstName         VARCHAR(80)   NULL,
  LastName          VARCHAR(120)  NULL,
  Email             VARCHAR(255)  NULL,
  Title             VARCHAR(128)  NULL,
  LeadSource        VARCHAR(80)   NULL,
  OwnerId           CHAR(18)      NULL,
  CreatedDate       DATETIME(3)   NULL,
  LastModifiedDate  DATETIME(3)   NULL,
  SystemModstamp    DATETIME(3)   NULL,
  extra             JSON          NULL,
  _source_file      VARCHAR(255)  NULL,
  _loaded_at        DATETIME(6)   NULL,
  KEY ix_raw_contact_account (AccountId)
) ENGINE=InnoDB;

CREATE TABLE raw_lead (
  Id                     CHAR(18)     NOT NULL PRIMARY KEY,
  FirstName              VARCHAR(80)  NULL,
  LastName               VARCHAR(120) NULL,
  Email                  VARCHAR(255) NULL,
  Company                VARCHAR(255) NULL,
  Website                VARCHAR(255) NULL,
  Title                  VARCHAR(128) NULL,
  Status                 VARCHAR(80)  NULL,
  LeadSource             VARCHAR(80)  NULL,
  IsConverted            TINYINT(1)   NULL,
  ConvertedAccountId     CHAR(18)     NULL,
  ConvertedContactId     CHAR(18)     NULL,
  ConvertedOpportunityId CHAR(18)     NULL,
  ConvertedDate          DATE         NULL,
  OwnerId                CHAR(18)     NULL,
  CreatedDate            DATETIME(3)  NULL,
  LastModifiedDate       DATETIME(3)  NULL,
  SystemModstamp         DATETIME(3)  NULL,
  extra                  JSON         NULL,
  _source_file           VARCHAR(255) NULL,
  _loaded_at             DATETIME(6)  NULL,
  KEY ix_raw_lead_converted_contact (ConvertedContactId)
) ENGINE=InnoDB;

CREATE TABLE raw_campaign (
  Id                CHAR(18)      NOT NULL PRIMARY KEY,
  Name              VARCHAR(255)  NULL,
  Type              VARCHAR(80)   NULL,
  Status            VARCHAR(80)   NULL,
  StartDate         DATE          NULL,
  EndDate           DATE          NULL,
  ActualCost        DECIMAL(18,2) NULL,
  BudgetedCost      DECIMAL(18,2) NULL,
  IsActive          TINYINT(1)    NULL,
  ParentId          CHAR(18)      NULL,
  CreatedDate       DATETIME(3)   NULL,
  LastModifiedDate  DATETIME(3)   NULL,
  SystemModstamp    DATETIME(3)   NULL,
  extra             JSON          NULL,
  _source_file      VARCHAR(255)  NULL,
  _loaded_at        DATETIME(6)   NULL
) ENGINE=InnoDB;

CREATE TABLE raw_campaign_member (
  Id                 CHAR(18)     NOT NULL PRIMARY KEY,
  CampaignId         CHAR(18)     NULL,
  ContactId          CHAR(18)     NULL,
  LeadId             CHAR(18)     NULL,
  Status             VARCHAR(80)  NULL,
  HasResponded       TINYINT(1)   NULL,
  FirstRespondedDate DATE         NULL,
  CreatedDate        DATETIME(3)  NULL,
  LastModifiedDate   DATETIME(3)  NULL,
  SystemModstamp     DATETIME(3)  NULL,
  extra              JSON         NULL,
  _source_file       VARCHAR(255) NULL,
  _loaded_at         DATETIME(6)  NULL,
  KEY ix_raw_campaign_member_campaign (CampaignId)
) ENGINE=InnoDB;

CREATE TABLE raw_opportunity (
  Id                CHAR(18)      NOT NULL PRIMARY KEY,
  AccountId         CHAR(18)      NULL,
  Name              VARCHAR(255)  NULL,
  StageName         VARCHAR(80)   NULL,
  Amount            DECIMAL(18,2) NULL,
  Probability       DECIMAL(5,2)  NULL,
  CloseDate         DATE          NULL,
  IsClosed          TINYINT(1)    NULL,
  IsWon             TINYINT(1)    NULL,
  Type              VARCHAR(80)   NULL,
  LeadSource        VARCHAR(80)   NULL,
  CampaignId        CHAR(18)      NULL,
  ForecastCategory  VARCHAR(40)   NULL,
  OwnerId           CHAR(18)      NULL,
  CreatedDate       DATETIME(3)   NULL,
  LastModifiedDate  DATETIME(3)   NULL,
  SystemModstamp    DATETIME(3)   NULL,
  extra             JSON          NULL,
  _source_file      VARCHAR(255)  NULL,
  _loaded_at        DATETIME(6)   NULL,
  KEY ix_raw_opportunity_account (AccountId)
) ENGINE=InnoDB;

CREATE TABLE raw_opportunity_contact_role (
  Id                CHAR(18)      NOT NULL PRIMARY KEY,
  OpportunityId     CHAR(18)      NULL,
  ContactId         CHAR(18)      NULL,
  Role              VARCHAR(80)   NULL,
  IsPrimary         TINYINT(1)    NULL,
  CreatedDate       DATETIME(3)   NULL,
  LastModifiedDate  DATETIME(3)   NULL,
  SystemModstamp    DATETIME(3)   NULL,
  extra             JSON          NULL,
  _source_file      VARCHAR(255)  NULL,
  _loaded_at        DATETIME(6)   NULL,
  KEY ix_raw_ocr_opportunity (OpportunityId)
) ENGINE=InnoDB;

-- Rows an ingest refused, with where they came from and why; nothing is silently dropped.
CREATE TABLE raw_rejects (
  reject_id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  source_object     VARCHAR(64)   NOT NULL,
  source_file       VARCHAR(255)  NOT NULL,
  line_number       BIGINT        NOT NULL,
  column_name       VARCHAR(255)  NULL,
  value             TEXT          NULL,
  reason            VARCHAR(500)  NOT NULL,
  raw_line          MEDIUMTEXT    NULL,
  rejected_at       DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_raw_rejects_file (source_file, line_number)
) ENGINE=InnoDB;
