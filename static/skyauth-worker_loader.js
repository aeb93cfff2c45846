// Starts the analysis worker (the doctor and the audit): loads wasm-bindgen's no-modules glue
// that trunk writes next to this file, then instantiates the worker's wasm. The page starts
// this file as `skyauth-worker_loader.js?v=<content hash>`; the same query goes on the glue and
// the wasm, so a cache never pairs files of different builds.
const version = self.location.search;
importScripts(`./skyauth-worker.js${version}`);
wasm_bindgen({ module_or_path: `./skyauth-worker_bg.wasm${version}` }).catch((error) => {
  // A failed start (the wasm unreachable, offline) becomes an error event on the page's
  // Worker object, which tells the user, instead of a silent unhandled rejection here.
  setTimeout(() => {
    throw error;
  });
});
