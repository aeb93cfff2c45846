// Issue #22, the page's side: outputs that looked right while they were wrong. Each check is
// through accessible names, the way a person (or a screen reader) meets the page; screenshots
// go to build/e2e/.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const KUBECONFIGS = path.resolve(__dirname, "../kubeconfigs");
const DESKTOP = { width: 1440, height: 1000 };

async function regionCode(page, name) {
  return page.getByRole("region", { name, exact: true }).locator("pre code").innerText();
}

test("the page's outputs follow what it shows", async (t) => {
  const app = await launch();
  t.after(app.close);

  await t.test("#22.1: a Helm link judges the kubeconfig as the server's secret", async () => {
    const page = await app.open(DESKTOP, "#journey=helm");
    await page.getByRole("radio", { name: /Helm/ }).waitFor();
    assert.ok(await page.getByRole("radio", { name: /Helm/ }).isChecked());
    assert.match(await page.getByLabel("Judge it for").locator("option:checked").innerText(), /API server/);
    const gke = fs.readFileSync(path.join(KUBECONFIGS, "gke-plugin.yaml"), "utf8");
    await page.getByLabel("Kubeconfig", { exact: true }).fill(gke);
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    await diagnosis.locator(".finding.error").first().waitFor();
    assert.equal(await diagnosis.getByText(/No findings/).count(), 0);
    // A reload keeps the journey, so the judge too.
    await page.reload();
    assert.match(await page.getByLabel("Judge it for").locator("option:checked").innerText(), /API server/);
    await page.close();
  });

  await t.test("#22.3: other clusters without a list of contexts are refused, with the reason", async () => {
    const page = await app.open(DESKTOP);
    await page.getByRole("radio", { name: /Helm/ }).check();
    await page.getByLabel("Reach other clusters through a kubeconfig secret").check();
    // The default context choice would write only in-cluster: refused, not written silently.
    const values = page.getByRole("region", { name: "Helm values", exact: true });
    await values.getByText(/Waiting for a valid/).waitFor();
    await values.getByRole("button", { name: "Go to Allowed contexts" }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "allowed-list");
    const reason = page.getByText(/Reaching other clusters needs their context names/);
    await reason.waitFor();
    // The focused choice is described by the reason.
    assert.match(await page.getByLabel("These contexts:").getAttribute("aria-describedby"), /allowed-errors/);
    await page.getByLabel("All contexts (allowed_contexts: all)").check();
    await page.getByText(/is `all`, which cannot give each context/).waitFor();
    await app.screenshot(page, "60-trust-other-clusters-refused");
    await page.getByLabel("These contexts:").check();
    await page.getByLabel("Allowed contexts", { exact: true }).fill("gke-prod");
    const config = YAML.parse(YAML.parse(await regionCode(page, "Helm values")).apiService.config);
    assert.deepEqual(config.kubernetes.allowed_contexts, ["in-cluster", "gke-prod"]);
    // The account they are reached as is said.
    await page.getByText(/other clusters are reached as service account/).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("#22.4: a link's hidden choice is ignored, and the page says so", async () => {
    const names = encodeURIComponent("[gke-prod]");
    const link = `#journey=helm&server.other_clusters=true&contexts.allowed=list&contexts.names=${names}&account.profile=cluster-admin`;
    const page = await app.open(DESKTOP, link);
    await page.getByRole("status").filter({ hasText: /ignored: the permission profile/ }).waitFor();
    // No profile control on this journey, and none of its rights in the output.
    assert.equal(await page.getByRole("group", { name: "Permission profile" }).count(), 0);
    const rbac = await regionCode(page, "RBAC for other clusters");
    assert.doesNotMatch(rbac, /cluster-admin/);
    assert.match(rbac, /kind: RoleBinding/);
    await app.screenshot(page, "61-trust-link-ignored");
    await page.close();
  });

  await t.test("#22.9: minimum permissions show the account that is written, nothing else to pick", async () => {
    const page = await app.open(DESKTOP);
    await page.getByRole("radio", { name: /Helm/ }).check();
    await page.getByLabel("Release name", { exact: true }).fill("sky");
    await page.getByLabel(/Minimum permissions/).check();
    const custom = page.getByRole("radio", { name: /Custom service account sky-api-sa/ });
    assert.ok(await custom.isChecked());
    assert.ok(await custom.isDisabled());
    const keyword = page.getByRole("radio", { name: /SERVICE_ACCOUNT/ });
    assert.ok(!(await keyword.isChecked()) && (await keyword.isDisabled()));
    await page.getByText(/pods run as the server's own account, so the config says/).waitFor();
    const values = YAML.parse(await regionCode(page, "Helm values"));
    assert.equal(YAML.parse(values.apiService.config).kubernetes.remote_identity, "sky-api-sa");
    assert.match(await page.getByLabel("Judge it for").locator("option", { hasText: /Launching/ }).innerText(), /sky-api-sa/);
    await app.screenshot(page, "62-trust-minimal-auth");
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
