// What the page's wasm is made of: the release wasm as trunk's cargo step left it, run through
// wasm-bindgen and `wasm-opt -Oz` exactly like the shipped file but keeping the function
// names (`--keep-debug`, `-g`), then its code section attributed to crates and functions.
// The totals match the shipped wasm to within the size of the names.
//
//   make size            (builds dist/ first)
//   node scripts/wasm-breakdown.cjs [target/wasm32-unknown-unknown/release/skyauth-web.wasm] [--top 25]
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const TOP = topAt === -1 ? 25 : Number(args.splice(topAt, 2)[1]);
const INPUT = args[0] || "target/wasm32-unknown-unknown/release/skyauth-web.wasm";
const OUT = path.resolve("build/size");

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [value, at];
    shift += 7;
  }
}

/** Function sizes by index, imported function count, data size and function names. */
function parseWasm(bytes) {
  let at = 8;
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let data = 0;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    if (id === 2) {
      let count, p;
      [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(bytes, p); p += len; // module
        [len, p] = leb(bytes, p); p += len; // field
        const kind = bytes[p++];
        if (kind === 0) { imported++; [, p] = leb(bytes, p); }
        else if (kind === 1) { p++; const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 2) { const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p++; [, p] = leb(bytes, p); }
      }
    } else if (id === 10) {
      let count, p;
      [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        const start = p;
        let len;
        [len, p] = leb(bytes, p);
        p += len;
        bodies.push(p - start);
      }
    } else if (id === 11) {
      data = size;
    } else if (id === 0) {
      let len, p;
      [len, p] = leb(bytes, at);
      const name = bytes.subarray(p, p + len).toString("utf8");
      p += len;
      if (name === "name") {
        while (p < end) {
          const sub = bytes[p++];
          let subSize;
          [subSize, p] = leb(bytes, p);
          const subEnd = p + subSize;
          if (sub === 1) {
            let count, q = p;
            [count, q] = leb(bytes, q);
            for (let i = 0; i < count; i++) {
              let index, n;
              [index, q] = leb(bytes, q);
              [n, q] = leb(bytes, q);
              names.set(index, bytes.subarray(q, q + n).toString("utf8"));
              q += n;
            }
          }
          p = subEnd;
        }
      }
    }
    at = end;
  }
  return { imported, bodies, names, data };
}

/** A readable Rust path from a legacy-mangled symbol (`_ZN7skyauth5audit9audit_set17h..E`). */
function demangle(symbol) {
  if (!symbol.startsWith("_ZN")) return symbol;
  const parts = [];
  let at = 3;
  while (at < symbol.length && symbol[at] !== "E") {
    const digits = /^\d+/.exec(symbol.slice(at));
    if (!digits) break;
    at += digits[0].length;
    parts.push(symbol.slice(at, at + Number(digits[0])));
    at += Number(digits[0]);
  }
  if (/^h[0-9a-f]{16}$/.test(parts[parts.length - 1] || "")) parts.pop();
  return parts
    .join("::")
    .replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$RF\$/g, "&").replace(/\$BP\$/g, "*")
    .replace(/\$u20\$/g, " ").replace(/\$u27\$/g, "'").replace(/\$u5b\$/g, "[").replace(/\$u5d\$/g, "]")
    .replace(/\$u7b\$/g, "{").replace(/\$u7d\$/g, "}").replace(/\$C\$/g, ",").replace(/\.\./g, "::")
    .replace(/^_</, "<");
}

/** The crate a function belongs to: the first path in its name (`<yew::.. as ..>` is yew's). */
function crateOf(name) {
  const path = /([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  return path ? path[1] : "(other)";
}

function main() {
  if (!fs.existsSync(INPUT)) throw new Error(`${INPUT} is missing: run \`make dist\` first`);
  fs.mkdirSync(OUT, { recursive: true });
  const base = path.basename(INPUT, ".wasm");
  execFileSync("wasm-bindgen", ["--target", "web", "--keep-debug", "--out-dir", OUT, INPUT]);
  const named = path.join(OUT, `${base}-named.wasm`);
  execFileSync("wasm-opt", [
    "-Oz", "-g", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", path.join(OUT, `${base}_bg.wasm`), "-o", named,
  ]);
  const { imported, bodies, names, data } = parseWasm(fs.readFileSync(named));
  const functions = bodies.map((size, i) => ({ size, name: demangle(names.get(imported + i) || `func[${imported + i}]`) }));
  const code = functions.reduce((sum, f) => sum + f.size, 0);
  const byCrate = new Map();
  for (const f of functions) byCrate.set(crateOf(f.name), (byCrate.get(crateOf(f.name)) || 0) + f.size);
  const kb = (n) => (n / 1000).toFixed(1).padStart(7);
  const pct = (n) => `${((100 * n) / (code + data)).toFixed(1)}%`.padStart(6);
  console.log(`${base}: code ${kb(code)} KB in ${functions.length} functions, data ${kb(data)} KB (after wasm-opt -Oz, names kept)`);
  console.log("\nby crate");
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${kb(size)} KB ${pct(size)}  ${crate}`);
  }
  console.log(`${kb(data)} KB ${pct(data)}  (data: strings, tables)`);
  console.log(`\ntop ${TOP} functions`);
  for (const f of [...functions].sort((a, b) => b.size - a.size).slice(0, TOP)) {
    console.log(`${kb(f.size)} KB  ${f.name.length > 110 ? `${f.name.slice(0, 107)}...` : f.name}`);
  }
}

main();
