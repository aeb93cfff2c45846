// What SkyPilot needs today, through the page: launcher RBAC for LOCAL_CREDENTIALS (with its
// skypilot-system part), per-context settings as context_configs, and the volumes feature.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const YAML = require("yaml");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { launch } = require("./support/harness.cjs");

const SKYAUTH = process.env.SKYAUTH_CLI
  || path.join(process.env.CARGO_TARGET_DIR || path.join(__dirname, "..", "..", "target"), "debug", "skyauth");

const DESKTOP = { width: 1440, height: 1000 };

async function regionCode(page, name) {
  return page.getByRole("region", { name }).locator("pre code").innerText();
}

async function manifest(page) {
  return YAML.parseAllDocuments(await regionCode(page, "RBAC manifest")).map((d) => d.toJS());
}

/** Lists `names` (one per line) as the allowed contexts, with settings per context. */
async function perContext(page, names) {
  await page.getByLabel("These contexts:").check();
  await page.getByLabel("Allowed contexts", { exact: true }).fill(names);
  await page.getByLabel("Settings per context").check();
}

test("fidelity with SkyPilot's code", async (t) => {
  const app = await launch();
  t.after(app.close);

  await t.test("LOCAL_CREDENTIALS gets launcher RBAC, skypilot-system included", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel(/kubeconfig credentials/).check();
    await page.getByLabel("Generate RBAC for the identity that launches").check();
    await page.getByLabel("User or group name", { exact: true }).fill("bob@example.com");
    await page.getByLabel("Launch namespace", { exact: true }).fill("ml");
    const docs = await manifest(page);
    const roles = docs.filter((d) => d.kind === "Role").map((d) => d.metadata.namespace);
    assert.deepEqual(roles.sort(), ["ml", "skypilot-system"]);
    const binding = docs.find((d) => d.kind === "RoleBinding" && d.metadata.namespace === "skypilot-system");
    assert.deepEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "bob@example.com" }]);
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config, { kubernetes: { remote_identity: "LOCAL_CREDENTIALS", namespace: "ml" } });
    await app.screenshotBoth(page, "30-launcher-local-credentials");
    await page.close();
  });

  await t.test("per-context settings become context_configs under a default", async () => {
    const page = await app.open(DESKTOP);
    await perContext(page, "gke-prod\nkind-dev");
    await page.getByLabel("remote_identity of gke-prod").selectOption("NO_UPLOAD");
    await page.getByLabel("namespace of gke-prod").fill("ml");
    await page.getByRole("region", { name: "SkyPilot config" }).getByText("ml", { exact: false }).first().waitFor();
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config, {
      kubernetes: {
        allowed_contexts: ["gke-prod", "kind-dev"],
        remote_identity: "SERVICE_ACCOUNT",
        context_configs: { "gke-prod": { remote_identity: "NO_UPLOAD", namespace: "ml" } },
      },
    });
    await app.screenshotBoth(page, "31-per-context");
    await page.close();
  });

  await t.test("a context's own namespace gets the account, applied in each context", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel(/Custom service account/).check();
    await perContext(page, "gke-prod\neks-prod");
    await page.getByLabel("namespace of eks-prod").fill("ml-eks");
    await page.getByText("kubectl --context eks-prod apply -f create-sky-sa.yaml").waitFor();
    await page.getByText("kubectl --context gke-prod apply -f create-sky-sa.yaml").waitFor();
    const docs = await manifest(page);
    const accounts = docs.filter((d) => d.kind === "ServiceAccount").map((d) => d.metadata.namespace);
    assert.deepEqual(accounts.sort(), ["default", "ml-eks"]);
    assert.ok(docs.some((d) => d.kind === "RoleBinding" && d.metadata.namespace === "ml-eks"));
    // The CLI reads the page's config back and writes the same manifest.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skyauth-e2e-context-"));
    const config = path.join(dir, "config.yaml");
    fs.writeFileSync(config, await regionCode(page, "SkyPilot config"));
    const cli = execFileSync(SKYAUTH, ["rbac", "--workspace-config", config], { encoding: "utf8" });
    assert.equal(cli, await regionCode(page, "RBAC manifest"));
    fs.rmSync(dir, { recursive: true, force: true });
    await page.locator(".steps-list").scrollIntoViewIfNeeded();
    await app.screenshot(page, "32-context-account");
    await page.close();
  });

  await t.test("a keyword section whose only RBAC is a context's account offers its check", async () => {
    const page = await app.open(DESKTOP);
    // A context's own custom account, kept when the section goes back to SERVICE_ACCOUNT
    // (as a link or a config can say it).
    await page.getByLabel(/Custom service account/).check();
    await perContext(page, "gke-prod\neks-prod");
    await page.getByLabel("remote_identity of gke-prod").selectOption("sky-sa");
    await page.getByLabel("namespace of gke-prod").fill("ml");
    await page.getByLabel(/SkyPilot's own service account/).check();
    await page.getByText("kubectl --context gke-prod apply -f skypilot-context-accounts.yaml").waitFor();
    const docs = await manifest(page);
    assert.deepEqual(docs.filter((d) => d.kind === "ServiceAccount").map((d) => `${d.metadata.namespace}/${d.metadata.name}`), ["ml/sky-sa"]);
    const region = page.getByRole("region", { name: "Check on your cluster", exact: true });
    await region.getByRole("button", { name: "Write the check script" }).click();
    await region.locator("pre code").getByText("AS_USER=system:serviceaccount:ml:sky-sa", { exact: false }).waitFor();
    await page.close();
  });

  await t.test("volumes add claims in the namespace and storage reads cluster-wide", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel(/Custom service account/).check();
    await page.getByLabel(/^Minimum/).check();
    await page.getByRole("group", { name: "Features", exact: true }).getByLabel("Volumes", { exact: true }).check();
    const docs = await manifest(page);
    const role = docs.find((d) => d.kind === "Role" && d.metadata.name === "sky-sa-role");
    assert.ok(role.rules.some((r) => r.resources.includes("persistentvolumeclaims") && r.verbs.includes("create")));
    const clusterRole = docs.find((d) => d.kind === "ClusterRole");
    assert.ok(clusterRole.rules.some((r) => r.resources.includes("persistentvolumes")));
    await page.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
