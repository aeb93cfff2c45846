// The browser benchmark of issue #6, against the release build in dist/ (it builds nothing:
// run `make dist` first, or `make bench`, which does). Headless Debian Chromium on loopback;
// every time is taken inside the page with performance.now(), never across the DevTools
// protocol.
//
//   node scripts/browser-bench.cjs [DIST] [--check]
//
// Measures
//   load to interactive   navigation start to the wizard's first input in the DOM (Yew has
//                         rendered and attached its listeners), 10 cold loads, each in a fresh
//                         browser context (empty cache)
//   link                  a share link opened cold: navigation start to its settings on screen
//                         (the worker, which reads links, started and answered), 10 loads
//   keystroke             an input event in the Namespace field to the RBAC manifest showing
//                         the new namespace (MutationObserver), 200 keystrokes, for a custom
//                         account with every feature on
//   doctor 1 MiB          a 1 MiB kubeconfig with 500 contexts of mixed auth kinds: the
//                         worker's time to diagnose it (its `skyauth:analysis` User Timing
//                         measure: parse, diagnose, encode the answer), and the time from the
//                         paste to the diagnosis on screen; 10 runs after one warm-up that also
//                         starts the worker (reported apart)
//   audit                 the same two times for a 1000-object RBAC export, 10 runs
// and prints one table (median, p95, min, max). With --check, exits 1 when a target is missed.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execSync } = require("node:child_process");
const { chromium } = require("playwright-core");
const { startServer } = require("./serve.cjs");
const { sizeReport, BUDGET_KB } = require("./size-report.cjs");

const args = process.argv.slice(2);
const check = args.includes("--check");
const DIST = path.resolve(args.find((a) => !a.startsWith("--")) || "dist");
const { CHROMIUM, CHROMIUM_ARGS: FLAGS } = require("./chromium.cjs");
const samples = require("./samples.cjs");

