// Cloud identity for pods through the page, by accessible names: each provider in step 2's
// fieldset, its inline errors, the annotations in the RBAC manifest, the config's NO_UPLOAD
// and Azure's pod label, the cloud-side commands in the next steps, the docs links, a share
// link's round trip, axe and a phone width. Screenshots go to build/e2e/.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const YAML = require("yaml");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };
const PHONE = { width: 375, height: 800 };
const ARN = "arn:aws:iam::123456789012:role/skypilot-s3";

async function regionCode(page, name) {
  return page.getByRole("region", { name, exact: true }).locator("pre code").innerText();
}

async function objects(page) {
  return YAML.parseAllDocuments(await regionCode(page, "RBAC manifest")).map((d) => d.toJS()).filter(Boolean);
}

function nextSteps(page) {
  return page.getByRole("heading", { name: "Next steps" }).locator("xpath=..");
}

test("cloud identity for pods, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  const provider = page.getByLabel("Provider", { exact: true });

  await t.test("IRSA on a custom account: a bad ARN is explained beside the field", async () => {
    await page.getByRole("radio", { name: /Custom service account/ }).check();
    await page.getByLabel("Namespace", { exact: true }).fill("ml");
    await provider.selectOption({ label: "EKS: IAM roles for service accounts (IRSA)" });
    const arn = page.getByLabel("IAM role ARN", { exact: true });
    await arn.fill("arn:aws:iam::12345678901:role/skypilot-s3");
    await arn.blur();
    await page.locator("#cloud-role-arn-error").getByText(/is not 12 digits/).waitFor();
    assert.equal(await arn.getAttribute("aria-invalid"), "true");
    await arn.fill("arn:aws:iam::123456789012:user/alice");
    await page.locator("#cloud-role-arn-error").getByText(/pods assume roles/).waitFor();
    await app.screenshotBoth(page, "60-cloud-identity-error");
    await arn.fill(ARN);
    await page.locator("#cloud-role-arn-error").waitFor({ state: "detached" });
    await page.getByText(/It goes on service account ml\/sky-sa/).waitFor();
    const account = (await objects(page)).find((o) => o.kind === "ServiceAccount");
    assert.deepEqual(account.metadata.annotations, { "eks.amazonaws.com/role-arn": ARN });
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config.aws, { remote_identity: "NO_UPLOAD" });
    await nextSteps(page).getByText(/"\$\{OIDC\}:sub": "system:serviceaccount:ml:sky-sa"/).waitFor();
    const link = page.getByRole("link", { name: "AWS: IAM roles for service accounts" });
    assert.equal(await link.getAttribute("href"), "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html");
    assert.match(await page.getByRole("link", { name: /SkyPilot: IAM roles for S3 on EKS/ }).getAttribute("href"), /aws-eks-iam-roles/);
  });

  await t.test("EKS Pod Identity: the association command, no annotation", async () => {
    await provider.selectOption({ label: "EKS Pod Identity" });
    const cluster = page.getByLabel("EKS cluster name", { exact: true });
    await cluster.focus();
    await cluster.blur();
    await page.locator("#cloud-eks-cluster-error").getByText(/EKS cluster name is empty/).waitFor();
    await cluster.fill("prod");
    await nextSteps(page)
      .getByText(`aws eks create-pod-identity-association --cluster-name prod --namespace ml --service-account sky-sa --role-arn ${ARN}`)
      .waitFor();
    const account = (await objects(page)).find((o) => o.kind === "ServiceAccount");
    assert.equal(account.metadata.annotations, undefined);
  });

  await t.test("GKE: the email's format, and the workload pool binding", async () => {
    await provider.selectOption({ label: "GKE Workload Identity" });
    const gsa = page.getByLabel("Google service account", { exact: true });
    await gsa.fill("Skypilot-Pods@my-project.iam.gserviceaccount.com");
    await gsa.blur();
    await page.locator("#cloud-gcp-service-account-error").getByText(/upper-case letters/).waitFor();
    await gsa.fill("123-compute@developer.gserviceaccount.com");
    await page.locator("#cloud-gcp-service-account-error").getByText(/default service account/).waitFor();
    await gsa.fill("skypilot-pods@my-project.iam.gserviceaccount.com");
    await nextSteps(page)
      .getByText("gcloud iam service-accounts add-iam-policy-binding skypilot-pods@my-project.iam.gserviceaccount.com --role roles/iam.workloadIdentityUser --member 'serviceAccount:my-project.svc.id.goog[ml/sky-sa]'")
      .waitFor();
    const account = (await objects(page)).find((o) => o.kind === "ServiceAccount");
    assert.deepEqual(account.metadata.annotations, { "iam.gke.io/gcp-service-account": "skypilot-pods@my-project.iam.gserviceaccount.com" });
    assert.deepEqual(YAML.parse(await regionCode(page, "SkyPilot config")).gcp, { remote_identity: "NO_UPLOAD" });
  });

  await t.test("Azure on SkyPilot's own account: the annotated account and the pod label", async () => {
    await page.getByRole("radio", { name: /No upload/ }).check();
    await provider.selectOption({ label: "Azure Workload Identity (AKS)" });
    const client = page.getByLabel("Azure client id", { exact: true });
    await client.fill("not-a-uuid");
    await client.blur();
    await page.locator("#cloud-azure-client-id-error").getByText(/is not a UUID/).waitFor();
    await client.fill("00000000-1111-2222-3333-444444444444");
    await page.getByText(/It goes on service account default\/skypilot-service-account/).waitFor();
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config.kubernetes.pod_config, { metadata: { labels: { "azure.workload.identity/use": "true" } } });
    assert.deepEqual(config.azure, { remote_identity: "NO_UPLOAD" });
    const account = (await objects(page)).find((o) => o.kind === "ServiceAccount");
    assert.equal(account.metadata.name, "skypilot-service-account");
    assert.deepEqual(account.metadata.annotations, { "azure.workload.identity/client-id": "00000000-1111-2222-3333-444444444444" });
    await nextSteps(page).getByText(/--subject system:serviceaccount:default:skypilot-service-account --audience api:\/\/AzureADTokenExchange/).waitFor();
    await page.getByRole("link", { name: "Azure: Workload ID on AKS" }).waitFor();
    await app.screenshotBoth(page, "61-cloud-identity-azure");
  });

  await t.test("a share link reopens the cloud identity", async () => {
    const url = await app.settledUrl(page);
    assert.match(url, /cloud_identity\.provider=azure/);
    const other = await app.open(DESKTOP, url.slice(url.indexOf("#")));
    assert.equal(await other.getByLabel("Provider", { exact: true }).inputValue(), "azure");
    assert.equal(await other.getByLabel("Azure client id", { exact: true }).inputValue(), "00000000-1111-2222-3333-444444444444");
    assert.deepEqual(YAML.parse(await regionCode(other, "SkyPilot config")).azure, { remote_identity: "NO_UPLOAD" });
    await other.close();
  });

  await t.test("no serious accessibility problems, and it fits a phone", async () => {
    assert.deepEqual(await seriousViolations(page), []);
    const url = page.url();
    const phone = await app.open(PHONE, url.slice(url.indexOf("#")));
    await phone.getByLabel("Azure client id", { exact: true }).waitFor();
    const wide = await phone.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest("pre, .table-wrap"))
      .slice(0, 5).map((e) => `${e.tagName}.${e.className}#${e.id} (${e.textContent.slice(0, 40)}): ${Math.round(e.getBoundingClientRect().right)}`));
    await phone.locator("fieldset.cloud-identity").scrollIntoViewIfNeeded();
    await app.screenshot(phone, "62-cloud-identity-phone");
    assert.deepEqual(wide, [], "no horizontal scrolling at 375 px");
    await phone.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
