//! Fuzz target: any bytes through the doctor's parser, diagnosis (for each journey), the
//! SkyPilot config reader (alone and beside the kubeconfig), the whole-file recommendation and
//! the path-less rewrite must end in a value or an error, never a panic, and quickly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skyauth::doctor::{
    diagnose_bytes, diagnose_config, parse_bytes, pathless_kubeconfig, read_sky_config, KubeconfigJourney,
    Recommendation,
};
use skyauth::setup::RemoteIdentity;

fuzz_target!(|data: &[u8]| {
    for journey in [
        KubeconfigJourney::default(),
        KubeconfigJourney::LocalCredentials,
        KubeconfigJourney::ApiServer,
        KubeconfigJourney::Launcher(RemoteIdentity::NoUpload),
    ] {
        if let Ok(diagnosis) = diagnose_bytes(data, &journey) {
            let _ = diagnosis.has_errors();
            let _ = Recommendation::of(&diagnosis).config();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        // The same bytes as a SkyPilot config, beside a small kubeconfig and beside themselves.
        if let Ok(sky) = read_sky_config(text) {
            let kubeconfig = b"apiVersion: v1\ncurrent-context: a\nclusters: [{name: c, cluster: {server: 'https://10.0.0.1'}}]\nusers: [{name: u, user: {exec: {command: /bin/aws, args: [eks, get-token]}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]\n";
            for config in [parse_bytes(kubeconfig), parse_bytes(data)].into_iter().flatten() {
                let diagnosis = diagnose_config(&config, &KubeconfigJourney::default(), Some(&sky));
                let _ = Recommendation::of(&diagnosis).config();
            }
        }
        if let Some(rewritten) = pathless_kubeconfig(text) {
            // The rewrite of a readable kubeconfig stays readable.
            if diagnose_bytes(data, &KubeconfigJourney::LocalCredentials).is_ok() {
                assert!(diagnose_bytes(rewritten.as_bytes(), &KubeconfigJourney::LocalCredentials).is_ok());
            }
        }
    }
});
