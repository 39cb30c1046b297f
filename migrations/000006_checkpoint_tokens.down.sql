-- Snapshots go back into checkpoints.snapshot_json, in order, before the table goes.
UPDATE checkpoints SET snapshot_json = (
  SELECT json_group_array(json(token_json)) FROM (
    SELECT token_json FROM checkpoint_tokens WHERE checkpoint_id = checkpoints.id ORDER BY seq
  )
) WHERE id IN (SELECT checkpoint_id FROM checkpoint_tokens);
DROP TABLE checkpoint_tokens;
