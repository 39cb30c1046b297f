/**
 * The arguments that make each command do its work in the fixture tree the command-tree tests
 * build (an indexed tree with checkpoint `v1` and a claims file `GAPS.md`).
 */
export const ARGUMENTS: Readonly<Record<string, string[]>> = {
  "migrate": ["all"],
  "migrate force": ["5"],
  "migrate to": ["3"],
  "rollback": ["1"],
  "search": ["migr"],
  "prioritize": ["CBIN-129", "DatabaseMigrations", "2"],
  "checkpoint": ["sprint"],
  "checkpoint create": ["sprint"],
  "checkpoint show": ["v1"],
  "checkpoint diff": ["v1"],
  "checkpoint delete": ["v1"],
  "create": ["CBIN-140", "Token export"],
  "show": ["CBIN-129"],
  "files": ["CBIN-129"],
  "completions": ["bash"],
};
