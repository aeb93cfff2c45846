// Starts the analysis worker (the doctor and the audit): loads wasm-bindgen's no-modules glue
// that trunk writes next to this file, then instantiates the worker's wasm.
importScripts("./skyauth-worker.js");
wasm_bindgen({ module_or_path: "./skyauth-worker_bg.wasm" });
