// Big generated inputs for the browser benchmark and the e2e tier, from the one generator in
// the core (src/samples.rs) through the CLI's hidden `skyauth sample` command. The CLI binary
// is the one the native tier builds (`cargo build --features ssr --bin skyauth` otherwise).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..");
const CLI = process.env.SKYAUTH_CLI
  || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", "skyauth");

function sample(args) {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build it with \`cargo build --features ssr --bin skyauth\``);
  }
  return execFileSync(CLI, ["sample", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** A kubeconfig of about `bytes` bytes: exactly `contexts` contexts, or as many as fit. */
function kubeconfig({ bytes, contexts, prefix = "ctx-" }) {
  const args = ["kubeconfig", "--bytes", String(bytes), "--prefix", prefix];
  if (contexts !== undefined) args.push("--contexts", String(contexts));
  return sample(args);
}

/** An RBAC export of `objects` objects whose RoleBindings bind `subjectNamespace/sky-sa`. */
function rbacExport({ objects, subjectNamespace = "default" }) {
  return sample(["rbac", "--objects", String(objects), "--subject-namespace", subjectNamespace]);
}

module.exports = { kubeconfig, rbacExport };