/** The analysis worker's own time for its latest answer (its User Timing measure). */
async function workerTime(page) {
  // The page's one worker, started from a blob: URL (so it runs under the page's policy).
  const worker = page.workers().find((w) => w.url().startsWith("blob:"));
  if (!worker) throw new Error("the analysis worker is not running");
  return worker.evaluate(() => performance.getEntriesByName("skyauth:analysis").pop().duration);
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { runs: sorted.length, median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Resolves with performance.now() when the first wizard input is in the DOM. */
const INTERACTIVE_PROBE = () => {
  window.__skyauthInteractive = new Promise((resolve) => {
    const found = () => document.querySelector("main input");
    const observer = new MutationObserver(() => {
      if (found()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
};

/** In the page: sets a field's value as one input event and resolves with the time until
 * `region` (a selector) contains `expected`. */
const TIMED_INPUT = async ({ field, region, expected }) => {
  const target = document.querySelector(field);
  const host = document.querySelector(region);
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`${region} never showed ${JSON.stringify(expected)}`)), 30000);
    const observer = new MutationObserver(() => {
      if (host.textContent.includes(expected)) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(host, { childList: true, subtree: true, characterData: true });
    const start = performance.now();
    target.value = window.__skyauthNext;
    target.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  });
};

async function main() {
  if (!fs.existsSync(path.join(DIST, "index.html"))) throw new Error(`${DIST}/index.html is missing: run \`make dist\``);
  const site = await startServer({ root: DIST, base: "/" });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const rows = [];
  const t0 = Date.now();
  try {
    // 1. Cold loads.
    const loads = [];
    for (let i = 0; i < 10; i++) {
      const context = await browser.newContext();
      await context.addInitScript(INTERACTIVE_PROBE);
      const page = await context.newPage();
      await page.goto(site.url);
      loads.push(await page.evaluate(() => window.__skyauthInteractive));
      // It accepts input: the first method's radio takes the keyboard and the output follows.
      await page.getByLabel(/Custom service account/).check();
      await page.getByRole("region", { name: "RBAC manifest" }).getByText("kind: ServiceAccount").waitFor();
      await context.close();
    }
    console.error(`loads done ${Date.now() - t0} ms`);
    rows.push({ metric: "load to interactive (cold)", ...stats(loads), targets: { median: 300 } });

    // 1b. Cold loads of a share link: the worker reads it (the page links no reader of links),
    // so its settings show once the worker has started and answered.
    const linkLoads = [];
    for (let i = 0; i < 10; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.url}#auth=custom&account.namespace=team-a&features.ingress=true`);
      await page.locator('main[aria-busy="false"]').waitFor();
      await page.getByRole("region", { name: "RBAC manifest" }).getByText("namespace: team-a").first().waitFor();
      linkLoads.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    rows.push({ metric: "link: navigation to its settings (cold)", ...stats(linkLoads) });

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.getByLabel(/Custom service account/).check();
    // The heaviest output: the minimum profile with every optional group and both extras.
    await page.getByLabel(/^Minimum/).check();
    const features = page.getByRole("group", { name: "Features", exact: true });
    for (const box of await features.getByRole("checkbox").all()) await box.check();

    // 2. Keystrokes in the Namespace field (every feature on).
    const keystrokes = [];
    let value = "ns-z";
    for (let i = 0; i < 200; i++) {
      value = value.length >= 40 ? "ns-z" : value + "abcdefghij"[i % 10];
      await page.evaluate((next) => { window.__skyauthNext = next; }, value);
      keystrokes.push(await page.evaluate(TIMED_INPUT, {
        field: "#namespace",
        region: "#output",
        expected: `namespace: ${value}\n`,
      }));
    }
    console.error(`keystrokes done ${Date.now() - t0} ms`);
    rows.push({ metric: "keystroke to manifest (all features)", ...stats(keystrokes), targets: { median: 4, p95: 16 } });

    // 3. The doctor on 1 MiB / 500 contexts; two files alternate so every paste changes the page.
    const files = ["ctx-", "other-"].map((prefix) => samples.kubeconfig({ bytes: 1024 * 1024, contexts: 500, prefix }));
    const doctor = [];
    const doctorWasm = [];
    let firstUse = null;
    for (let i = 0; i < 11; i++) {
      const text = files[i % 2];
      await page.evaluate((next) => { window.__skyauthNext = next; }, text);
      const ms = await page.evaluate(TIMED_INPUT, {
        field: "#kubeconfig",
        region: "#doctor",
        expected: `${i % 2 ? "other-" : "ctx-"}0current`,
      });
      if (i === 0) firstUse = ms;
      else {
        doctor.push(ms);
        doctorWasm.push(await workerTime(page));
      }
    }
    console.error(`doctor done ${Date.now() - t0} ms`);
    const megabytes = (files[0].length / 1024 / 1024).toFixed(2);
    rows.push({ metric: `doctor ${megabytes} MiB/500 ctx, in wasm`, ...stats(doctorWasm), targets: { median: 50 } });
    rows.push({ metric: `doctor ${megabytes} MiB/500 ctx, paste to screen`, ...stats(doctor) });
    rows.push({ metric: "doctor first use (starts worker)", ...stats([firstUse]) });

    // 4. The audit on a 1000-object export, for the service account the exports name.
    await page.getByLabel("Subject", { exact: true }).fill("default/sky-sa");
    const exports = ["default", "ns0"].map((subjectNamespace) => samples.rbacExport({ objects: 1000, subjectNamespace }));
    const audits = [];
    const auditWasm = [];
    for (let i = 0; i < 11; i++) {
      await page.evaluate((next) => { window.__skyauthNext = next; }, exports[i % 2]);
      const ms = await page.evaluate(TIMED_INPUT, {
        field: "#existing-rbac",
        region: "#audit",
        expected: i % 2 ? "No binding names this subject." : "Bindings naming it: RoleBinding rb0 in ns0, RoleBinding rb1 in ns1,",
      });
      if (i > 0) {
        audits.push(ms);
        auditWasm.push(await workerTime(page));
      }
    }
    const kib = (exports[0].length / 1024).toFixed(0);
    rows.push({ metric: `audit ${kib} KiB/1000 objects, in wasm`, ...stats(auditWasm) });
    rows.push({ metric: `audit ${kib} KiB/1000 objects, paste to screen`, ...stats(audits) });
    await context.close();
  } finally {
    await browser.close();
    await new Promise((resolve) => site.server.close(resolve));
  }

  const size = sizeReport(DIST);
  const cpu = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) || [])[1] || "unknown CPU";
  let chromiumVersion = "";
  try { chromiumVersion = execSync(`${CHROMIUM} --version`, { encoding: "utf8" }).trim(); } catch { /* reported as blank */ }
  console.log(`machine: ${os.cpus().length} cores, ${cpu}; ${chromiumVersion}; node ${process.version}`);
  console.log(`page size: first load ${(size.firstLoad.gzip / 1000).toFixed(1)} KB gzip (${(size.firstLoad.brotli / 1000).toFixed(1)} KB brotli), budget ${BUDGET_KB}; ` +
    `worker on first use ${(size.onDemand.gzip / 1000).toFixed(1)} KB gzip (${(size.onDemand.brotli / 1000).toFixed(1)} KB brotli)`);
  const ms = (n) => n.toFixed(n < 10 ? 2 : 1).padStart(8);
  console.log(`${"metric".padEnd(38)}${"runs".padStart(5)}${"median".padStart(8)}${"p95".padStart(8)}${"min".padStart(8)}${"max".padStart(8)}  target (ms)`);
  let missed = 0;
  for (const row of rows) {
    const verdict = Object.entries(row.targets || {})
      .map(([by, limit]) => {
        const ok = row[by] < limit;
        if (!ok) missed++;
        return `${by} < ${limit}: ${ok ? "met" : "MISSED"}`;
      })
      .join(", ");
    console.log(`${row.metric.padEnd(38)}${String(row.runs).padStart(5)}${ms(row.median)}${ms(row.p95)}${ms(row.min)}${ms(row.max)}  ${verdict}`);
  }
  if (check && missed > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
