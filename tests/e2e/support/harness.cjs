// Shared e2e harness: serves the built dist/ on loopback, launches Debian's Chromium through
// playwright-core (never a downloaded browser), and records console errors, page errors and
// every network request so tests can assert that nothing leaves the page's own origin.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { startServer } = require("../../../scripts/serve.cjs");

const DIST = process.env.SKYAUTH_DIST || path.resolve(__dirname, "../../../dist");
const ARTIFACTS = process.env.SKYAUTH_ARTIFACTS || path.resolve(__dirname, "../../../build/e2e");
const { CHROMIUM, CHROMIUM_ARGS } = require("../../../scripts/chromium.cjs");

// Chromium warns that it ignores `integrity` on trunk's wasm preload (crbug.com/981419); the
// wasm itself is fetched by the loader, and every other asset's integrity is enforced.
const KNOWN_WARNINGS = ["The `integrity` attribute is currently ignored for preload destinations"];

/**
 * Starts the server and the browser; returns helpers and a `close()`. `policyHeader: false`
 * serves without the CSP header, as GitHub Pages does (only the page's `<meta>` policy).
 */
async function launch({ base = "/", policyHeader = true } = {}) {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error(`${DIST}/index.html is missing: build it with \`make dist\``);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const site = await startServer({ root: DIST, base, policyHeader });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skyauth-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const problems = [];
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));

  async function open(viewport = { width: 1440, height: 900 }, urlSuffix = "") {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    page.on("console", (msg) => {
      const text = msg.text();
      if (msg.type() === "error" || (msg.type() === "warning" && !KNOWN_WARNINGS.some((w) => text.includes(w)))) {
        problems.push(`console ${msg.type()}: ${text}`);
      }
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    await page.goto(site.url + urlSuffix);
    // Mounted, and a link's settings (read in the worker) applied: `<main aria-busy>` says so.
    await settled(page);
    return page;
  }

  /** Waits until the page is mounted and reads no link (`<main aria-busy="false">`). */
  async function settled(page) {
    await page.locator('main[aria-busy="false"]').waitFor();
  }

  /** Every request the browser made that did not go to the page's own origin. */
  function foreignRequests() {
    return requests.filter((url) => !url.startsWith(site.origin + "/") && !url.startsWith("blob:") && !url.startsWith("data:"));
  }

  async function screenshot(page, name) {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  /** Screenshots `page` at desktop and phone width (`NAME-desktop.png`, `NAME-phone.png`). */
  async function screenshotBoth(page, name) {
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await screenshot(page, `${name}-desktop`);
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, `${name}-phone`);
    await page.setViewportSize(viewport);
  }

  /** The page's address once typing's pause has passed and it stopped changing (the page
   * writes the URL after 250 ms without a keystroke). */
  async function settledUrl(page) {
    for (;;) {
      const url = page.url();
      await page.waitForTimeout(400);
      if (page.url() === url) return url;
    }
  }

  async function close() {
    await context.close();
    await new Promise((resolve) => site.server.close(resolve));
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  return { site, context, open, settled, problems, requests, foreignRequests, screenshot, screenshotBoth, settledUrl, close };
}

module.exports = { launch, DIST, ARTIFACTS };
