// A small static file server for the built page: loopback only, correct MIME types (wasm
// needs application/wasm), an optional sub-path like the one GitHub Pages uses, and the page's
// Content-Security-Policy as a header with `frame-ancestors 'none'` (what a host that can send
// headers should send; see docs/hosting.md's headers).
//
//   node scripts/serve.cjs [DIR] [--port 8080] [--base /skyauth/]
//
// The e2e tests start it in-process with `startServer`.
"use strict";
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The page's policy as a header: what its `<meta>` CSP says (so the two cannot drift), plus
 * `frame-ancestors 'none'`, which only a header can carry (a meta policy ignores it): no other
 * page may frame skyauth. `X-Frame-Options` says the same to browsers older than CSP 2.
 */
function securityHeaders(rootDir) {
  let html = "";
  try {
    html = fs.readFileSync(path.join(rootDir, "index.html"), "utf8");
  } catch {
    // No page (yet): the strictest policy.
  }
  const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1] ?? "default-src 'none'";
  return {
    "content-security-policy": `${meta}; frame-ancestors 'none'`,
    "x-frame-options": "DENY",
  };
}

const STATUS_TEXT = { 400: "bad request", 403: "forbidden", 404: "not found" };

/**
 * The file a request names under `rootDir`, or the status that answers it instead: 400 for a
 * URL that does not decode (`/%ZZ`) or names a NUL byte (`/index.html%00.js`, which the file
 * system would refuse by throwing), 404 outside the base path, 403 outside `rootDir`. Never throws: one hostile
 * request must not stop the server.
 */
function requestedFile(requestUrl, rootDir, prefix) {
  let pathname;
  try {
    pathname = new URL(requestUrl, "http://localhost").pathname;
  } catch {
    return { status: 400 };
  }
  if (!pathname.startsWith(prefix)) return { status: 404 };
  let rel;
  try {
    rel = decodeURIComponent(pathname.slice(prefix.length)) || "index.html";
  } catch {
    return { status: 400 };
  }
  if (rel.includes("\0")) return { status: 400 };
  const file = path.resolve(rootDir, rel);
  if (!file.startsWith(rootDir + path.sep) && file !== rootDir) return { status: 403 };
  return { path: file };
}

/** `policyHeader: false` serves like a host that sends no headers (GitHub Pages), for tests. */
function startServer({ root, port = 0, base = "/", host = "127.0.0.1", policyHeader = true }) {
  const rootDir = path.resolve(root);
  const prefix = base.endsWith("/") ? base : `${base}/`;
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const file = requestedFile(req.url, rootDir, prefix);
    if (file.status) {
      res.writeHead(file.status).end(STATUS_TEXT[file.status]);
      return;
    }
    serveFile(file.path, res);
  });
  function serveFile(file, res) {
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end("not found");
        return;
      }
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] || "application/octet-stream",
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        ...(policyHeader ? securityHeaders(rootDir) : {}),
      });
      res.end(body);
    });
  }
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, requests, origin: `http://${host}:${actual}`, url: `http://${host}:${actual}${prefix}` });
    });
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    if (i === -1) return fallback;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const port = Number(option("--port", "8080"));
  const base = option("--base", "/");
  const root = args[0] || "dist";
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`serve: ${root}/index.html not found; run \`make dist\` first`);
    process.exit(2);
  }
  startServer({ root, port, base }).then(
    ({ url }) => console.log(`skyauth is served at ${url}  (Ctrl-C to stop)`),
    (err) => {
      console.error(`serve: ${err.message}`);
      process.exit(1);
    },
  );
}

module.exports = { startServer, securityHeaders, requestedFile };
