// Trunk post-build hook: puts the sha256 of every inline <script> of the built index.html into
// its Content-Security-Policy, replacing the 'skyauth-inline-script-hashes' marker, so the
// policy allows exactly trunk's loader and never needs 'unsafe-inline'.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");

const MARKER = "'skyauth-inline-script-hashes'";

function addInlineScriptHashes(html) {
  const hashes = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    const digest = crypto.createHash("sha256").update(match[1], "utf8").digest("base64");
    hashes.push(`'sha256-${digest}'`);
  }
  if (!html.includes(MARKER)) throw new Error(`no ${MARKER} marker in the page's CSP`);
  if (hashes.length === 0) throw new Error("no inline script found: did trunk change its loader?");
  return html.replace(MARKER, [...new Set(hashes)].join(" "));
}

if (require.main === module) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
  if (!dir) {
    console.error("usage: csp-hash.cjs DIR (or run as a trunk hook with TRUNK_STAGING_DIR)");
    process.exit(2);
  }
  const file = path.join(dir, "index.html");
  fs.writeFileSync(file, addInlineScriptHashes(fs.readFileSync(file, "utf8")));
}

module.exports = { addInlineScriptHashes };
