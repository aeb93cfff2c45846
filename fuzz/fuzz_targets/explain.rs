//! Fuzz target: any bytes through `explain` (the scan, the catalogue matching, the patch, both
//! reports) must end in a value or an error, never a panic; and a patch must read back as RBAC.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skyauth::explain::{explain, json_report, text_report, ExplainRequest};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let request = ExplainRequest::default();
    let Ok(explanation) = explain(text, &request) else { return };
    let _ = text_report(&explanation, &request);
    json_report(&explanation, &request).expect("the JSON report writes");
    if let Some(patch) = &explanation.patch {
        skyauth::audit::parse_rbac(patch).expect("the patch reads back as RBAC");
    }
});
