// Retakes the screenshots of the README and docs/helm.md (docs/*.png) from the release dist/, through the e2e
// harness (Debian's Chromium, loopback only): `node scripts/readme-screenshots.cjs` after
// `make dist`, with NODE_PATH=build/node/node_modules.
"use strict";
const path = require("node:path");
const { launch } = require("../tests/e2e/support/harness.cjs");

const DOCS = path.resolve(__dirname, "../docs");
const VIEWPORT = { width: 1440, height: 1000 };

async function main() {
  const app = await launch();
  try {
    const wizard = await app.open(VIEWPORT, "#auth=custom&account.namespace=ml-team&account.profile=minimal&features.ingress=true&features.gpu-list=true");
    await wizard.getByRole("region", { name: "RBAC manifest" }).waitFor();
    await wizard.screenshot({ path: path.join(DOCS, "screenshot.png") });

    const helm = await app.open(VIEWPORT, "#journey=helm&server.release=sky&server.namespace=ops&server.identity=minimal");
    await helm.getByRole("region", { name: "Helm values", exact: true }).waitFor();
    await helm.screenshot({ path: path.join(DOCS, "helm.png") });

    const audit = await app.open(VIEWPORT, "#auth=custom&account.namespace=team");
    const manifest = await audit.getByRole("region", { name: "RBAC manifest" }).locator("pre code").innerText();
    await audit.getByRole("group", { name: "Features SkyPilot must have" }).getByLabel("GPU metrics", { exact: true }).check();
    const existing = audit.getByLabel("Existing RBAC", { exact: true });
    await existing.evaluate((area, value) => {
      area.value = value;
      area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, manifest);
    const region = audit.getByRole("region", { name: "Audit", exact: true });
    await region.getByText(/lacks permissions for selected features/).waitFor();
    await region.evaluate((element) => element.scrollIntoView({ block: "start" }));
    await audit.screenshot({ path: path.join(DOCS, "audit.png") });
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
