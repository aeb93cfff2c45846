// Teams (SkyPilot workspaces, #24) through the page, by accessible names: the two
// teams on both journeys, built as tests/integration/teams.rs builds them with edits; the
// config or Helm values and each team's RBAC file equal the golden files the CLI's flags give
// (tests/golden/teams-*); downloads are named after the file; a share link reopens the teams;
// an invalid team namespace shows its error and "Go to" focuses it; axe; a phone width; a
// team's own values in one context (tests/integration/teams_per_context.rs's golden files);
// two teams sharing an account get the shared file, as the CLI writes it from the page's config;
// with teams, hardened namespaces are offered and each team's namespace gets its steps.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { launch } = require("./support/harness.cjs");
const { seriousViolations } = require("./support/axe.cjs");

const DESKTOP = { width: 1440, height: 1000 };
const PHONE = { width: 375, height: 800 };
const GOLDEN = path.join(__dirname, "..", "golden");
const SKYAUTH = process.env.SKYAUTH_CLI
  || path.join(process.env.CARGO_TARGET_DIR || path.join(__dirname, "..", "..", "target"), "debug", "skyauth");

function golden(file) {
  return fs.readFileSync(path.join(GOLDEN, file), "utf8");
}

async function regionCode(page, name) {
  return page.getByRole("region", { name, exact: true }).locator("pre code").innerText();
}

/// Adds a team (named team-1 at first), names it and fills its settings.
async function addTeam(page, index, name, context, namespace, identity) {
  const steps = page.getByRole("region", { name: "Teams", exact: true });
  await steps.getByRole("button", { name: "Add a team" }).click();
  const team = steps.getByRole("group", { name: "Team team-1", exact: true });
  const rename = team.getByLabel("Team name", { exact: true });
  await rename.fill(name);
  await rename.press("Enter");
  const group = steps.getByRole("group", { name: `Team ${name}`, exact: true });
  const contexts = group.getByLabel("Contexts", { exact: true });
  await contexts.fill(context);
  await contexts.press("Enter");
  await group.getByLabel("Namespace", { exact: true }).fill(namespace);
  await group.getByLabel("Identity (remote_identity)", { exact: true }).fill(identity);
}

/// The elements wider than the viewport (code blocks and tables scroll on their own).
async function overflowing(page) {
  return page.evaluate(() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest("pre, .table-wrap"))
    .slice(0, 5).map((e) => `${e.tagName}.${e.className}#${e.id}: ${Math.round(e.getBoundingClientRect().right)}`));
}

async function contexts(page) {
  await page.getByLabel("These contexts:").check();
  await page.getByLabel("Allowed contexts", { exact: true }).fill("gke-prod\neks-prod");
}

