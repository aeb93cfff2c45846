//! Build script: records the git commit the binary is built from, as `skyauth --version`
//! prints it (`SKYAUTH_GIT_COMMIT`): the environment's value when set (a release workflow sets
//! it), else `git rev-parse --short=12 HEAD`, else `unknown` (a source archive without git).

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=SKYAUTH_GIT_COMMIT");
    println!("cargo:rerun-if-changed=.git/HEAD");
    if let Ok(head) = std::fs::read_to_string(".git/HEAD") {
        if let Some(reference) = head.strip_prefix("ref: ") {
            println!("cargo:rerun-if-changed=.git/{}", reference.trim());
        }
    }
    let commit = std::env::var("SKYAUTH_GIT_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .or_else(|| {
            let output = Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .output()
                .ok()?;
            let commit = String::from_utf8(output.stdout).ok()?;
            (output.status.success() && !commit.trim().is_empty()).then(|| commit.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=SKYAUTH_GIT_COMMIT={commit}");
}
