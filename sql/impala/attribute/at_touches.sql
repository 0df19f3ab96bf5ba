-- The touches the attribute step positions: the staged Salesforce touches (cn_touches) and, when
-- the tenant counts web touches (web_touches = on) and the web step has published them, the web
-- touches of bfw_<tenant>.web_touches, in the same shape (docs/attribution.md, "Web touches").
-- ${var:web_touches} names that view, or cn_touches again with ${var:count_web_touches} = 0, so the
-- second branch is empty and the statement is the same whatever the setting.
CREATE VIEW at_touches AS
SELECT t.touch_id, t.campaign_id, t.person_id, t.touch_day FROM cn_touches t
UNION ALL
SELECT w.touch_id, w.campaign_id, w.person_id, w.touch_day FROM ${var:web_touches} w
WHERE ${var:count_web_touches} = 1
