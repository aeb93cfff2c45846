// Runs an axe-core accessibility audit in a page. The page's CSP forbids injected script
// tags, so axe's source is evaluated through the DevTools protocol (page.evaluate), which CSP
// does not govern; the page's own policy stays in force for everything else.
"use strict";
const fs = require("node:fs");

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Returns axe's violations of impact "serious" or "critical", WCAG 2.2 AA included: axe
 * ships its one WCAG 2.2 AA rule, `target-size` (2.5.8, 24 px targets), switched off, so it is
 * switched on here. */
async function seriousViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

module.exports = { seriousViolations };
