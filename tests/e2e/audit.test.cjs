// The RBAC audit used like an admin would: the page's own manifest audits as granted, a
// feature it lacks shows the missing permissions and a patch (copy, download), the patch
// closes the gap, kubectl-style Lists and bad input, an axe check, and nothing leaves the page.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const YAML = require("yaml");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };

async function regionCode(scope, name) {
  return scope.getByRole("region", { name }).locator("pre code").innerText();
}

/** Pastes `text` into a textarea the way a paste arrives: one input event. */
async function paste(locator, text) {
  await locator.evaluate((area, value) => {
    area.value = value;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

/** The status cell of a feature's row in the audit table. */
function statusOf(audit, feature) {
  return audit.locator("tbody tr").filter({ hasText: feature }).locator("td").nth(1);
}

test("the RBAC audit, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.site.origin });
  await page.getByRole("heading", { level: 1 }).waitFor();
  const existing = page.getByLabel("Existing RBAC", { exact: true });
  const audit = page.getByRole("region", { name: "Audit", exact: true });

  await t.test("the wizard's own manifest audits as granted, for the wizard's account", async () => {
    const worker = () => app.requests.filter((url) => url.includes("skyauth-worker"));
    assert.deepEqual(worker(), [], "the analysis worker is not fetched before it is needed");
    await page.getByLabel(/Custom service account/).check();
    await page.getByLabel("Namespace", { exact: true }).fill("team");
    assert.equal(await page.getByLabel("Subject", { exact: true }).inputValue(), "team/sky-sa");
    await paste(existing, await regionCode(page, "RBAC manifest"));
    await audit.getByText("Every selected feature is granted to the service account team/sky-sa.").waitFor();
    assert.ok(worker().some((url) => /skyauth-worker_bg\.wasm\?v=[0-9a-f]{16}$/.test(url)), `the first paste fetched it, versioned: ${worker()}`);
    assert.equal(await statusOf(audit, "Core launch").innerText(), "granted");
    assert.equal(await audit.getByRole("region", { name: "RBAC patch" }).count(), 0, "nothing to patch");
    assert.equal(await page.getByText(/is not bound by any binding/).count(), 0, "the wizard's account is bound: no hint");
    await existing.scrollIntoViewIfNeeded();
    await app.screenshotBoth(page, "20-audit-granted");
  });

  await t.test("a feature the roles lack lists its permissions and a patch that closes the gap", async () => {
    await page.getByRole("group", { name: "Features SkyPilot must have" }).getByLabel("GPU metrics", { exact: true }).check();
    await audit.getByText(/lacks permissions for selected features/).waitFor();
    assert.equal(await statusOf(audit, "GPU metrics").innerText(), "missing");
    await audit.getByText("get namespaces kube-system cluster-wide").waitFor();
    const patch = await regionCode(audit, "RBAC patch");
    const objects = YAML.parseAllDocuments(patch).map((d) => d.toJS()).filter(Boolean);
    // GPU metrics: kube-system read cluster-wide, and the port-forward to Prometheus in `skypilot`.
    assert.deepEqual(objects.map((o) => o.kind).sort(), ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]);
    const clusterRole = objects.find((o) => o.kind === "ClusterRole");
    assert.deepEqual(clusterRole.rules, [{ apiGroups: [""], resourceNames: ["kube-system"], resources: ["namespaces"], verbs: ["get"] }]);
    assert.equal(objects.find((o) => o.kind === "Role").metadata.namespace, "skypilot");
    assert.deepEqual(objects.find((o) => o.kind === "ClusterRoleBinding").subjects, [{ kind: "ServiceAccount", name: "sky-sa", namespace: "team" }]);

    const patchRegion = audit.getByRole("region", { name: "RBAC patch" });
    await patchRegion.getByRole("button", { name: "Copy" }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), patch);
    const [download] = await Promise.all([page.waitForEvent("download"), patchRegion.getByRole("button", { name: "Download" }).click()]);
    assert.equal(download.suggestedFilename(), "skyauth-patch.yaml");
    assert.equal(fs.readFileSync(await download.path(), "utf8"), patch);
    await audit.scrollIntoViewIfNeeded();
    await app.screenshotBoth(page, "21-audit-missing");

    await paste(existing, `${await existing.inputValue()}\n${patch}`);
    await audit.getByText(/^Every selected feature is granted/).waitFor();
  });

  await t.test("a kubectl List with a ClusterRole bound by a RoleBinding, for a user", async () => {
    const list = YAML.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "everything" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
        {
          apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "alice-ml", namespace: "team" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "everything" },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice@example.com" }],
        },
        {
          apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "secrets-everywhere" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "secret-reader" },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" }],
        },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "secret-reader" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }] },
      ],
    });
    await paste(existing, list);
    await page.getByLabel("Subject", { exact: true }).fill("user:alice@example.com");
    // Wait for the answer about alice, not an earlier one about the previous subject.
    await audit.getByText("Read 4 RBAC objects. Bindings naming it: RoleBinding alice-ml in team, ClusterRoleBinding secrets-everywhere.").waitFor();
    // `*` through a RoleBinding stays in team: the namespace part is granted, nodes are not.
    assert.equal(await statusOf(audit, "Core launch").innerText(), "partly granted");
    await audit.getByText("list nodes cluster-wide").first().waitFor();
    await audit.getByText(/Cluster-wide reads Secrets in every namespace/).waitFor();
    const patch = YAML.parseAllDocuments(await regionCode(audit, "RBAC patch")).map((d) => d.toJS()).filter(Boolean);
    assert.ok(patch.every((o) => o.kind !== "Role" || o.metadata.namespace !== "team"), "nothing is missing in team");
    assert.deepEqual(patch.find((o) => o.kind === "ClusterRoleBinding").subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice@example.com" }]);
    assert.deepEqual(await seriousViolations(page), []);
  });

  await t.test("bad input and a bad subject say what is wrong", async () => {
    await paste(existing, "kind: RoleBinding\nmetadata: {name: rb, namespace: team}\nsubjects: []\n");
    await audit.getByRole("alert").getByText("document 1 (RoleBinding rb): roleRef is missing").waitFor();
    await page.getByLabel("Subject", { exact: true }).fill("sky-sa");
    await page.getByText(/is not a service account: write it as NAMESPACE\/NAME/).waitFor();
    assert.equal(await page.getByLabel("Subject", { exact: true }).getAttribute("aria-invalid"), "true");
  });

  await t.test("in SERVICE_ACCOUNT mode the launcher's own RBAC audits as granted for it", async () => {
    const fresh = await app.open(DESKTOP);
    await fresh.getByLabel(/own service account/).check();
    await fresh.getByLabel("Generate RBAC for the identity that launches").check();
    await fresh.getByLabel("User or group name", { exact: true }).fill("alice@example.com");
    await fresh.getByLabel("Launch namespace", { exact: true }).fill("ml");
    assert.equal(await fresh.getByLabel("Subject", { exact: true }).inputValue(), "user:alice@example.com");
    const features = fresh.getByRole("group", { name: "Features SkyPilot must have" });
    assert.ok(await features.getByLabel("SkyPilot-managed account (launcher)").isChecked());
    assert.ok(await features.getByLabel("Core launch").isChecked(), "the launcher launches too");
    await paste(fresh.getByLabel("Existing RBAC", { exact: true }), await regionCode(fresh, "RBAC manifest"));
    const region = fresh.getByRole("region", { name: "Audit", exact: true });
    await region.getByText("Every selected feature is granted to the user alice@example.com.").waitFor();
    assert.equal(await statusOf(region, "SkyPilot-managed account").innerText(), "granted");
    await fresh.close();
  });

  await t.test("an export that binds another account says so beside the subject and offers its subjects", async () => {
    const fresh = await app.open(DESKTOP);
    const subject = fresh.getByLabel("Subject", { exact: true });
    const wizardSubject = await subject.inputValue();
    assert.notEqual(wizardSubject, "sky-system/sky-runner");
    const rbac = "rbac.authorization.k8s.io/v1";
    const clusterAdmin = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" };
    const runner = { kind: "ServiceAccount", name: "sky-runner", namespace: "sky-system" };
    const exported = YAML.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: rbac, kind: "ClusterRoleBinding", metadata: { name: "sky-runner-admin" }, roleRef: clusterAdmin, subjects: [runner] },
        { apiVersion: rbac, kind: "RoleBinding", metadata: { name: "sky-runner-edit", namespace: "sky-system" }, roleRef: clusterAdmin, subjects: [{ kind: "ServiceAccount", name: "sky-runner" }, { kind: "User", name: "alice@example.com" }] },
        { apiVersion: rbac, kind: "ClusterRoleBinding", metadata: { name: "viewers" }, roleRef: { ...clusterAdmin, name: "view" }, subjects: [{ kind: "Group", name: "system:authenticated" }] },
      ],
    });
    await paste(fresh.getByLabel("Existing RBAC", { exact: true }), exported);
    const region = fresh.getByRole("region", { name: "Audit", exact: true });
    await fresh.getByText(`${wizardSubject} is not bound by any binding in this export; it gets only what its groups get. The subjects it binds:`).waitFor();
    const offered = fresh.getByRole("button", { name: /^Audit / });
    assert.deepEqual(await offered.allInnerTexts(), [
      "Audit sky-system/sky-runner (2 bindings)",
      "Audit user:alice@example.com (1 binding)",
      "Audit group:system:authenticated (1 binding)",
    ]);
    assert.deepEqual(await seriousViolations(fresh), []);
    await subject.scrollIntoViewIfNeeded();
    await app.screenshotBoth(fresh, "22-audit-unbound-subject");

    await fresh.getByRole("button", { name: "Audit sky-system/sky-runner (2 bindings)" }).click();
    assert.equal(await subject.inputValue(), "sky-system/sky-runner");
    assert.ok(await subject.evaluate((field) => field === document.activeElement), "the focus is back on the subject field");
    await region.getByText("Every selected feature is granted to the service account sky-system/sky-runner.").waitFor();
    assert.equal(await fresh.getByText(/is not bound by any binding/).count(), 0, "the chosen subject is bound: no hint");
    await fresh.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
