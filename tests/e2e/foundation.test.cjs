// The built page loads under its CSP, renders through Yew, reacts to typing, logs no errors and
// makes no request beyond its own files; the same dist/ works under a sub-path.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { launch, DIST } = require("./support/harness.cjs");

test("the page renders, takes typing, and stays on its own origin", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open();

  await page.getByRole("heading", { level: 1, name: "skyauth" }).waitFor();
  await page.getByLabel(/Custom service account/).check();
  const input = page.getByLabel("Namespace", { exact: true });
  await input.fill("");
  await input.pressSequentially("team-a");
  await page.getByRole("region", { name: "RBAC manifest" }).getByText("namespace: team-a").first().waitFor();

  await app.screenshot(page, "foundation-desktop");
  assert.deepEqual(app.problems, [], "no console errors or warnings");
  assert.deepEqual(app.foreignRequests(), [], "no request leaves the page's origin");
});

test("the built page pins its Content-Security-Policy to its own origin", () => {
  const html = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
  const csp = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
  assert.ok(csp, "a CSP meta tag");
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.doesNotMatch(csp, /skyauth-inline-script-hashes/, "the hash marker was replaced");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(html, /integrity="sha384-/, "trunk's subresource integrity");
  assert.match(html, /<meta name="skyauth-worker" content="skyauth-worker_loader\.js\?v=[0-9a-f]{16}"/, "the worker is named by content");
});

test("the same dist/ works under a sub-path, as on GitHub Pages", async (t) => {
  const app = await launch({ base: "/skyauth/" });
  t.after(app.close);
  const page = await app.open({ width: 375, height: 740 });
  await page.getByRole("region", { name: "SkyPilot config" }).getByText("remote_identity: SERVICE_ACCOUNT").waitFor();
  await page.locator(".brand img").evaluate((img) => img.complete && img.naturalWidth > 0).then((ok) => assert.ok(ok, "the logo loads"));
  await app.screenshot(page, "foundation-phone-subpath");
  // The analysis worker loads from the sub-path too.
  await page.getByLabel("Kubeconfig", { exact: true }).fill("apiVersion: v1\nkind: Pod\n");
  await page.getByRole("region", { name: "Diagnosis" }).getByText(/This is a Kubernetes Pod/).waitFor();
  assert.ok(app.requests.some((url) => /\/skyauth\/skyauth-worker_bg\.wasm\?v=/.test(url)), "worker loaded from the sub-path");
  assert.deepEqual(app.problems, []);
  assert.ok(app.requests.some((url) => url.includes("/skyauth/") && url.endsWith(".wasm")), "wasm loaded from the sub-path");
  assert.deepEqual(app.foreignRequests(), []);
});

test("when the analysis worker cannot start, the doctor says so instead of waiting forever", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open();
  await page.context().route(/skyauth-worker_bg\.wasm/, (route) => route.abort());
  await page.getByLabel("Kubeconfig", { exact: true }).fill("apiVersion: v1\nkind: Config\n");
  const alert = page.getByRole("region", { name: "Diagnosis" }).getByRole("alert");
  await alert.getByText(/The analysis worker stopped .*Reload the page/).waitFor();
  // The wizard is unaffected.
  await page.getByLabel(/Custom service account/).check();
  await page.getByRole("region", { name: "RBAC manifest" }).getByText("kind: ServiceAccount").waitFor();
});
