// "Check on your cluster" through the page (#25 item 4): a custom account with two listed
// contexts, one with its own namespace; the script the page writes checks each context as its
// settings say, equals what the CLI prints for the same config, and, downloaded and run with
// sh against a stand-in kubectl, reports the missing namespace with the command that creates
// it, a matrix per context, and JSON lines with --format json; axe; a phone width.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };
const PHONE = { width: 375, height: 800 };
// The CLI the native tier builds, as scripts/samples.cjs finds it.
const ROOT = path.join(__dirname, "..", "..");
const SKYAUTH = process.env.SKYAUTH_CLI
  || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", "skyauth");

// A kubectl that says yes to every can-i, and knows namespace ml in gke-prod only.
const STAND_IN = `#!/bin/sh
context=
for arg do
  case $arg in --context=*) context=\${arg#--context=} ;; esac
done
if [ "$1" = get ]; then
  if [ "$2" = namespace ] && [ "$3" = ml-dev ]; then exit 0; fi
  echo "$2/$3"
  exit 0
fi
echo yes
`;

async function regionCode(page, name) {
  return page.getByRole("region", { name, exact: true }).locator("pre code").innerText();
}

async function customAccountInTwoContexts(page) {
  await page.getByLabel(/Custom service account/).check();
  await page.getByLabel("Service account name", { exact: true }).fill("sky-sa");
  await page.getByLabel("Namespace", { exact: true }).first().fill("ml");
  await page.getByLabel("These contexts:").check();
  await page.getByLabel("Allowed contexts", { exact: true }).fill("gke-prod\neks-dev");
  await page.getByLabel("Settings per context").check();
  await page.getByLabel("namespace of eks-dev").fill("ml-dev");
}

test("the check script, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skyauth-e2e-verify-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  let script;
  await t.test("the page writes a script that checks each listed context", async () => {
    await customAccountInTwoContexts(page);
    const region = page.getByRole("region", { name: "Check on your cluster", exact: true });
    const link = region.getByRole("link", { name: "Kubernetes permissions" });
    assert.match(await link.getAttribute("href"), /^https:\/\/docs\.skypilot\.co\//);
    await region.getByRole("button", { name: "Write the check script" }).click();
    await region.locator("pre code").getByText("in_context eks-dev", { exact: false }).waitFor();
    script = await regionCode(page, "Check on your cluster");
    assert.match(script, /\nin_context gke-prod ' --context gke-prod' gke-prod\n/);
    assert.match(script, /\nin_context eks-dev ' --context eks-dev' eks-dev\n/);
    assert.match(script, /\n {2}NAMESPACE=ml-dev\n/);
    assert.match(script, /\n {2}AS_USER=system:serviceaccount:ml-dev:sky-sa\n/);
    await app.screenshotBoth(page, "80-verify-contexts");
  });

  await t.test("it is the script the CLI writes for the page's config", async () => {
    const config = await regionCode(page, "SkyPilot config");
    const configPath = path.join(dir, "config.yaml");
    fs.writeFileSync(configPath, config);
    const cli = execFileSync(SKYAUTH, ["verify", "--config", configPath], { encoding: "utf8" });
    assert.equal(script, cli);
  });

  await t.test("downloaded and run, it names what is missing, per context", async () => {
    const region = page.getByRole("region", { name: "Check on your cluster", exact: true });
    const [download] = await Promise.all([page.waitForEvent("download"),
      region.getByRole("button", { name: "Download" }).click()]);
    assert.equal(download.suggestedFilename(), "check-skypilot-rbac.sh");
    const file = path.join(dir, "check.sh");
    fs.copyFileSync(await download.path(), file);
    fs.writeFileSync(path.join(dir, "kubectl"), STAND_IN, { mode: 0o755 });
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
    const run = spawnSync("sh", [file], { env, encoding: "utf8" });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /create it: kubectl create namespace ml-dev --context eks-dev\n/);
    assert.match(run.stdout, /\nnamespace +exists +missing *\n/);
    const json = spawnSync("sh", [file, "--format", "json"], { env, encoding: "utf8" });
    assert.equal(json.status, 1);
    const lines = json.stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines.at(-1), { kind: "summary", status: 1 });
    assert.deepEqual(lines.filter((l) => l.kind === "context").map((l) => l.context), ["gke-prod", "eks-dev"]);
    assert.ok(lines.some((l) => l.kind === "namespace" && l.context === "eks-dev" && l.status === "missing"));
  });

  await t.test("axe finds nothing serious, and a phone width does not overflow", async () => {
    assert.deepEqual(await seriousViolations(page), []);
    await page.setViewportSize(PHONE);
    const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest("pre, .table-wrap"))
      .map((e) => e.tagName));
    assert.deepEqual(wide, []);
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});

// Hardened namespaces (#25 item 3): the two checkboxes give the golden file the CLI's
// --pod-security-labels --openshift give (tests/golden/custom-hardened-object-store.rbac.yaml),
// the next steps label the namespace the manifest does not create, and the docs are linked.
test("hardened namespaces through the page", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  await page.getByLabel(/Custom service account/).check();
  await page.getByLabel("Namespace", { exact: true }).fill("ml");
  await page.getByLabel(/^Minimum/).check();
  const features = page.getByRole("group", { name: "Features", exact: true });
  await features.getByLabel("Object-store mounting", { exact: true }).check();
  await features.getByLabel("Create the namespace", { exact: true }).check();
  const group = page.getByRole("group", { name: "Hardened namespaces", exact: true });
  await group.getByLabel("Pod Security labels", { exact: true }).check();
  await group.getByLabel("OpenShift", { exact: true }).check();
  const golden = fs.readFileSync(path.join(__dirname, "..", "golden", "custom-hardened-object-store.rbac.yaml"), "utf8");
  await page.getByRole("region", { name: "RBAC manifest", exact: true })
    .getByText("skypilot-scc-privileged", { exact: false }).first().waitFor();
  assert.equal(await regionCode(page, "RBAC manifest"), golden);
  // Both namespaces are created, labelled: the next steps only check the levels.
  await page.getByText("kubectl get namespace ml skypilot-system -L pod-security.kubernetes.io/enforce").waitFor();
  await page.getByText("kubectl auth can-i use securitycontextconstraints.security.openshift.io/hostmount-anyuid", { exact: false }).waitFor();
  for (const name of ["Pod Security Admission", "OpenShift SCCs", "SkyPilot on Kubernetes"]) {
    assert.match(await group.getByRole("link", { name }).getAttribute("href"), /^https:\/\//);
  }
  assert.deepEqual(await seriousViolations(page), []);
  await app.screenshotBoth(page, "81-hardened-namespaces");
  assert.deepEqual(app.problems, []);
});
