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
    await app.settled(page);
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
    await page.getByText(/which cannot give each context its service account/).waitFor();
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
    const keyword = page.getByRole("radio", { name: /^SkyPilot's own service account/ });
    assert.ok(!(await keyword.isChecked()) && (await keyword.isDisabled()));
    await page.getByText(/pods run as the server's own account, so the config says/).waitFor();
    const values = YAML.parse(await regionCode(page, "Helm values"));
    assert.equal(YAML.parse(values.apiService.config).kubernetes.remote_identity, "sky-api-sa");
    assert.match(await page.getByLabel("Judge it for").locator("option", { hasText: /Launching/ }).innerText(), /sky-api-sa/);
    await app.screenshot(page, "62-trust-minimal-auth");
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("#22.10: a custom account's launcher can be bound to its roles", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel(/Custom service account/).check();
    await page.getByRole("region", { name: "Good to know" }).getByText(/Bind the launcher to these roles too/).waitFor();
    await page.getByLabel("Bind the launcher to these roles too").check();
    await page.getByLabel("User or group name", { exact: true }).fill("alice@example.com");
    const docs = YAML.parseAllDocuments(await regionCode(page, "RBAC manifest")).map((d) => d.toJS());
    const bindings = docs.filter((o) => o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding");
    assert.ok(bindings.length >= 2);
    for (const binding of bindings) {
      assert.deepEqual(binding.subjects.map((s) => `${s.kind}:${s.name}`), ["ServiceAccount:sky-sa", "User:alice@example.com"]);
    }
    // No launch namespace of its own: the account's namespace is where it launches.
    assert.equal(await page.getByLabel("Launch namespace", { exact: true }).count(), 0);
    await app.screenshot(page, "63-trust-custom-launcher");
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("#22.18: in-page jumps keep the link that carries the setup", async () => {
    const link = "#auth=custom&account.namespace=ml";
    const page = await app.open(DESKTOP, link);
    await page.getByLabel("Namespace", { exact: true }).waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to the output");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "output");
    assert.ok(page.url().endsWith(link), page.url());
    await page.reload();
    await app.settled(page);
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "ml");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("link", { name: /See the generated RBAC and config/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "output");
    assert.ok(page.url().endsWith(link), page.url());
    await page.close();
  });

  await t.test("#22.19: wording, focus, announcements and target sizes", async () => {
    const page = await app.open(DESKTOP);
    // The audit's feature checkboxes are at least 24 px (WCAG 2.2, 2.5.8).
    const boxes = page.getByRole("group", { name: "Features SkyPilot must have" }).getByRole("checkbox");
    assert.ok((await boxes.count()) > 3);
    for (const box of await boxes.all()) {
      const { width, height } = await box.boundingBox();
      assert.ok(width >= 24 && height >= 24, `${width}x${height}`);
    }
    // Clear keeps the focus, in the emptied box.
    const kubeconfig = page.getByLabel("Kubeconfig", { exact: true });
    await kubeconfig.fill(fs.readFileSync(path.join(KUBECONFIGS, "broken-references.yaml"), "utf8"));
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    await diagnosis.getByRole("table").waitFor();
    // Only the status line is live, and it says what changed; the report is not re-read.
    assert.equal(await diagnosis.getAttribute("aria-live"), null);
    await diagnosis.getByRole("status").getByText(/^Diagnosed: \d+ contexts?, \d+ findings?/).waitFor();
    // A broken context offers nothing to use.
    const broken = diagnosis.getByRole("row").filter({ hasText: /Broken|broken/ });
    assert.ok((await broken.count()) > 0);
    assert.equal(await broken.getByRole("button", { name: /Use in setup/ }).count(), 0);
    await page.getByRole("button", { name: "Clear Kubeconfig" }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "kubeconfig");
    // Ports says what is written: ingress, when the Ingress feature implies it.
    await page.getByLabel(/Custom service account/).check();
    await page.getByRole("group", { name: "Features", exact: true }).getByLabel("Ingress", { exact: true }).check();
    assert.match(await page.getByLabel("Ports").locator("option:checked").innerText(), /^ingress \(written/);
    assert.equal(YAML.parse(await regionCode(page, "SkyPilot config")).kubernetes.ports, "ingress");
    await app.screenshot(page, "64-trust-wording");
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("#22.19: the doctor's fixes are in the page's terms, with the real names", async () => {
    const page = await app.open(DESKTOP);
    const kubeconfig = page.getByLabel("Kubeconfig", { exact: true });
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    const findings = diagnosis.getByRole("list", { name: "Findings" });
    const fixes = async () => (await findings.getByRole("listitem").allInnerTexts()).join("\n");
    const noTerminalWords = (text) => {
      assert.doesNotMatch(text, /\bNAME\b|\bCTX\b|\bOLD NEW\b|=CLUSTER|=USER/, text);
      assert.doesNotMatch(text, /skyauth (rbac|doctor|config)\b/, text);
    };
    // No current context: the command names the file's own context.
    await kubeconfig.fill(fs.readFileSync(path.join(KUBECONFIGS, "no-current-context.yaml"), "utf8"));
    await findings.getByText("kubectl config use-context only", { exact: true }).waitFor();
    noTerminalWords(await fixes());
    // An API server's `in-cluster` context: rename it after its cluster; an exec plugin: the
    // page's own controls make the token kubeconfig, no CLI command.
    await page.getByLabel("Judge it for").selectOption("api-server");
    await kubeconfig.fill(fs.readFileSync(path.join(KUBECONFIGS, "in-cluster-name.yaml"), "utf8"));
    await findings.getByText("kubectl config rename-context in-cluster remote", { exact: true }).waitFor();
    noTerminalWords(await fixes());
    await kubeconfig.fill(fs.readFileSync(path.join(KUBECONFIGS, "gke-plugin.yaml"), "utf8"));
    await findings.getByText(/To write one, under “Where does SkyPilot run\?” \(Helm\) tick “Reach other clusters through a kubeconfig secret”/).first().waitFor();
    noTerminalWords(await fixes());
    await app.screenshot(page, "65-trust-doctor-fixes");
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("#22.19: a step keeps its number when the account step appears or goes", async () => {
    const page = await app.open(DESKTOP);
    const headings = [
      ["Where does SkyPilot run?", "1"],
      ["How should SkyPilot authenticate?", "2"],
      ["Permissions and options", "3"],
      ["Contexts", "4"],
      ["Kubeconfig doctor", "5"],
      ["Audit existing RBAC", "6"],
    ];
    const account = page.getByRole("heading", { name: "Account and namespace", level: 2 });
    const numbers = async () => {
      const shown = {};
      for (const [name] of [...headings, ["Account and namespace"]]) {
        const heading = page.getByRole("heading", { name, exact: true, level: 2 });
        if ((await heading.count()) > 0) {
          // What is drawn in the badge: its text, not a CSS counter's.
          shown[name] = await heading.locator(".step-number").innerText();
        }
      }
      return shown;
    };
    const always = Object.fromEntries(headings);
    assert.equal(await account.count(), 0);
    assert.deepEqual(await numbers(), always);
    await page.getByLabel(/Custom service account/).check();
    await account.waitFor();
    assert.deepEqual(await numbers(), { ...always, "Account and namespace": "2a" });
    await app.screenshotBoth(page, "66-trust-step-numbers");
    // The same on a phone: the same numbers, the badge holds "2a" on one line.
    await page.setViewportSize({ width: 375, height: 800 });
    assert.deepEqual(await numbers(), { ...always, "Account and namespace": "2a" });
    const badge = account.locator(".step-number");
    const { height } = await badge.boundingBox();
    assert.ok(height < 40, `badge ${height}px high`);
    assert.deepEqual(await seriousViolations(page), []);
    await page.setViewportSize(DESKTOP);
    await page.getByLabel(/own service account/).check();
    await account.waitFor({ state: "detached" });
    assert.deepEqual(await numbers(), always);
    await page.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
