// The configurator used like a person would: every auth method, a custom account with
// ingress, copy and download, the kubeconfig doctor, field errors, shared links, history,
// accessibility, and no console errors or foreign requests. Screenshots go to build/e2e/.
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
const PHONE = { width: 375, height: 800 };

/** The text of a labelled output region's code block. */
async function regionCode(page, name) {
  return page.getByRole("region", { name }).locator("pre code").innerText();
}

test("the configurator, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.site.origin });
  await page.getByRole("heading", { level: 1 }).waitFor();
  await app.screenshotBoth(page, "01-start");

  await t.test("the wizard works from the keyboard, with a visible focus ring", async () => {
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to the output");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "journey-cli");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "skypilot-version");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "auth-service-account");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, "solid", "focus is visible");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.deepEqual(YAML.parse(await regionCode(page, "SkyPilot config")), { kubernetes: { remote_identity: "NO_UPLOAD" } });
  });

  await t.test("each auth method writes its literal value", async () => {
    for (const [label, value] of [
      [/own service account/, "SERVICE_ACCOUNT"],
      [/kubeconfig credentials/, "LOCAL_CREDENTIALS"],
      [/No upload/, "NO_UPLOAD"],
    ]) {
      await page.getByLabel(label).check();
      const config = YAML.parse(await regionCode(page, "SkyPilot config"));
      assert.deepEqual(config, { kubernetes: { remote_identity: value } });
      const rbac = page.getByRole("region", { name: "RBAC manifest" });
      await rbac.getByText(/Nothing to apply/).waitFor();
    }
  });

  await t.test("a custom account with ingress gives matching RBAC and config", async () => {
    await page.getByLabel(/Custom service account/).check();
    await page.getByLabel("Namespace", { exact: true }).fill("ml-team");
    await page.getByLabel("Service account name").fill("runner");
    await page.getByRole("group", { name: "Features", exact: true }).getByLabel("Ingress", { exact: true }).check();
    await app.screenshotBoth(page, "02-custom-ingress");

    const docs = YAML.parseAllDocuments(await regionCode(page, "RBAC manifest")).map((d) => d.toJS());
    const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata.name === name);
    assert.equal(find("ServiceAccount", "runner").metadata.namespace, "ml-team");
    assert.equal(find("Role", "runner-role").metadata.namespace, "ml-team");
    assert.equal(find("RoleBinding", "runner-rb").roleRef.name, "runner-role");
    const clusterRole = find("ClusterRole", "runner.ml-team.cluster-role");
    assert.ok(!("namespace" in clusterRole.metadata), "cluster-scoped");
    assert.ok(clusterRole.rules.some((r) => r.resources.includes("ingressclasses")), "ingress class list");
    const ingressBinding = find("RoleBinding", "runner.ml-team.role");
    assert.equal(ingressBinding.metadata.namespace, "ingress-nginx", "the only namespace SkyPilot reads");
    assert.deepEqual(ingressBinding.subjects, [{ kind: "ServiceAccount", name: "runner", namespace: "ml-team" }]);
    assert.ok(docs.every((d) => d.metadata.labels.parent === "skypilot"));

    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config, { kubernetes: { remote_identity: "runner", namespace: "ml-team", ports: "ingress" } });
    await page.getByText("kubectl auth can-i create pods --as=system:serviceaccount:ml-team:runner -n ml-team").waitFor();
  });

  await t.test("the SkyPilot version changes what is written", async () => {
    const version = page.getByLabel("SkyPilot version", { exact: true });
    // An older release rejects `kubernetes.namespace`: the steps point the context instead.
    await version.selectOption({ label: "0.12 or older" });
    await page.getByText("kubectl config set-context --current --namespace=ml-team").waitFor();
    assert.deepEqual(YAML.parse(await regionCode(page, "SkyPilot config")), { kubernetes: { remote_identity: "runner", ports: "ingress" } });
    assert.match(await app.settledUrl(page), /skypilot_version=0\.12\.3/);
    // The nightly reads kube-system at every launch (the cluster's identity).
    await version.selectOption({ label: "Nightly (1.0.0.dev20261027)" });
    await page.getByRole("region", { name: "RBAC manifest" }).getByText(/Records which cluster a context points at/).waitFor();
    const docs = YAML.parseAllDocuments(await regionCode(page, "RBAC manifest")).map((d) => d.toJS());
    const clusterRole = docs.find((d) => d.kind === "ClusterRole" && d.metadata.name === "runner.ml-team.cluster-role");
    assert.ok(clusterRole.rules.some((r) => (r.resourceNames || []).includes("kube-system")), "kube-system get");
    // NONE is offered on the nightly only; going back to a release puts the error on the version.
    await page.getByLabel(/No token in pods/).check();
    assert.equal(YAML.parse(await regionCode(page, "SkyPilot config")).kubernetes.remote_identity, "NONE");
    await version.selectOption({ label: "0.14.1 (latest release)" });
    await page.getByText(/remote_identity: NONE needs a SkyPilot nightly/).first().waitFor();
    assert.equal(await version.getAttribute("aria-invalid"), "true");
    await app.screenshotBoth(page, "03-version-error");
    await page.getByLabel(/Custom service account/).check();
    assert.equal(await version.getAttribute("aria-invalid"), "false");
    assert.doesNotMatch(await app.settledUrl(page), /skypilot_version/);
  });

  await t.test("copy puts the manifest on the clipboard", async () => {
    const region = page.getByRole("region", { name: "RBAC manifest" });
    await region.getByRole("button", { name: "Copy" }).click();
    await region.getByRole("status").getByText("Copied").waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clipboard, await regionCode(page, "RBAC manifest"));
  });

  await t.test("download saves the config file", async () => {
    const region = page.getByRole("region", { name: "SkyPilot config" });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      region.getByRole("button", { name: "Download" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "config.yaml");
    const saved = fs.readFileSync(await download.path(), "utf8");
    assert.equal(saved, await regionCode(page, "SkyPilot config"));
  });

  await t.test("an invalid namespace shows the field error, and the outputs that read it wait", async () => {
    const field = page.getByLabel("Namespace", { exact: true });
    await field.fill("ML_Team");
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    await page.locator("#namespace-error").getByText(/not a valid namespace.*ml-team/).waitFor();
    assert.equal(await page.locator("#namespace-error code").getByText("ml-team", { exact: true }).count(), 1, "the suggestion is set as code");
    const manifest = page.getByRole("region", { name: "RBAC manifest" });
    await manifest.getByRole("button", { name: "Go to Namespace" }).waitFor();
    assert.equal(await manifest.locator("pre code").count(), 0);
    await app.screenshotBoth(page, "03-invalid-namespace");
    await field.fill("ml-team");
    await manifest.locator("pre code").waitFor();
  });

  await t.test("a shared link restores the same page; back and forward work", async () => {
    const url = await app.settledUrl(page);
    assert.match(url, /#auth=custom&/);
    const manifest = await regionCode(page, "RBAC manifest");
    const other = await app.open(PHONE, url.slice(url.indexOf("#")));
    assert.equal(await regionCode(other, "RBAC manifest"), manifest);
    assert.equal(await other.getByLabel("Namespace", { exact: true }).inputValue(), "ml-team");
    await app.screenshot(other, "04-shared-link-phone");
    await other.close();

    await page.getByLabel(/own service account/).check();
    await page.getByRole("region", { name: "RBAC manifest" }).getByText(/Nothing to apply/).waitFor();
    await page.goBack();
    await app.settled(page);
    await page.getByLabel("Namespace", { exact: true }).waitFor();
    assert.equal(await regionCode(page, "RBAC manifest"), manifest);
    await page.goForward();
    await app.settled(page);
    await page.getByRole("region", { name: "RBAC manifest" }).getByText(/Nothing to apply/).waitFor();
  });

  await t.test("the doctor judges each journey and applies its recommendations", async () => {
    await page.getByLabel(/kubeconfig credentials/).check();
    const kubeconfig = fs.readFileSync(path.join(KUBECONFIGS, "gke-absolute-path.yaml"), "utf8");
    await page.getByLabel("Kubeconfig", { exact: true }).fill(kubeconfig);
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    // Judged for the wizard's identity, LOCAL_CREDENTIALS: GKE's plugin runs on SkyPilot's
    // controllers once GCP is enabled (a warning), the absolute path does not matter (a note).
    // Findings are named in words on the page; the codes are the CLI's and JSON's (#22 item 19).
    await diagnosis.getByText("Exec plugin", { exact: true }).waitFor();
    await diagnosis.getByText("Exec command by absolute path", { exact: true }).waitFor();
    assert.equal(await diagnosis.getByText("exec-auth", { exact: true }).count(), 0);
    await diagnosis.getByText(/Enable GCP in/).first().waitFor();
    // Commands and fields in the messages are set as code, not shown with their backticks.
    assert.equal(await diagnosis.locator(".finding").filter({ hasText: "`" }).count(), 0);
    assert.ok((await diagnosis.locator(".finding p code").count()) > 0, "inline code in the findings");
    await app.screenshotBoth(page, "05-doctor");
    assert.doesNotMatch(page.url(), /gke|kubeconfig/, "the kubeconfig never enters the URL");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      diagnosis.getByRole("button", { name: "Download path-less kubeconfig" }).click(),
    ]);
    assert.match(fs.readFileSync(await download.path(), "utf8"), /command: gke-gcloud-auth-plugin\n/);

    // An API server's kubeconfig: an exec plugin needs static credentials.
    await page.getByLabel("Judge it for").selectOption("api-server");
    await diagnosis.getByText(/give it a service-account token kubeconfig/).first().waitFor();
    await diagnosis.getByText(/“Long-lived token secret”/).first().waitFor();
    await diagnosis.getByRole("button", { name: /^Use in setup: SERVICE_ACCOUNT/ }).click();
    // The button says what it did, in a status region beside the diagnosis.
    await diagnosis.getByRole("status").getByText(/The setup now uses SERVICE_ACCOUNT/).waitFor();
    assert.ok(await page.getByLabel(/own service account/).isChecked());
    assert.deepEqual(YAML.parse(await regionCode(page, "SkyPilot config")), { kubernetes: { remote_identity: "SERVICE_ACCOUNT" } });

    // Back to the wizard's identity, now SERVICE_ACCOUNT: the plugin runs where you launch.
    await page.getByLabel("Judge it for").selectOption("wizard");
    assert.match(await page.getByLabel("Judge it for").locator("option:checked").innerText(), /chosen above \(SERVICE_ACCOUNT\)/);
    await diagnosis.locator(".finding.info").filter({ hasText: "Exec plugin" }).waitFor();
    // The SkyPilot config beside it: a misspelt key is reported.
    await page.getByRole("textbox", { name: "SkyPilot config (optional)" }).fill("kubernetes:\n  remote_identiy: SERVICE_ACCOUNT\n");
    await diagnosis.getByText("Unknown key", { exact: true }).waitFor();
    await diagnosis.getByText(/Did you mean/).waitFor();
    await page.getByRole("button", { name: "Clear SkyPilot config (optional)" }).click();
    await diagnosis.getByText("Unknown key", { exact: true }).waitFor({ state: "detached" });
    // The whole file's recommendation goes into the wizard as one step.
    await diagnosis.getByRole("button", { name: "Use these contexts in the setup" }).click();
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config.kubernetes.allowed_contexts, ["gke_my-project_us-central1_prod"]);
    // allowed_contexts would send this exec kubeconfig to the controllers: NO_UPLOAD keeps it
    // home, so the recommendation raises no warning of its own (#22 item 8).
    assert.equal(config.kubernetes.remote_identity, "NO_UPLOAD");
  });

  await t.test("a kubeconfig chosen as a file is read locally", async () => {
    await page.locator('#doctor input[type="file"]').first().setInputFiles(path.join(KUBECONFIGS, "eks-aws-cli.yaml"));
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    await diagnosis.getByText("exec: aws (eks)").waitFor();
    const text = await page.getByLabel("Kubeconfig", { exact: true }).inputValue();
    assert.equal(text, fs.readFileSync(path.join(KUBECONFIGS, "eks-aws-cli.yaml"), "utf8"));
  });

  await t.test("garbage in the doctor gives a clear error", async () => {
    await page.getByLabel("Kubeconfig", { exact: true }).fill("clusters: [\n  - {name: a\n");
    await page.getByRole("region", { name: "Diagnosis" }).getByRole("alert").getByText(/^line \d+, column \d+: /).waitFor();
    await page.getByLabel("Kubeconfig", { exact: true }).fill("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
    await page.getByRole("region", { name: "Diagnosis" }).getByText(/This is a Kubernetes Pod, not a kubeconfig/).waitFor();
    await page.getByRole("button", { name: "Clear Kubeconfig" }).click();
  });

  await t.test("the page passes an axe audit with no serious or critical violations", async () => {
    await page.getByLabel(/Custom service account/).check();
    await page.getByRole("group", { name: "Features", exact: true }).getByLabel("Ingress", { exact: true }).check();
    assert.deepEqual(await seriousViolations(page), []);
    // Messages set commands and fields as code: no literal backtick outside code blocks.
    const backticks = await page.evaluate(() => {
      const clone = document.body.cloneNode(true);
      clone.querySelectorAll("pre, textarea").forEach((element) => element.remove());
      return clone.textContent.split("\n").filter((line) => line.includes("`"));
    });
    assert.deepEqual(backticks, []);
    const phone = await app.open(PHONE);
    await phone.getByRole("heading", { level: 1 }).waitFor();
    await app.screenshot(phone, "06-start-phone");
    assert.deepEqual(await seriousViolations(phone), []);
    await phone.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
