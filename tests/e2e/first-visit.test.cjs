// Issue #16, the first visit as an admin makes it: the skip link keeps the setup, a link with
// one bad value keeps the rest and says which, keyword account names are refused, two teams'
// accounts get distinct cluster-scoped names, contexts typed with commas split (and names that
// look like a URL or a file are warned about), the page's link can be copied, and an error
// waits until its field is touched while every output it does not block stays.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };

async function regionCode(page, name) {
  return page.getByRole("region", { name, exact: true }).locator("pre code").innerText();
}

test("a real first visit", async (t) => {
  const app = await launch();
  t.after(app.close);

  await t.test("the skip link keeps the setup", async () => {
    const page = await app.open(DESKTOP, "#auth=custom&account.namespace=team-a");
    await page.getByRole("region", { name: "RBAC manifest" }).getByText("namespace: team-a").first().waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    // The jump moves the focus; the fragment keeps the setup (#22 item 18).
    await page.waitForFunction(() => document.activeElement.id === "output");
    assert.match(page.url(), /#auth=custom&account\.namespace=team-a$/);
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "team-a");
    assert.equal(await page.getByRole("alert").count(), 0, "no error banner");
    await page.close();
  });

  await t.test("a link with one bad value keeps the rest and names the bad one", async () => {
    const page = await app.open(DESKTOP, "#auth=custom&account.namespace=ml&account.profile=minimum");
    await page.getByText(/`account\.profile`: `minimum` is not a value this setting takes/).waitFor();
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "ml");
    assert.match(page.url(), /account\.profile=minimum/, "the link is kept as it was");
    await page.close();
  });

  await t.test("a link is read by the worker; when it cannot load, the link stays and the page says so", async () => {
    const link = "#auth=custom&account.namespace=ml";
    const worker = () => app.requests.filter((url) => url.includes("skyauth-worker"));
    const before = worker().length;
    const page = await app.open(DESKTOP, link);
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "ml");
    assert.ok(worker().length > before, "the link was read in the analysis worker");
    await page.close();

    await app.context.route(/skyauth-worker/, (route) => route.abort());
    const offline = await app.open(DESKTOP, link);
    await offline.getByRole("alert").getByText(/This link's settings could not be read, so the defaults show/).waitFor();
    assert.equal(await offline.getByLabel("Namespace", { exact: true }).count(), 0, "the defaults show");
    assert.ok(offline.url().endsWith(link), `the link is kept to reload: ${offline.url()}`);
    await app.screenshot(offline, "05-link-without-worker");
    await offline.close();
    await app.context.unroute(/skyauth-worker/);
    // The aborted loads are this test's own doing, not the page's.
    app.problems.splice(0, app.problems.length, ...app.problems.filter((p) => !/skyauth-worker|net::ERR_FAILED|could not be read|importScripts/.test(p)));
  });

  await t.test("a keyword is refused as an account name, with the reason", async () => {
    const page = await app.open(DESKTOP, "#auth=custom");
    await page.getByLabel("Service account name").fill("NO_UPLOAD");
    await page.getByText(/one of SkyPilot's `?remote_identity`? keywords/).first().waitFor();
    await page.close();
  });

  await t.test("two teams' accounts of the same name get distinct cluster-scoped names", async () => {
    const names = [];
    for (const namespace of ["team-a", "team-b"]) {
      const page = await app.open(DESKTOP, `#auth=custom&account.namespace=${namespace}`);
      await page.getByRole("region", { name: "RBAC manifest" }).getByText(`namespace: ${namespace}`).first().waitFor();
      const docs = YAML.parseAllDocuments(await regionCode(page, "RBAC manifest")).map((d) => d.toJS());
      names.push(docs.filter((d) => d.kind.startsWith("Cluster")).map((d) => d.metadata.name));
      await page.close();
    }
    assert.ok(names[0].length > 0);
    assert.ok(names[0].every((name) => !names[1].includes(name)), JSON.stringify(names));
  });

  await t.test("downloads are named after what they hold", async () => {
    for (const [fragment, file] of [
      ["#auth=custom&account.name=sky-runner", "create-sky-runner.yaml"],
      ["#launcher.enabled=true&launcher.subject=alice", "skypilot-launcher-rbac.yaml"],
    ]) {
      const page = await app.open(DESKTOP, fragment);
      const region = page.getByRole("region", { name: "RBAC manifest" });
      await region.getByText(`kubectl apply -f ${file}`).first().waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), region.getByRole("button", { name: "Download" }).click()]);
      assert.equal(download.suggestedFilename(), file);
      await page.close();
    }
  });

  await t.test("contexts typed with commas are split", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel("These contexts:").check();
    await page.getByLabel("Allowed contexts", { exact: true }).fill("onprem-a, onprem-b");
    await page.getByRole("region", { name: "SkyPilot config" }).getByText("onprem-b").waitFor();
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.deepEqual(config.kubernetes.allowed_contexts, ["onprem-a", "onprem-b"]);
    await page.close();
  });

  await t.test("on a phone a visible link after the choices reaches the output", async () => {
    const page = await app.open({ width: 375, height: 800 }, "#auth=custom&account.namespace=team-a");
    const link = page.getByRole("link", { name: /See the generated RBAC and config/ });
    assert.ok(await link.isVisible());
    await link.click();
    await page.waitForFunction(() => document.activeElement.id === "output");
    assert.match(page.url(), /#auth=custom&account\.namespace=team-a$/);
    const top = await page.getByRole("heading", { name: "Your configuration" }).evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top > -2 && top < 800, `the output heading is on screen (${top})`);
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "team-a");
    await page.close();
  });

  await t.test("at desktop width the output column never scrolls inside itself", async () => {
    // The longest output: a minimum-profile custom account with every feature and launcher RBAC.
    const page = await app.open({ width: 1440, height: 900 }, "#auth=custom&account.profile=minimal");
    const features = page.getByRole("group", { name: "Features", exact: true });
    for (const box of await features.getByRole("checkbox").all()) await box.check();
    const column = page.locator("#output");
    const [scroll, client] = await column.evaluate((c) => [c.scrollHeight, c.clientHeight]);
    assert.ok(scroll <= client + 1, `the column holds all it shows (${scroll} > ${client})`);
    // The last next step is reached with the page's own scrolling, not hidden under the fold.
    const last = page.getByRole("heading", { name: "Next steps" }).locator("xpath=..").locator("li").last();
    await last.scrollIntoViewIfNeeded();
    const box = await last.boundingBox();
    // Within a pixel: scrolling lands on fractional positions.
    assert.ok(box && box.y >= -1 && box.y + box.height <= 901, `the last step is on screen (${JSON.stringify(box)})`);
    await page.close();
  });

  await t.test("on a phone the doctor's contexts are cards: no column, no Use in setup button cut off", async () => {
    const page = await app.open({ width: 375, height: 800 });
    const kubeconfig = fs.readFileSync(path.join(__dirname, "../kubeconfigs/multi-context-mixed.yaml"), "utf8");
    await page.getByLabel("Kubeconfig", { exact: true }).fill(kubeconfig);
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    const table = diagnosis.getByRole("table", { name: "Contexts" });
    await table.waitFor();
    const [scroll, client] = await diagnosis.locator(".table-wrap").evaluate((w) => [w.scrollWidth, w.clientWidth]);
    assert.ok(scroll <= client + 1, `the contexts fit the phone (${scroll} > ${client})`);
    const buttons = await table.getByRole("button", { name: /^Use in setup/ }).all();
    assert.ok(buttons.length >= 3);
    for (const button of buttons) {
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `on screen: ${JSON.stringify(box)}`);
    }
    // Still a table to assistive technology: a row per context, cells in it.
    assert.equal(await table.getByRole("row").count(), buttons.length + 1);
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("the least-privilege profile is marked, and why another is the default is said", async () => {
    const page = await app.open(DESKTOP, "#auth=custom");
    const profiles = page.getByRole("group", { name: "Permission profile" });
    await profiles.getByText("For least privilege pick Minimum").waitFor();
    assert.match(await page.getByLabel(/^Minimum/).evaluate((input) => input.closest("label").textContent), /least privilege/);
    assert.match(await page.getByLabel(/^Namespace admin/).evaluate((input) => input.closest("label").textContent), /default/);
    await page.close();
  });

  await t.test("every next-step command has its own Copy button", async () => {
    const page = await app.open({ width: 375, height: 800 }, "#auth=custom&account.namespace=team-a");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.site.origin });
    const steps = page.getByRole("heading", { name: "Next steps" }).locator("xpath=..");
    const commands = await steps.locator("pre").count();
    assert.ok(commands >= 2, `commands: ${commands}`);
    assert.equal(await steps.getByRole("button", { name: /^Copy step \d+'s command$/ }).count(), commands);
    const first = steps.locator("li").filter({ has: page.locator("pre") }).first();
    await first.getByRole("button", { name: /^Copy step/ }).click();
    await first.getByText("Copied.").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await first.locator("pre").innerText());
    await page.close();
  });

  await t.test("a file over the limit clears the earlier diagnosis", async () => {
    const page = await app.open(DESKTOP);
    const kubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster: {server: 'https://k.example.com'}\nusers:\n- name: u\n  user: {token: abc}\ncontexts:\n- name: c\n  context: {cluster: k, user: u, namespace: ml}\n";
    await page.getByLabel("Kubeconfig", { exact: true }).fill(kubeconfig);
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    await diagnosis.getByText("c", { exact: true }).first().waitFor();
    await page.locator('#doctor input[type="file"]').first().setInputFiles({
      name: "huge.yaml", mimeType: "text/yaml", buffer: Buffer.alloc(5 * 1024 * 1024, 0x61),
    });
    await page.getByText(/huge\.yaml is larger than 4 MiB/).waitFor();
    assert.equal(await page.getByLabel("Kubeconfig", { exact: true }).inputValue(), "");
    await diagnosis.getByText(/Paste a kubeconfig above/).waitFor();
    await page.close();
  });

  await t.test("Copy link puts the page's address on the clipboard, typing included", async () => {
    const page = await app.open(DESKTOP, "#auth=custom");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.site.origin });
    // Copied at once after a keystroke, before the address bar follows the typing.
    await page.getByLabel("Namespace", { exact: true }).fill("team-copy");
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByText(/Link copied/).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /account\.namespace=team-copy/);
    assert.equal(copied, await app.settledUrl(page), "the address follows once typing pauses");
    // Typing is one history entry, a choice another: Back returns to the typed setup.
    await page.getByLabel("Namespace", { exact: true }).fill("team-copy2");
    await page.getByLabel(/^Minimum/).check();
    await page.goBack();
    await page.waitForFunction(() => location.hash.includes("account.namespace=team-copy2"));
    await app.settled(page);
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "team-copy2");
    await page.close();
  });

  await t.test("ticking launcher RBAC shows no error until the subject is touched, and the config stays", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel("Generate RBAC for the identity that launches").check();
    const subject = page.getByLabel("User or group name");
    await subject.waitFor();
    const manifest = page.getByRole("region", { name: "RBAC manifest" });
    await manifest.getByRole("button", { name: "Go to Launcher subject" }).waitFor();
    assert.equal(await manifest.locator("pre code").count(), 0, "the manifest waits for the subject");
    assert.match(await regionCode(page, "SkyPilot config"), /remote_identity: SERVICE_ACCOUNT/, "the config stays");
    assert.equal(await page.getByText(/Launcher user name is empty/).count(), 0, "no error before the field is touched");
    assert.equal(await subject.getAttribute("aria-invalid"), "false");
    assert.equal(await page.getByRole("heading", { name: /Fix the setup/ }).count(), 0);
    // Leaving the field (focus, then Tab away) touches it: its error shows.
    await subject.focus();
    await page.keyboard.press("Tab");
    await page.getByText(/Launcher user name is empty/).waitFor();
    assert.equal(await subject.getAttribute("aria-invalid"), "true");
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await seriousViolations(page), [], scheme);
    }
    await subject.fill("alice");
    await manifest.locator("pre code").getByText("alice").first().waitFor();
    await page.close();
  });

  await t.test("a blocked output's Go to button shows the problem and focuses the field", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel("Generate RBAC for the identity that launches").check();
    await page.getByRole("button", { name: "Go to Launcher subject" }).first().click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === "launcher-subject");
    await page.getByText(/Launcher user name is empty/).waitFor();
    await page.close();
  });

  await t.test("a share link with an empty name shows its error at once", async () => {
    const page = await app.open(DESKTOP, "#auth=custom&account.name=");
    await page.getByText(/Service account name is empty/).waitFor();
    assert.equal(await page.getByLabel("Service account name").getAttribute("aria-invalid"), "true");
    await page.getByRole("region", { name: "RBAC manifest" }).getByRole("button", { name: "Go to Service account name" }).waitFor();
    await page.close();
  });

  await t.test("a context that looks like a server URL or a file is warned about, not refused", async () => {
    const page = await app.open(DESKTOP);
    await page.getByLabel("These contexts:").check();
    const names = page.getByLabel("Allowed contexts", { exact: true });
    await names.fill("arn:aws:eks:us-west-2:123456789012:cluster/prod\nhttps://1.2.3.4:6443\n~/.kube/config");
    await page.getByText(/https:\/\/1\.2\.3\.4:6443.? looks like a server address/).waitFor();
    await page.getByText(/~\/\.kube\/config.? looks like a file path/).waitFor();
    assert.equal(await page.getByText(/arn:aws:eks.*looks like/).count(), 0, "an EKS ARN is a real name");
    assert.equal(await names.getAttribute("aria-invalid"), "false");
    assert.match(await names.getAttribute("aria-describedby"), /context-names-warnings/);
    const config = YAML.parse(await regionCode(page, "SkyPilot config"));
    assert.equal(config.kubernetes.allowed_contexts.length, 3, "a warning does not block the config");
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
