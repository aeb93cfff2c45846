// The local static server (`scripts/serve.cjs`, what `make serve` and every e2e test use)
// under hostile request paths (#22 item 17): a path that does not decode or names a NUL byte
// is answered 400, and the server keeps serving. No browser: raw HTTP requests.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { startServer } = require("../../scripts/serve.cjs");

/** GET `rawPath` exactly as written (no client-side normalisation): status and body. */
function get(origin, rawPath) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("hostile paths get 400 and the server keeps serving", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "skyauth-serve-"));
  fs.writeFileSync(path.join(root, "index.html"), "<p>ok</p>");
  const { server, origin } = await startServer({ root });
  try {
    for (const hostile of ["/%ZZ", "/index.html%00.js", "/%E0%A4%A", "/%00", "/a/%C0%AF"]) {
      const answer = await get(origin, hostile);
      assert.equal(answer.status, 400, hostile);
      // Still serving after each one.
      const page = await get(origin, "/");
      assert.equal(page.status, 200, `after ${hostile}`);
      assert.equal(page.body, "<p>ok</p>");
    }
    assert.equal((await get(origin, "/index.html%2500.js")).status, 404);
    assert.equal((await get(origin, "/..%2F..%2Fetc%2Fpasswd")).status, 403);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  }
});
