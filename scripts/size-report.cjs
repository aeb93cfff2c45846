// Reports the transfer size of everything the built page loads (raw, gzip -9, brotli -11),
// and checks the gzip total against the budget.
//
//   node scripts/size-report.cjs [DIST] [--budget-kb 250]
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const LOADED = /\.(html|js|wasm|css|svg)$/;

function sizeReport(dist) {
  const rows = fs
    .readdirSync(dist)
    .filter((name) => LOADED.test(name))
    .sort()
    .map((name) => {
      const body = fs.readFileSync(path.join(dist, name));
      return {
        file: name,
        raw: body.length,
        gzip: zlib.gzipSync(body, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
        }).length,
      };
    });
  const total = rows.reduce(
    (sum, row) => ({ file: "total", raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  return { rows, total };
}

function formatReport({ rows, total }) {
  const kb = (n) => (n / 1000).toFixed(1).padStart(8);
  const lines = [`${"file".padEnd(44)}${"raw KB".padStart(8)}${"gzip KB".padStart(9)}${"br KB".padStart(8)}`];
  for (const row of [...rows, total]) {
    lines.push(`${row.file.padEnd(44)}${kb(row.raw)}${kb(row.gzip).padStart(9)}${kb(row.brotli)}`);
  }
  return lines.join("\n");
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const budgetAt = args.indexOf("--budget-kb");
  const budgetKb = budgetAt === -1 ? 250 : Number(args.splice(budgetAt, 2)[1]);
  const dist = args[0] || "dist";
  const report = sizeReport(dist);
  console.log(formatReport(report));
  if (report.total.gzip > budgetKb * 1000) {
    console.error(`over budget: ${(report.total.gzip / 1000).toFixed(1)} KB gzip > ${budgetKb} KB`);
    process.exit(1);
  }
}

module.exports = { sizeReport, formatReport };
