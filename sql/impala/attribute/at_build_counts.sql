-- What this run built, for MySQL's at_build_info: pairs, unattributed (opportunity, stage) rows,
-- and the credit rows the at_credits relation shows (one per share that is not NULL).
SELECT (SELECT COUNT(*) FROM ${var:tenant_db}.at_paths_r${var:run}) AS path_rows,
       (SELECT COUNT(*) FROM ${var:tenant_db}.at_unattributed_r${var:run}) AS unattributed_rows,
       (SELECT COUNT(share_first_touch) + COUNT(share_last_touch) + COUNT(share_linear) + COUNT(share_u_shaped)
               + COUNT(share_j_shaped) + COUNT(share_inverse_j) + COUNT(share_custom_xyx) + COUNT(share_w_shaped)
               + COUNT(share_full_path) + COUNT(share_time_decay)
        FROM ${var:tenant_db}.at_paths_r${var:run}) AS credit_rows
