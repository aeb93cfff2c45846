//! Fuzz target: any bytes through the doctor's parser, diagnosis (for two intents) and the
//! path-less rewrite must end in a value or an error, never a panic, and quickly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skyauth::doctor::{diagnose_bytes, pathless_kubeconfig};
use skyauth::setup::RemoteIdentity;

fuzz_target!(|data: &[u8]| {
    for intended in [RemoteIdentity::LocalCredentials, RemoteIdentity::ServiceAccount] {
        if let Ok(diagnosis) = diagnose_bytes(data, &intended) {
            let _ = diagnosis.has_errors();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(rewritten) = pathless_kubeconfig(text) {
            // The rewrite of a readable kubeconfig stays readable.
            if diagnose_bytes(data, &RemoteIdentity::LocalCredentials).is_ok() {
                assert!(diagnose_bytes(rewritten.as_bytes(), &RemoteIdentity::LocalCredentials).is_ok());
            }
        }
    }
});
