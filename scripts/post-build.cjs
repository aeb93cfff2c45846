// Trunk post-build hook: finishes the staged index.html in one pass, in order (trunk may run
// hooks of one stage concurrently, and both of these rewrite the same file):
//   1. scripts/worker-version.cjs names the analysis worker by its content;
//   2. scripts/csp-hash.cjs allows the page's inline loader script in the CSP by hash.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { versionWorker } = require("./worker-version.cjs");
const { addInlineScriptHashes } = require("./csp-hash.cjs");

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("usage: post-build.cjs DIR (or run as a trunk hook with TRUNK_STAGING_DIR)");
  process.exit(2);
}
versionWorker(dir);
const file = path.join(dir, "index.html");
fs.writeFileSync(file, addInlineScriptHashes(fs.readFileSync(file, "utf8")));
