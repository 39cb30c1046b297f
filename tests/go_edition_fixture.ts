/**
 * Databases shaped as the Go edition of canary leaves them at each of its
 * versions 1–8, written from what its migrations are known to do, with data
 * in them: tokens with priorities, checkpoints with Go-named snapshots,
 * search history and gap-analysis rows.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";

const V1 = `
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT, req_id TEXT NOT NULL, feature TEXT NOT NULL,
    aspect TEXT NOT NULL, status TEXT NOT NULL, file_path TEXT NOT NULL,
    line_number INTEGER NOT NULL, test TEXT, bench TEXT, owner TEXT, priority INTEGER DEFAULT 5,
    phase TEXT, keywords TEXT, spec_status TEXT DEFAULT 'draft', created_at TEXT,
    updated_at TEXT NOT NULL, started_at TEXT, completed_at TEXT, commit_hash TEXT, branch TEXT,
    depends_on TEXT, blocks TEXT, related_to TEXT, raw_token TEXT NOT NULL,
    indexed_at TEXT NOT NULL, UNIQUE (req_id, feature, file_path, line_number));
  CREATE INDEX idx_tokens_req_id ON tokens (req_id);
  CREATE INDEX idx_tokens_status ON tokens (status);
  CREATE INDEX idx_tokens_priority ON tokens (priority);
  CREATE INDEX idx_tokens_aspect ON tokens (aspect);
  CREATE INDEX idx_tokens_spec_status ON tokens (spec_status);
  CREATE INDEX idx_tokens_phase ON tokens (phase);
  CREATE INDEX idx_tokens_keywords ON tokens (keywords);
  CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, description TEXT,
    commit_hash TEXT, created_at TEXT NOT NULL, total_tokens INTEGER, stub_count INTEGER,
    impl_count INTEGER, tested_count INTEGER, benched_count INTEGER, snapshot_json TEXT NOT NULL);
  CREATE TABLE search_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, query TEXT NOT NULL, filters TEXT,
    results_count INTEGER, searched_at TEXT NOT NULL);`;

const V3 = `
  ALTER TABLE tokens ADD COLUMN doc_path TEXT;
  ALTER TABLE tokens ADD COLUMN doc_hash TEXT;
  ALTER TABLE tokens ADD COLUMN doc_type TEXT;
  ALTER TABLE tokens ADD COLUMN doc_checked_at TEXT;
  ALTER TABLE tokens ADD COLUMN doc_status TEXT DEFAULT '';
  CREATE INDEX idx_tokens_doc_status ON tokens (doc_status);
  CREATE INDEX idx_tokens_doc_checked_at ON tokens (doc_checked_at);`;

const V4 = `
  CREATE TABLE gap_categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, summary TEXT);
  INSERT INTO gap_categories (name, summary) VALUES
    ('logic', 'wrong behaviour'), ('coverage', 'untested paths'), ('docs', 'missing docs');
  CREATE TABLE gap_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, gap_id TEXT NOT NULL UNIQUE, req_id TEXT NOT NULL,
    category TEXT NOT NULL, description TEXT NOT NULL, helpful INTEGER DEFAULT 0,
    created_at TEXT NOT NULL);
  CREATE TABLE gap_config (id INTEGER PRIMARY KEY, max_results INTEGER, min_helpful INTEGER);
  INSERT INTO gap_config VALUES (1, 10, 1);`;

const PROJECTS = `
  CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL,
    created_at TEXT NOT NULL);
  INSERT INTO projects VALUES ('p1', 'demo', '/src/demo', '2025-03-01');`;

function v5(hasProjects: boolean): string {
  const columns = `id, req_id, feature, aspect, status, file_path, line_number, test, bench,
    owner, priority, phase, keywords, spec_status, created_at, updated_at, started_at,
    completed_at, commit_hash, branch, depends_on, blocks, related_to, raw_token, indexed_at,
    doc_path, doc_hash, doc_type, doc_checked_at, doc_status`;
  return `${hasProjects ? "" : PROJECTS}
    ALTER TABLE tokens RENAME TO tokens_before_projects;
    CREATE TABLE tokens (
      id INTEGER PRIMARY KEY AUTOINCREMENT, req_id TEXT NOT NULL, feature TEXT NOT NULL,
      aspect TEXT NOT NULL, status TEXT NOT NULL, file_path TEXT NOT NULL,
      line_number INTEGER NOT NULL, test TEXT, bench TEXT, owner TEXT, priority INTEGER DEFAULT 5,
      phase TEXT, keywords TEXT, spec_status TEXT DEFAULT 'draft', created_at TEXT,
      updated_at TEXT NOT NULL, started_at TEXT, completed_at TEXT, commit_hash TEXT, branch TEXT,
      depends_on TEXT, blocks TEXT, related_to TEXT, raw_token TEXT NOT NULL,
      indexed_at TEXT NOT NULL, doc_path TEXT, doc_hash TEXT, doc_type TEXT,
      doc_checked_at TEXT, doc_status TEXT DEFAULT '', project_id TEXT REFERENCES projects (id),
      UNIQUE (req_id, feature, file_path, line_number));
    INSERT INTO tokens (${columns}) SELECT ${columns} FROM tokens_before_projects;
    DROP TABLE tokens_before_projects;
    CREATE INDEX idx_tokens_req_id ON tokens (req_id);
    CREATE INDEX idx_tokens_status ON tokens (status);
    CREATE INDEX idx_tokens_project_id ON tokens (project_id);`;
}

// Go's 000006_add_refs_table, 000007_project_scope_and_index_meta and 000008_id_reservations.
const V6 = `
  CREATE TABLE IF NOT EXISTS refs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, req_id TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'diagram', file_path TEXT NOT NULL,
    line_number INTEGER NOT NULL DEFAULT 0, context TEXT DEFAULT '',
    indexed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, UNIQUE (req_id, kind, file_path, line_number));
  CREATE INDEX IF NOT EXISTS idx_refs_req_id ON refs (req_id);
  CREATE INDEX IF NOT EXISTS idx_refs_kind ON refs (kind);
  INSERT INTO refs (req_id, file_path, line_number, context, indexed_at)
    VALUES ('CBIN-1', 'docs/arch.md', 12, 'flowchart', '2025-03-02');`;

const V7 = `
  CREATE TABLE IF NOT EXISTS index_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1), root TEXT NOT NULL, project_id TEXT NOT NULL,
    commit_sha TEXT NOT NULL DEFAULT '', parser_schema INTEGER NOT NULL,
    scan_digest TEXT NOT NULL, indexed_at TEXT NOT NULL);
  UPDATE tokens SET project_id = 'default' WHERE project_id = '' OR project_id IS NULL;
  ALTER TABLE tokens ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
  INSERT INTO index_meta VALUES (1, '.', 'p1', 'abc123', 2, 'digest', '2025-03-03');
  UPDATE tokens SET content_hash = 'h' || id;`;

const V8 = `
  CREATE TABLE IF NOT EXISTS id_reservations (
    project_id TEXT NOT NULL, prefix TEXT NOT NULL, num INTEGER NOT NULL,
    reserved_at TEXT NOT NULL, PRIMARY KEY (project_id, prefix, num));
  INSERT INTO id_reservations VALUES ('p1', 'CBIN', 5, '2025-03-04');`;

/** The Go-only tables, by the version that creates them. */
export const GO_ONLY_TABLES = [
  "gap_categories",
  "gap_config",
  "gap_entries",
  "id_reservations",
  "index_meta",
  "projects",
  "refs",
];

