//! Release packaging (#26 items 1-2, `scripts/release.sh`, run by the release workflow): an
//! archive per target holds `skyauth` and the same binary as `kubectl-skyauth`, both of which
//! run and answer as themselves; Windows gets a zip with `.exe`; the site is zipped; SHA256SUMS
//! lists every archive with its real digest; the krew manifest is filled for every platform,
//! and refuses to be written while one is missing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn release(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(root().join("scripts/release.sh"))
        .args(args)
        .env("SKYAUTH_VERSION", "v9.8.7");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run scripts/release.sh")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn archives_sums_and_the_krew_manifest() {
    let dir = std::env::temp_dir().join(format!("skyauth-release-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let out = dir.join("out");
    fs::create_dir_all(&out).unwrap();
    let real = PathBuf::from(env!("CARGO_BIN_EXE_skyauth"));
    // A stand-in for the binaries of other platforms (they cannot run here anyway).
    let stand_in = dir.join("stand-in");
    fs::write(&stand_in, "#!/bin/sh\necho stand-in\n").unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&stand_in)
        .status()
        .unwrap();
    let linux = "x86_64-unknown-linux-musl";
    ok(&release(
        &["binary", linux, out.to_str().unwrap()],
        &[("SKYAUTH_BINARY", &real)],
    ));
    for target in [
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        ok(&release(
            &["binary", target, out.to_str().unwrap()],
            &[("SKYAUTH_BINARY", &stand_in)],
        ));
    }
    // The Linux archive: both names, and each runs as itself.
    let unpacked = dir.join("unpacked");
    fs::create_dir_all(&unpacked).unwrap();
    let archive = out.join(format!("skyauth-v9.8.7-{linux}.tar.gz"));
    ok(&Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked)
        .output()
        .unwrap());
    let version = ok(&Command::new(unpacked.join("skyauth"))
        .arg("--version")
        .output()
        .unwrap());
    assert!(version.starts_with("skyauth "), "{version}");
    let help = ok(&Command::new(unpacked.join("kubectl-skyauth"))
        .arg("--help")
        .output()
        .unwrap());
    assert!(help.contains("Usage: kubectl skyauth"), "{help}");
    assert!(unpacked.join("README.md").is_file());
    // One member picked out, as the README's quick start does.
    let picked = dir.join("picked");
    fs::create_dir_all(&picked).unwrap();
    ok(&Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&picked)
        .arg("kubectl-skyauth")
        .output()
        .unwrap());
    assert!(picked.join("kubectl-skyauth").is_file());
    // Windows: a zip with .exe names.
    let listing = ok(&Command::new("python3")
        .args(["-m", "zipfile", "-l"])
        .arg(out.join("skyauth-v9.8.7-x86_64-pc-windows-msvc.zip"))
        .output()
        .unwrap());
    assert!(
        listing.contains("kubectl-skyauth.exe") && listing.contains("skyauth.exe"),
        "{listing}"
    );
    // Before every platform has a sum, no manifest.
    ok(&release(&["sums", out.to_str().unwrap()], &[]));
    let site = dir.join("site");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("index.html"), "<!doctype html>").unwrap();
    ok(&release(
        &["site", out.to_str().unwrap()],
        &[("SKYAUTH_DIST", &site)],
    ));
    assert!(out.join("skyauth-site-v9.8.7.zip").is_file());
    ok(&release(&["sums", out.to_str().unwrap()], &[]));
    let sums = fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), 6, "{sums}");
    for line in sums.lines() {
        let (digest, file) = line.split_once("  ").expect("DIGEST  FILE");
        assert_eq!(digest, sha256(&out.join(file)), "{file}");
    }
    let manifest = ok(&release(
        &["krew", out.to_str().unwrap(), "https://example.com/dl"],
        &[],
    ));
    assert!(!manifest.contains("{{"), "{manifest}");
    assert!(manifest.contains("version: \"v9.8.7\""));
    assert_eq!(manifest.matches("bin: kubectl-skyauth").count(), 5);
    let linux_sum = sha256(&archive);
    assert!(
        manifest.contains(&format!(
        "uri: \"https://example.com/dl/skyauth-v9.8.7-{linux}.tar.gz\"\n    sha256: \"{linux_sum}\""
    )),
        "{manifest}"
    );
    // A platform's archive missing: refused, naming it.
    fs::remove_file(out.join("skyauth-v9.8.7-x86_64-apple-darwin.tar.gz")).unwrap();
    ok(&release(&["sums", out.to_str().unwrap()], &[]));
    let refused = release(
        &["krew", out.to_str().unwrap(), "https://example.com/dl"],
        &[],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("x86_64-apple-darwin"));
    let _ = fs::remove_dir_all(&dir);
}
