// The one place the test browser is chosen: webdriver.json, which wasm-bindgen-test-runner
// reads for the wasm tier. Playwright (the e2e tier, the browser benchmark, the README
// screenshots) takes the same binary and flags from here; Playwright sets headless itself.
"use strict";
const options = require("../webdriver.json")["goog:chromeOptions"];

const CHROMIUM = process.env.SKYAUTH_CHROMIUM || options.binary;
const CHROMIUM_ARGS = options.args.filter((arg) => !arg.startsWith("--headless"));

module.exports = { CHROMIUM, CHROMIUM_ARGS };
