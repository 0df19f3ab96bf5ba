-- raw_campaign_member loses its CampaignId index. Nothing reads members by campaign: cn_build_touches
-- scans them all (STRAIGHT_JOIN, because the optimizer reached them through this very index, a random
-- read per member), and the checks scan them too. Ingest paid for it on every first load: after the
-- rows, the index was built on its own, 5.4 s of the 16 s that the 3,041,575 members of size L took.
ALTER TABLE raw_campaign_member DROP KEY IF EXISTS ix_raw_campaign_member_campaign;
