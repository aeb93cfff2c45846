//! Where admins already work: the version line (the commit, the SkyPilot releases skyauth
//! writes for), the kubectl plugin name (`kubectl skyauth ...` runs the binary as
//! `kubectl-skyauth`), the kubeconfig kubectl itself would read when none is named, and
//! kubectl's `--context` as the doctor and verify take it.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use skyauth::release::{SkyPilotVersion, FIRST_NIGHTLY};

/// The name kubectl looks for on `PATH` to run `kubectl skyauth`.
pub const PLUGIN_NAME: &str = "kubectl-skyauth";

/// Whether the binary was started under the plugin's name (`argv[0]`), `.exe` or not.
pub fn is_kubectl_plugin(argv0: &OsStr) -> bool {
    Path::new(argv0)
        .file_stem()
        .is_some_and(|stem| stem == PLUGIN_NAME)
}

/// `-V`: the version and the commit it was built from.
pub fn version() -> String {
    format!(
        "{} (commit {})",
        env!("CARGO_PKG_VERSION"),
        env!("SKYAUTH_GIT_COMMIT")
    )
}

/// `--version`: also the SkyPilot releases it writes for.
pub fn long_version() -> String {
    format!(
        "{}\nwrites for SkyPilot {} by default (--skypilot-version): releases {} to {}, and \
         nightlies {} to {}",
        version(),
        SkyPilotVersion::LATEST,
        SkyPilotVersion::OLDEST,
        SkyPilotVersion::LATEST,
        SkyPilotVersion::Nightly(FIRST_NIGHTLY),
        SkyPilotVersion::NIGHTLY,
    )
}

/// The kubeconfig kubectl reads when none is named: the first entry of `$KUBECONFIG` (a list,
/// which kubectl merges; skyauth reads one file), else `~/.kube/config`.
pub fn default_kubeconfig(kubeconfig: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(list) = kubeconfig.filter(|list| !list.is_empty()) {
        return std::env::split_paths(&list).find(|path| !path.as_os_str().is_empty());
    }
    home.map(|home| home.join(".kube").join("config"))
}

/// The --context values (`doctor`, `verify`), each a name kubectl can be given.
pub fn contexts_flag(contexts: &[String]) -> Result<(), String> {
    match contexts.iter().find(|context| context.trim().is_empty()) {
        Some(_) => Err("--context: a context's name cannot be empty".to_owned()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plugin_name_is_recognised_with_or_without_exe_and_a_directory() {
        for name in [
            "kubectl-skyauth",
            "/usr/local/bin/kubectl-skyauth",
            "kubectl-skyauth.exe",
        ] {
            assert!(is_kubectl_plugin(OsStr::new(name)), "{name}");
        }
        for name in ["skyauth", "/bin/kubectl-skyauth-old", "kubectl"] {
            assert!(!is_kubectl_plugin(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn the_default_kubeconfig_is_kubectls() {
        let home = Some(PathBuf::from("/home/a"));
        assert_eq!(
            default_kubeconfig(None, home.clone()),
            Some(PathBuf::from("/home/a/.kube/config"))
        );
        assert_eq!(
            default_kubeconfig(Some("".into()), home.clone()),
            Some(PathBuf::from("/home/a/.kube/config"))
        );
        let list = std::env::join_paths(["/x/one", "/x/two"]).unwrap();
        assert_eq!(
            default_kubeconfig(Some(list), home),
            Some(PathBuf::from("/x/one"))
        );
        assert_eq!(default_kubeconfig(None, None), None);
    }

    #[test]
    fn the_long_version_names_the_commit_and_the_releases() {
        let text = long_version();
        assert!(text.starts_with(env!("CARGO_PKG_VERSION")), "{text}");
        assert!(text.contains("(commit ") && text.contains("0.14.1") && text.contains("0.10.0"));
    }
}
