// Explaining an error as a user would: paste a 403 and read who was refused what and where,
// the SkyPilot feature needing it, the patch (copy, download) and SkyPilot's page about it;
// the setting that avoids ingress rights; refusals that are not RBAC; text that holds no
// refusal; an axe check; and nothing leaves the page.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const YAML = require("yaml");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };

const LIST_PODS =
  'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:ml:sky-sa" cannot list resource "pods" in API group "" at the cluster scope';
const INGRESS_CLASSES =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ingressclasses.networking.k8s.io is forbidden: User \\"system:serviceaccount:ml:sky-sa\\" cannot list resource \\"ingressclasses\\" in API group \\"networking.k8s.io\\" at the cluster scope","reason":"Forbidden","details":{"group":"networking.k8s.io","kind":"ingressclasses"},"code":403}';
const NOT_RBAC = [
  'pods "sky-head" is forbidden: error looking up service account ml/sky-sa: serviceaccount "sky-sa" not found',
  'pods "sky-head" is forbidden: violates PodSecurity "restricted:latest": privileged (container "ray-node" must not set securityContext.privileged=true)',
].join("\n");

/** Pastes `text` into a textarea the way a paste arrives: one input event. */
async function paste(locator, text) {
  await locator.evaluate((area, value) => {
    area.value = value;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

test("explaining an error, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.site.origin });
  await page.getByRole("heading", { level: 1 }).waitFor();
  const error = page.getByLabel("Error", { exact: true });
  const explanation = page.getByRole("region", { name: "Explanation", exact: true });

  await t.test("a refused cluster-wide pod list is GPU listing's, with its patch and SkyPilot's page", async () => {
    await page.getByRole("heading", { name: "Explain an error" }).waitFor();
    await paste(error, LIST_PODS);
    await explanation.getByRole("status").getByText("Explained 1 refusal: 1 SkyPilot permission.").waitFor();
    const refusal = explanation.getByRole("list", { name: "Refusals" }).getByRole("listitem").first();
    await refusal.getByText("RBAC denied service account ml/sky-sa: list pods cluster-wide").waitFor();
    await refusal.getByRole("listitem").filter({ hasText: /^Where: cluster scope$/ }).waitFor();
    await refusal.getByRole("listitem").filter({ hasText: /^Needed by GPU listing \(gpu-list\)/ }).waitFor();
    const docs = refusal.getByRole("link", { name: "SkyPilot docs: Kubernetes permissions" });
    assert.equal(await docs.getAttribute("href"), "https://docs.skypilot.co/en/latest/cloud-setup/cloud-permissions/kubernetes.html");

    const patchRegion = explanation.getByRole("region", { name: "Patch for the refused requests" });
    const patch = await patchRegion.locator("pre code").innerText();
    const objects = YAML.parseAllDocuments(patch).map((d) => d.toJS()).filter(Boolean);
    assert.deepEqual(objects.map((o) => o.kind), ["ClusterRole", "ClusterRoleBinding"]);
    assert.deepEqual(objects[0].rules, [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }]);
    assert.deepEqual(objects[1].subjects, [{ kind: "ServiceAccount", name: "sky-sa", namespace: "ml" }]);
    await patchRegion.getByRole("button", { name: "Copy" }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), patch);
    const [download] = await Promise.all([page.waitForEvent("download"), patchRegion.getByRole("button", { name: "Download" }).click()]);
    assert.equal(download.suggestedFilename(), "skyauth-explain-patch.yaml");
    assert.equal(fs.readFileSync(await download.path(), "utf8"), patch);
    await explanation.scrollIntoViewIfNeeded();
    await app.screenshotBoth(page, "30-explain-gpu-list");
  });

  await t.test("ingress rights from a JSON Status are avoided by loadbalancer ports", async () => {
    await paste(error, INGRESS_CLASSES);
    const refusal = explanation.getByRole("list", { name: "Refusals" }).getByRole("listitem").first();
    await refusal.getByText("list networking.k8s.io/ingressclasses cluster-wide", { exact: false }).waitFor();
    await refusal.getByText(/^Avoid it:.*kubernetes\.ports: loadbalancer/).first().waitFor();
    await refusal.getByRole("link", { name: "SkyPilot docs: exposing services on Kubernetes" }).waitFor();
  });

  await t.test("refusals that are not RBAC say what to do, with no patch", async () => {
    await paste(error, NOT_RBAC);
    await explanation.getByRole("status").getByText("Explained 2 refusals: 0 SkyPilot permissions.").waitFor();
    await explanation.getByText("Not RBAC: service account ml/sky-sa does not exist").waitFor();
    await explanation.getByText(/^Not RBAC: the pod violates Pod Security level restricted:latest/).waitFor();
    assert.equal(await explanation.getByText(/^What to do:/).count(), 2);
    assert.equal(await explanation.getByRole("region", { name: "Patch for the refused requests" }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
  });

  await t.test("text without a refusal says what to paste", async () => {
    await paste(error, "Error: something went wrong");
    await explanation.getByRole("status").getByText(/^No Kubernetes refusal recognised/).waitFor();
    await page.getByRole("button", { name: "Clear Error" }).click();
    await explanation.getByText("Paste an error above to explain it.").waitFor();
  });

  await t.test("nothing left the page", async () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
