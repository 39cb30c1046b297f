/**
 * Test fixtures for the report renderers: a project report built by hand.
 *
 * @module
 */
import type { ProjectReport } from "../track/project_report.ts";

const COUNTS = { MISSING: 0, STUB: 0, IMPL: 1, TESTED: 0, BENCHED: 0, REMOVED: 0 };

/** A one-requirement report with `value` in every free-text field the renderers show. */
export function reportHolding(value: string): ProjectReport {
  const progress = { total: 1, completed: 0, percent: 0, status_counts: COUNTS };
  return {
    generated_at: "2026-01-01T00:00:00Z",
    project: progress,
    requirements: [{ ...progress, req_id: "CBIN-1", priority: 5 }],
    by_aspect: { [value]: 1 },
    trend: [{ name: value, created_at: "2026-01-01T00:00:00Z", completed: 0, total: 1 }],
    traceability: [{
      req_id: "CBIN-1",
      features: [{
        feature: value,
        aspect: value,
        status: "IMPL",
        locations: [{ file_path: value, line_number: 1 }],
        tests: [value],
        benches: [value],
      }],
    }],
  };
}