/** A checkpoint snapshot as Go's encoding/json writes its token structs. */
export const GO_SNAPSHOT = JSON.stringify([
  {
    ID: 1,
    ReqID: "CBIN-1",
    Feature: "Alpha",
    Aspect: "API",
    Status: "IMPL",
    FilePath: "a.go",
    LineNumber: 1,
    Test: "TestAlpha,TestAlphaEdge",
    Bench: "",
    Owner: { String: "ana", Valid: true },
    Priority: 2,
    Phase: { String: "", Valid: false },
    UpdatedAt: "2025-01-01",
    RawToken: "// CANARY: REQ=CBIN-1; FEATURE=Alpha; ASPECT=API; STATUS=IMPL",
  },
  {
    ID: 2,
    ReqID: "CBIN-2",
    Feature: "Beta",
    Aspect: "CLI",
    Status: "STUB",
    FilePath: "b.go",
    LineNumber: 7,
    Priority: 5,
    UpdatedAt: "2025-01-02",
    RawToken: "// CANARY: REQ=CBIN-2; FEATURE=Beta; ASPECT=CLI; STATUS=STUB",
  },
  {
    ID: 3,
    ReqID: "CBIN-3",
    Feature: "Gamma",
    Aspect: "API",
    Status: "REMOVED",
    FilePath: "c.go",
    LineNumber: 3,
    Priority: 8,
    UpdatedAt: "2025-01-03",
    RawToken: "// CANARY: REQ=CBIN-3; FEATURE=Gamma; ASPECT=API; STATUS=REMOVED",
  },
]);

