/**
 * The migrations compiled into canary. Text imports put the SQL in the module
 * graph, so `deno run` and a `deno compile` binary read them the same way and
 * the binary needs no file beside it. `embedded_migrations_test.ts` fails when
 * a file in `migrations/` is missing here.
 *
 * @module
 */
import { buildMigrationSet, type Migration, newestSchemaVersion } from "./migration.ts";
import m000001Up from "../../migrations/000001_initial_schema.up.sql" with { type: "text" };
import m000001Down from "../../migrations/000001_initial_schema.down.sql" with { type: "text" };
import m000002Up from "../../migrations/000002_index_state.up.sql" with { type: "text" };
import m000002Down from "../../migrations/000002_index_state.down.sql" with { type: "text" };
import m000003Up from "../../migrations/000003_token_search.up.sql" with { type: "text" };
import m000003Down from "../../migrations/000003_token_search.down.sql" with { type: "text" };
import m000004Up from "../../migrations/000004_checkpoint_status_counts.up.sql" with {
  type: "text",
};
import m000004Down from "../../migrations/000004_checkpoint_status_counts.down.sql" with {
  type: "text",
};
import m000005Up from "../../migrations/000005_token_list_order.up.sql" with { type: "text" };
import m000005Down from "../../migrations/000005_token_list_order.down.sql" with { type: "text" };
import m000006Up from "../../migrations/000006_checkpoint_tokens.up.sql" with { type: "text" };
import m000006Down from "../../migrations/000006_checkpoint_tokens.down.sql" with { type: "text" };
import m000007Up from "../../migrations/000007_search_exact_names.up.sql" with { type: "text" };
import m000007Down from "../../migrations/000007_search_exact_names.down.sql" with {
  type: "text",
};
import m000008Up from "../../migrations/000008_token_status_order.up.sql" with { type: "text" };
import m000008Down from "../../migrations/000008_token_status_order.down.sql" with {
  type: "text",
};
import m000009Up from "../../migrations/000009_tree_shape.up.sql" with { type: "text" };
import m000009Down from "../../migrations/000009_tree_shape.down.sql" with { type: "text" };
import m000010Up from "../../migrations/000010_tree_shape_checks.up.sql" with { type: "text" };
import m000010Down from "../../migrations/000010_tree_shape_checks.down.sql" with {
  type: "text",
};

/** File name → SQL text of every embedded migration file. */
export const EMBEDDED_MIGRATION_FILES: Readonly<Record<string, string>> = Object.freeze({
  "000001_initial_schema.up.sql": m000001Up,
  "000001_initial_schema.down.sql": m000001Down,
  "000002_index_state.up.sql": m000002Up,
  "000002_index_state.down.sql": m000002Down,
  "000003_token_search.up.sql": m000003Up,
  "000003_token_search.down.sql": m000003Down,
  "000004_checkpoint_status_counts.up.sql": m000004Up,
  "000004_checkpoint_status_counts.down.sql": m000004Down,
  "000005_token_list_order.up.sql": m000005Up,
  "000005_token_list_order.down.sql": m000005Down,
  "000006_checkpoint_tokens.up.sql": m000006Up,
  "000006_checkpoint_tokens.down.sql": m000006Down,
  "000007_search_exact_names.up.sql": m000007Up,
  "000007_search_exact_names.down.sql": m000007Down,
  "000008_token_status_order.up.sql": m000008Up,
  "000008_token_status_order.down.sql": m000008Down,
  "000009_tree_shape.up.sql": m000009Up,
  "000009_tree_shape.down.sql": m000009Down,
  "000010_tree_shape_checks.up.sql": m000010Up,
  "000010_tree_shape_checks.down.sql": m000010Down,
});

/** The embedded migrations, ordered by version. */
export const EMBEDDED_MIGRATIONS: readonly Migration[] = Object.freeze(
  await buildMigrationSet(EMBEDDED_MIGRATION_FILES),
);

/** Newest schema version this build of canary knows. */
export const LATEST_SCHEMA_VERSION: number = newestSchemaVersion(
  EMBEDDED_MIGRATIONS,
);
