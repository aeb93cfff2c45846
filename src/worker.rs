//! The analysis worker: a second wasm module the page starts on first use. It answers each
//! message with [`skyauth::analysis::handle`], off the page's main thread, and says `ready`
//! once it listens (messages sent before that would be lost).
//!
//! Each answer's time is recorded with the User Timing API as the measure
//! `skyauth:analysis` (only the latest is kept), which the browser benchmark reads.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

const MARK: &str = "skyauth:analysis-start";
const MEASURE: &str = "skyauth:analysis";

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let timing = reply_to.performance();
        if let Some(timing) = &timing {
            timing.clear_measures();
            let _ = timing.mark(MARK);
        }
        let message = event.data().as_string().unwrap_or_default();
        // An empty reply tells the page its message did not decode.
        let reply = skyauth::analysis::handle(&message).unwrap_or_default();
        if let Some(timing) = &timing {
            let _ = timing.measure_with_start_mark(MEASURE, MARK);
        }
        let _ = reply_to.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(skyauth::analysis::READY));
}