const DATA = `
  INSERT INTO tokens (req_id, feature, aspect, status, file_path, line_number, test, updated_at,
    raw_token, indexed_at, priority) VALUES
    ('CBIN-1', 'Alpha', 'API', 'IMPL', 'a.go', 1, 'TestAlpha', '2025-01-01', 'r1', 'x', 2),
    ('CBIN-2', 'Beta', 'CLI', 'STUB', 'b.go', 7, NULL, '2025-01-02', 'r2', 'x', 5),
    ('CBIN-3', 'Gamma', 'API', 'REMOVED', 'c.go', 3, NULL, '2025-01-03', 'r3', 'x', 8),
    ('CBIN-4', 'Delta', 'API', 'IMPL', 'd.go', 1, NULL, '2025-01-04', 'r4', 'x', 42);
  INSERT INTO checkpoints (name, description, commit_hash, created_at, total_tokens, stub_count,
    impl_count, tested_count, benched_count, snapshot_json) VALUES
    ('go-start', 'first Go checkpoint', 'abc123', '2025-02-01 10:00:00', 3, 1, 1, 0, 0,
     '${GO_SNAPSHOT.replaceAll("'", "''")}'),
    ('go-empty', NULL, NULL, '2025-02-02 10:00:00', 0, 0, 0, 0, 0, 'null');
  INSERT INTO search_history (query, filters, results_count, searched_at) VALUES
    ('alpha', '{}', 1, '2025-02-03 09:00:00'), ('beta gamma', NULL, 0, '2025-02-03 09:01:00');`;

/** Options for {@link goEditionDatabase}. */
export interface GoFixtureOptions {
  /** Leave the version record dirty, as a failed Go migration does. */
  dirty?: boolean;
  /** Create a `projects` table already at version 3, as Go code outside migrations does. */
  projectsEarly?: boolean;
}

/** Writes a Go-edition database at `version` (1–8) with data to `path`. */
export function goEditionDatabase(
  path: string,
  version: number,
  options: GoFixtureOptions = {},
): void {
  const db = new DatabaseSync(path);
  try {
    db.exec(V1 + DATA);
    if (version >= 3) {
      db.exec(V3);
      db.exec(
        "UPDATE tokens SET doc_path = 'docs/alpha.md', doc_status = 'current', " +
          "doc_checked_at = '2025-02-05' WHERE req_id = 'CBIN-1'",
      );
    }
    if (options.projectsEarly && version >= 3) db.exec(PROJECTS);
    if (version >= 4) {
      db.exec(V4);
      db.exec(
        "INSERT INTO gap_entries (gap_id, req_id, category, description, created_at) " +
          "VALUES ('GAP-1', 'CBIN-1', 'logic', 'off by one', '2025-02-04')",
      );
    }
    if (version >= 5) {
      db.exec(v5(options.projectsEarly ?? false));
      db.exec("UPDATE tokens SET project_id = 'p1'");
    }
    if (version >= 6) db.exec(V6);
    if (version >= 7) db.exec(V7);
    if (version >= 8) db.exec(V8);
    db.exec(`CREATE TABLE schema_migrations (version uint64, dirty bool);
      CREATE UNIQUE INDEX version_unique ON schema_migrations (version);
      INSERT INTO schema_migrations VALUES (${version}, ${options.dirty ? 1 : 0});`);
  } finally {
    db.close();
  }
}

/** The SQL and rows of every Go-only table, to compare before and after adoption. */
export function goOnlyContent(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const tables = db.prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN (${
        GO_ONLY_TABLES.map((name) => `'${name}'`).join(", ")
      }) ORDER BY name`,
    ).all() as { name: string; sql: string }[];
    return JSON.stringify(
      tables.map((t) => [t.sql, db.prepare(`SELECT * FROM "${t.name}" ORDER BY 1`).all()]),
    );
  } finally {
    db.close();
  }
}

/** The values of the Go-only columns of `tokens`, row by row (empty before version 3). */
export function goTokenColumnValues(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const names = (db.prepare("SELECT name FROM pragma_table_info('tokens')").all() as {
      name: string;
    }[]).map((c) => c.name).filter((c) =>
      /^(doc_path|doc_checked_at|doc_status|project_id|content_hash)$/.test(c)
    );
    if (names.length === 0) return "[]";
    return JSON.stringify(db.prepare(`SELECT ${names.join(", ")} FROM tokens ORDER BY id`).all());
  } finally {
    db.close();
  }
}
