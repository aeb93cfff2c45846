// The API-server journey through the page, by accessible names: choose Helm, the server's
// identity and other clusters; copy and download values.yaml; a share link reopens it; axe;
// a phone width. Screenshots go to build/e2e/.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const YAML = require("yaml");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };
const PHONE = { width: 375, height: 800 };

async function regionCode(page, name) {
  return page.getByRole("region", { name, exact: true }).locator("pre code").innerText();
}

test("the Helm journey, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.site.origin });

  await t.test("minimum permissions: pods run as the server's own account", async () => {
    await page.getByRole("radio", { name: /Helm/ }).check();
    await page.getByLabel("Release name", { exact: true }).fill("sky");
    await page.getByLabel("Server namespace", { exact: true }).fill("ops");
    await page.getByLabel(/Minimum permissions/).check();
    const values = YAML.parse(await regionCode(page, "Helm values"));
    assert.deepEqual(values.rbac, { create: true, manageRbacPolicies: false, manageSystemComponents: true });
    assert.deepEqual(YAML.parse(values.apiService.config), { kubernetes: { remote_identity: "sky-api-sa", namespace: "ops" } });
    await page.getByText("helm upgrade --install sky skypilot/skypilot --version 0.14.1 --namespace ops --create-namespace -f values.yaml").waitFor();
    await page.getByRole("region", { name: "RBAC manifest" }).getByText(/the chart creates sky-api-sa/).waitFor();
    // The doctor judges the kubeconfig for the server's secret on this journey.
    assert.match(await page.getByLabel("Judge it for").locator("option:checked").innerText(), /API server/);
    await app.screenshotBoth(page, "40-helm-minimal");
  });

  await t.test("copy and download give values.yaml", async () => {
    const region = page.getByRole("region", { name: "Helm values", exact: true });
    const text = await regionCode(page, "Helm values");
    await region.getByRole("button", { name: "Copy" }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    const [download] = await Promise.all([page.waitForEvent("download"), region.getByRole("button", { name: "Download" }).click()]);
    assert.equal(download.suggestedFilename(), "values.yaml");
    assert.equal(fs.readFileSync(await download.path(), "utf8"), text);
  });

  await t.test("other clusters get a custom account, its RBAC and a static-token kubeconfig", async () => {
    await page.getByLabel(/The chart creates/).check();
    await page.getByLabel("Reach other clusters through a kubeconfig secret").check();
    await page.getByLabel("These contexts:").check();
    await page.getByLabel("Allowed contexts", { exact: true }).fill("gke-prod");
    const values = YAML.parse(await regionCode(page, "Helm values"));
    assert.deepEqual(values.kubernetesCredentials, { useApiServerCluster: true, useKubeconfig: true, kubeconfigSecretName: "kube-credentials" });
    const config = YAML.parse(values.apiService.config);
    assert.deepEqual(config.kubernetes.allowed_contexts, ["in-cluster", "gke-prod"]);
    assert.equal(config.kubernetes.context_configs["gke-prod"].remote_identity, "sky-sa");
    const rbac = YAML.parseAllDocuments(await regionCode(page, "RBAC for other clusters")).map((d) => d.toJS());
    assert.ok(rbac.some((o) => o.kind === "Secret" && o.type === "kubernetes.io/service-account-token"));
    await page.getByText(/kubectl create secret generic kube-credentials -n ops --from-file=config=kube-credentials\.yaml/).waitFor();
    // That account has its own fields on this journey, whatever the auth (an error in them
    // can be reached and fixed): renaming it renames the other clusters' identity.
    await page.getByRole("heading", { name: "Account and namespace" }).waitFor();
    await page.getByLabel("Service account name", { exact: true }).fill("sky-remote");
    await page.waitForFunction(() => document.querySelector("#helm-heading")?.closest("section")?.textContent.includes("remote_identity: sky-remote"));
    // An invalid name blocks the other clusters' outputs, which say what they wait for.
    await page.getByLabel("Service account name", { exact: true }).fill("Bad_Name");
    await page.getByRole("region", { name: "RBAC for other clusters" }).getByText(/Waiting for a valid/).waitFor();
    await page.getByLabel("Service account name", { exact: true }).fill("sky-sa");
    await page.waitForFunction(() => document.querySelector("#helm-heading")?.closest("section")?.textContent.includes("remote_identity: sky-sa"));
    await page.getByRole("region", { name: "RBAC for other clusters" }).locator("pre code").waitFor();
    await app.screenshotBoth(page, "41-helm-other-clusters");
  });

  await t.test("the SkyPilot version picks the chart, the keys and the methods", async () => {
    const version = page.getByLabel("SkyPilot version", { exact: true });
    assert.match(await version.locator("option:checked").innerText(), /0\.14\.1 \(latest release\)/);
    // The nightly: its own chart, NONE offered, the controller account's rules.
    await version.selectOption({ label: "Nightly (1.0.0.dev20261027)" });
    await page.getByText(/helm upgrade --install sky skypilot\/skypilot-nightly --devel --namespace ops/).first().waitFor();
    assert.ok(await page.getByRole("radio", { name: /No token in pods/ }).isEnabled());
    // An older release: `namespace` is left out of the config, and the steps set the context.
    await version.selectOption({ label: "0.12 or older" });
    await page.getByText(/helm upgrade --install sky skypilot\/skypilot --version 0\.12\.3/).first().waitFor();
    const values = YAML.parse(await regionCode(page, "Helm values"));
    assert.equal(YAML.parse(values.apiService.config).kubernetes.namespace, undefined, "0.12 rejects kubernetes.namespace");
    assert.ok(await page.getByRole("radio", { name: /No token in pods/ }).isDisabled(), "NONE is the nightly's only");
    await page.getByText(/Needs a SkyPilot nightly, 1\.0\.0\.dev20261013 or later/).waitFor();
    await app.screenshotBoth(page, "43-helm-older-release");
    await version.selectOption({ label: "0.14.1 (latest release)" });
    await page.getByText(/skypilot\/skypilot --version 0\.14\.1/).first().waitFor();
  });

  await t.test("a share link reopens the Helm journey", async () => {
    const url = await app.settledUrl(page);
    assert.match(url, /#journey=helm&/);
    const other = await app.open(DESKTOP, url.slice(url.indexOf("#")));
    assert.ok(await other.getByRole("radio", { name: /Helm/ }).isChecked());
    assert.equal(await other.getByLabel("Release name", { exact: true }).inputValue(), "sky");
    assert.ok(await other.getByLabel("Reach other clusters through a kubeconfig secret").isChecked());
    await other.close();
  });

  await t.test("no serious accessibility problems, and it fits a phone", async () => {
    assert.deepEqual(await seriousViolations(page), []);
    const url = page.url();
    const phone = await app.open(PHONE, url.slice(url.indexOf("#")));
    await phone.getByRole("region", { name: "Helm values", exact: true }).waitFor();
    const wide = await phone.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest("pre, .table-wrap"))
      .slice(0, 5).map((e) => `${e.tagName}.${e.className}#${e.id}: ${Math.round(e.getBoundingClientRect().right)}`));
    await app.screenshot(phone, "42-helm-phone");
    assert.deepEqual(wide, [], "no horizontal scrolling at 375 px");
    await phone.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
