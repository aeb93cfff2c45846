// Starts the analysis worker (the doctor and the audit): loads wasm-bindgen's no-modules glue
// that trunk writes next to this file, then instantiates the worker's wasm. The page starts
// the worker from a one-line `blob:` script (so that it runs under the page's CSP) which sets
// `self.skyauthLoaderUrl` to this file's absolute URL, `skyauth-worker_loader.js?v=<content
// hash>`, and imports it; the glue and the wasm are fetched next to it with the same query, so
// a cache never pairs files of different builds. Started directly, it uses its own location.
const loaderUrl = new URL(self.skyauthLoaderUrl || self.location.href);
const version = loaderUrl.search;
importScripts(new URL(`./skyauth-worker.js${version}`, loaderUrl).href);
wasm_bindgen({ module_or_path: new URL(`./skyauth-worker_bg.wasm${version}`, loaderUrl).href }).catch((error) => {
  // A failed start (the wasm unreachable, offline) becomes an error event on the page's
  // Worker object, which tells the user, instead of a silent unhandled rejection here.
  setTimeout(() => {
    throw error;
  });
});
