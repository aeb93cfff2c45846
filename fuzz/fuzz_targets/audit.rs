//! Fuzz target: any bytes through the RBAC audit (parse, evaluate for a service account and a
//! group, excess warnings, patch) must end in a value or an error, never a panic; and a patch,
//! added to the input it was made for, must close every gap it was made for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skyauth::audit::{audit, parse_rbac_bytes, AuditRequest, Subject};

fuzz_target!(|data: &[u8]| {
    let Ok(_) = parse_rbac_bytes(data) else { return };
    let Ok(text) = std::str::from_utf8(data) else { return };
    let subjects = [
        Subject::ServiceAccount { namespace: "team".into(), name: "sky-sa".into() },
        Subject::Group("system:authenticated".into()),
    ];
    for subject in subjects {
        let request = AuditRequest::new(subject, skyauth::catalogue::Feature::ALL.to_vec());
        let Ok(result) = audit(text, &request) else { continue };
        if let Some(patch) = &result.patch {
            let patched = audit(&format!("{text}\n---\n{patch}"), &request)
                .expect("input plus patch reads");
            assert!(patched.all_selected_granted(), "the patch closes every gap");
        }
    }
});
