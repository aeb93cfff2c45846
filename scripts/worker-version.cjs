// Trunk post-build hook: names the analysis worker by its content. trunk gives worker files
// fixed names (the page must know them at run time), so a browser could pair a new page with a
// cached old worker. This writes a hash of the worker's files into the page's
// <meta name="skyauth-worker"> (replacing the 'skyauth-worker-version' marker); the page
// starts the worker with it as `?v=...`, and the loader fetches the glue and the wasm with the
// same query, so caches never mix versions.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");

const MARKER = "skyauth-worker-version";
const FILES = ["skyauth-worker_loader.js", "skyauth-worker.js", "skyauth-worker_bg.wasm"];

function versionWorker(dir) {
  const hash = crypto.createHash("sha256");
  for (const name of FILES) hash.update(fs.readFileSync(path.join(dir, name)));
  const version = hash.digest("hex").slice(0, 16);
  const file = path.join(dir, "index.html");
  const html = fs.readFileSync(file, "utf8");
  if (!html.includes(MARKER)) throw new Error(`no ${MARKER} marker in index.html`);
  fs.writeFileSync(file, html.replace(MARKER, version));
  return version;
}

if (require.main === module) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
  if (!dir) {
    console.error("usage: worker-version.cjs DIR (or run as a trunk hook with TRUNK_STAGING_DIR)");
    process.exit(2);
  }
  versionWorker(dir);
}

module.exports = { versionWorker };
