-- MySQL → eg_settings (one row): the score's decay and window, and the spike rule's k and minimum.
SELECT engagement_decay AS decay, engagement_window_weeks AS window_weeks, spike_k, spike_min_score
FROM cfg_tenant_settings WHERE id = 1