test("teams, end to end", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);

  await t.test("the laptop journey: the config and each team's file are the CLI's", async () => {
    await contexts(page);
    await page.getByLabel("Generate RBAC for the identity that launches").check();
    await page.getByLabel("User or group name", { exact: true }).fill("alice@example.com");
    await addTeam(page, 0, "research", "gke-prod", "ml-research", "research-sa");
    await addTeam(page, 1, "prod", "eks-prod", "ml-prod", "SERVICE_ACCOUNT");
    assert.equal(await regionCode(page, "SkyPilot config"), golden("teams-cli.config.yaml"));
    for (const [title, file] of [["RBAC for team prod", "team-prod-rbac.yaml"],
      ["RBAC for team research", "team-research-rbac.yaml"], ["RBAC for all teams", "all-teams-rbac.yaml"]]) {
      assert.equal(await regionCode(page, title), golden(`teams-cli.${file}`), title);
    }
    await page.getByText("kubectl --context gke-prod apply -f team-research-rbac.yaml").waitFor();
    await app.screenshotBoth(page, "70-teams-laptop");
  });

  await t.test("a team's file downloads under its own name", async () => {
    const region = page.getByRole("region", { name: "RBAC for team research", exact: true });
    const [download] = await Promise.all([page.waitForEvent("download"),
      region.getByRole("button", { name: "Download" }).click()]);
    assert.equal(download.suggestedFilename(), "team-research-rbac.yaml");
    assert.equal(fs.readFileSync(await download.path(), "utf8"), golden("teams-cli.team-research-rbac.yaml"));
  });

  await t.test("a share link reopens the teams", async () => {
    const url = await app.settledUrl(page);
    assert.match(url, /teams\.research\.namespace=ml-research/);
    const other = await app.open(DESKTOP, url.slice(url.indexOf("#")));
    const group = other.getByRole("group", { name: "Team prod", exact: true });
    assert.equal(await group.getByLabel("Namespace", { exact: true }).inputValue(), "ml-prod");
    assert.equal(await regionCode(other, "SkyPilot config"), golden("teams-cli.config.yaml"));
    await other.close();
  });

  await t.test("an invalid team namespace says so, and Go to focuses it", async () => {
    const group = page.getByRole("group", { name: "Team prod", exact: true });
    const field = group.getByLabel("Namespace", { exact: true });
    await field.fill("Bad_NS");
    await field.blur();
    await group.getByText(/Namespace of team prod Bad_NS is not a valid namespace/).waitFor();
    await page.getByRole("button", { name: "Go to Namespace of team prod" }).first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "team-namespace-0");
    await field.fill("ml-prod");
    assert.equal(await regionCode(page, "SkyPilot config"), golden("teams-cli.config.yaml"));
  });

  await t.test("a name another team has is refused beside the field", async () => {
    const rename = page.getByRole("group", { name: "Team prod", exact: true }).getByLabel("Team name", { exact: true });
    await rename.fill("research");
    await rename.press("Enter");
    await page.getByText(/Another team is named research: choose another name/).waitFor();
    await rename.fill("prod");
    await rename.press("Enter");
  });

  await t.test("no serious accessibility problems, and it fits a phone", async () => {
    assert.deepEqual(await seriousViolations(page), []);
    const url = await app.settledUrl(page);
    const phone = await app.open(PHONE, url.slice(url.indexOf("#")));
    await phone.getByRole("region", { name: "RBAC for team prod", exact: true }).waitFor();
    const wide = await overflowing(phone);
    await phone.getByRole("region", { name: "Teams", exact: true }).scrollIntoViewIfNeeded();
    await app.screenshot(phone, "71-teams-phone");
    assert.deepEqual(wide, [], "no horizontal scrolling at 375 px");
    await phone.close();
  });

  await t.test("the Helm journey: the values and each team's file are the CLI's", async () => {
    const helm = await app.open(DESKTOP);
    await helm.getByRole("radio", { name: /Helm/ }).check();
    await helm.getByLabel("Use the cluster the server runs in").uncheck();
    await helm.getByLabel("Reach other clusters through a kubeconfig secret").check();
    await contexts(helm);
    await addTeam(helm, 0, "research", "gke-prod", "ml-research", "research-sa");
    await addTeam(helm, 1, "prod", "eks-prod", "ml-prod", "SERVICE_ACCOUNT");
    assert.equal(await regionCode(helm, "Helm values"), golden("teams-helm.config.yaml"));
    for (const [title, file] of [["RBAC for team prod", "team-prod-rbac.yaml"],
      ["RBAC for team research", "team-research-rbac.yaml"], ["RBAC for all teams", "all-teams-rbac.yaml"]]) {
      assert.equal(await regionCode(helm, title), golden(`teams-helm.${file}`), title);
    }
    await app.screenshotBoth(helm, "72-teams-helm");
    assert.deepEqual(await seriousViolations(helm), []);
    await helm.close();
  });

  await t.test("a team's own values in one context: the config and its file are the CLI's", async () => {
    const one = await app.open(DESKTOP);
    await contexts(one);
    await one.getByLabel("Generate RBAC for the identity that launches").check();
    await one.getByLabel("User or group name", { exact: true }).fill("alice@example.com");
    const steps = one.getByRole("region", { name: "Teams", exact: true });
    await steps.getByRole("button", { name: "Add a team" }).click();
    const rename = steps.getByRole("group", { name: "Team team-1", exact: true }).getByLabel("Team name", { exact: true });
    await rename.fill("research");
    await rename.press("Enter");
    const group = steps.getByRole("group", { name: "Team research", exact: true });
    await group.getByLabel("Namespace", { exact: true }).fill("ml-research");
    await group.getByLabel("Identity (remote_identity)", { exact: true }).fill("research-sa");
    // The team inherits the section's two contexts: one row each, folded away at first.
    await group.getByText("Per context (2)").click();
    await group.getByLabel("Namespace in eks-prod", { exact: true }).fill("ml-research-eks");
    await group.getByLabel("Identity in eks-prod", { exact: true }).fill("NO_UPLOAD");
    assert.equal(await regionCode(one, "SkyPilot config"), golden("teams-per-context.config.yaml"));
    assert.equal(await regionCode(one, "RBAC for team research"), golden("teams-per-context.team-research-rbac.yaml"));
    await group.locator("details").scrollIntoViewIfNeeded();
    await app.screenshotBoth(one, "73-teams-per-context");
    assert.deepEqual(await seriousViolations(one), []);

    // An invalid value in one context says so beside it, and Go to focuses it.
    const field = group.getByLabel("Namespace in gke-prod", { exact: true });
    await field.fill("Bad_NS");
    await field.blur();
    await group.getByText(/Namespace of team research in gke-prod Bad_NS is not a valid namespace/).waitFor();
    await one.getByRole("button", { name: "Go to Namespace of team research in gke-prod" }).first().click();
    assert.equal(await one.evaluate(() => document.activeElement.id), "team-context-namespace-0-0");
    await field.fill("");
    assert.equal(await regionCode(one, "SkyPilot config"), golden("teams-per-context.config.yaml"));

    // A share link carries the values, and reopens them unfolded.
    const url = await app.settledUrl(one);
    const again = await app.open(DESKTOP, url.slice(url.indexOf("#")));
    const reopened = again.getByRole("group", { name: "Team research", exact: true });
    assert.equal(await reopened.getByLabel("Namespace in eks-prod", { exact: true }).inputValue(), "ml-research-eks");
    assert.equal(await regionCode(again, "SkyPilot config"), golden("teams-per-context.config.yaml"));
    await again.setViewportSize(PHONE);
    assert.deepEqual(await overflowing(again), [], "no horizontal scrolling at 375 px");
    await again.close();
    await one.close();
  });

  await t.test("what two teams share is in its own file, applied first, as the CLI writes it", async () => {
    const shared = await app.open(DESKTOP);
    await contexts(shared);
    await addTeam(shared, 0, "research", "gke-prod", "ml-research", "research-sa");
    await addTeam(shared, 1, "research-2", "gke-prod", "ml-research", "research-sa");
    const region = shared.getByRole("region", { name: "RBAC the teams share", exact: true });
    await region.getByText(/What teams research, research-2 all need/).waitFor();
    const text = await regionCode(shared, "RBAC the teams share");
    assert.match(text, /kind: ServiceAccount\n[^]*name: research-sa\n  namespace: ml-research/);
    // Both teams need the same objects: neither has a file of its own, and each says why.
    const own = shared.getByRole("region", { name: "RBAC for team research", exact: true });
    await own.getByText(/Nothing of team `research`'s own to apply/).waitFor();
    assert.equal(await own.locator("pre code").count(), 0);
    // The shared file is the teams' first step, before any team's own.
    const steps = await shared.locator(".steps-list > li").allInnerTexts();
    const at = steps.findIndex((step) => /First apply what the teams share, teams-shared-rbac\.yaml/.test(step));
    assert.ok(at >= 0, steps.join("\n---\n"));
    assert.match(steps[at], /kubectl --context gke-prod apply -f teams-shared-rbac\.yaml/);
    assert.ok(steps.slice(0, at).every((step) => !/--workspace|team-.*-rbac\.yaml/.test(step)), steps.join("\n---\n"));
    // The CLI, given the page's config, writes the same shared file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skyauth-e2e-shared-"));
    const config = path.join(dir, "config.yaml");
    fs.writeFileSync(config, await regionCode(shared, "SkyPilot config"));
    execFileSync(SKYAUTH, ["rbac", "--workspace-config", config, "--out-dir", dir], { stdio: "pipe" });
    assert.equal(text, fs.readFileSync(path.join(dir, "teams-shared-rbac.yaml"), "utf8"));
    assert.equal(fs.existsSync(path.join(dir, "team-research-rbac.yaml")), false);
    fs.rmSync(dir, { recursive: true, force: true });
    await region.scrollIntoViewIfNeeded();
    await app.screenshot(shared, "74-teams-shared");
    assert.deepEqual(await seriousViolations(shared), []);
    await shared.close();
  });

  await t.test("with teams, hardened namespaces are offered and each team's namespace gets its steps", async () => {
    const hardened = await app.open(DESKTOP);
    // SkyPilot's own account with no launcher RBAC: the section generates nothing to harden.
    const group = hardened.getByRole("group", { name: "Hardened namespaces", exact: true });
    assert.equal(await group.count(), 0);
    await contexts(hardened);
    await addTeam(hardened, 0, "research", "gke-prod", "ml-research", "research-sa");
    await group.getByLabel("Pod Security labels", { exact: true }).check();
    await group.getByLabel("OpenShift", { exact: true }).check();
    // In the team's context: the namespace is on that context's cluster.
    await hardened.getByText("kubectl --context gke-prod label --overwrite namespace ml-research pod-security.kubernetes.io/enforce=baseline").waitFor();
    await hardened.getByText("kubectl --context gke-prod auth can-i use securitycontextconstraints.security.openshift.io/anyuid --as=system:serviceaccount:ml-research:research-sa -n ml-research").waitFor();
    await hardened.getByText("kubectl --context gke-prod get namespace ml-research -L pod-security.kubernetes.io/enforce").waitFor();
    // The team's file binds its account to the SCC, as the CLI writes it from the page's config.
    const text = await regionCode(hardened, "RBAC for team research");
    assert.match(text, /name: research-sa-scc-anyuid/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skyauth-e2e-hardened-"));
    const config = path.join(dir, "config.yaml");
    fs.writeFileSync(config, await regionCode(hardened, "SkyPilot config"));
    execFileSync(SKYAUTH, ["rbac", "--workspace-config", config, "--openshift", "--pod-security-labels", "--out-dir", dir], { stdio: "pipe" });
    assert.equal(text, fs.readFileSync(path.join(dir, "team-research-rbac.yaml"), "utf8"));
    fs.rmSync(dir, { recursive: true, force: true });
    await hardened.locator(".steps-list").scrollIntoViewIfNeeded();
    await app.screenshot(hardened, "75-teams-hardened");
    assert.deepEqual(await seriousViolations(hardened), []);
    await hardened.close();
  });

  await t.test("no console errors and no requests beyond the page's own files", () => {
    assert.deepEqual(app.problems, []);
    assert.deepEqual(app.foreignRequests(), []);
  });
});
