// The cheap size guard: what the first visit loads stays within the gzip budget
// (`BUDGET_KB` in scripts/size-report.cjs), and the analysis worker, fetched on first use of the doctor or the audit, is
// reported beside it.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { sizeReport, formatReport, BUDGET_KB } = require("../../scripts/size-report.cjs");
const { DIST } = require("./support/harness.cjs");

const BUDGET_GZIP_BYTES = BUDGET_KB * 1000;

test("the first load's HTML, JS, wasm and CSS stay within the gzip budget", () => {
  const report = sizeReport(DIST);
  console.log(formatReport(report));
  assert.ok(report.rows.some((row) => !row.onDemand && row.file.endsWith(".wasm")), "the page's wasm is in dist/");
  assert.ok(report.rows.some((row) => row.onDemand && row.file.endsWith(".wasm")), "the worker's wasm is in dist/");
  assert.ok(report.firstLoad.gzip <= BUDGET_GZIP_BYTES, `${report.firstLoad.gzip} bytes gzip > budget`);
});
