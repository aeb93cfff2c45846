//! The one table that sets how much each pitfall of a kubeconfig matters on each journey
//! ([`judge`]), and which exec plugins SkyPilot's controllers install (`docs/skypilot-facts.md`
//! §6-7). Built on the journeys and the finding codes; neither of them imports it.

use super::auth::ExecProvider;
use super::finding::{FindingCode, Severity};
use super::journey::JourneyKind;

/// Something a context has that matters on some journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// An exec plugin SkyPilot's controllers install when its cloud is enabled.
    ExecControllersRun,
    /// Any other exec plugin.
    ExecOther,
    /// The exec command is a path.
    ExecPath,
    /// A legacy auth-provider kubectl 1.26 removed (gcp, azure).
    RemovedAuthProvider,
    /// The `oidc` auth-provider, still read by kubectl.
    OidcAuthProvider,
    FileReference,
    LocalhostServer,
    InsecureTls,
    NoNamespace,
    /// A context named `in-cluster`.
    InClusterName,
}

/// How much a check matters on each journey; `None`: not reported there.
struct Rule {
    check: Check,
    code: FindingCode,
    /// The kubeconfig stays with the launcher.
    launcher: Option<Severity>,
    /// The launcher's journey when the kubeconfig still travels to the controllers
    /// (allowed_contexts set, identity not NO_UPLOAD).
    launcher_travelling: Option<Severity>,
    local_credentials: Option<Severity>,
    api_server: Option<Severity>,
    /// What it means on each journey, appended to the finding's message.
    says: [&'static str; 4],
}

use Severity::{Error as E, Info as I, Warning as W};

const STAYS: &str = "That works: the kubeconfig stays on the machine that launches.";
const TRAVELS: &str = "allowed_contexts is set, so SkyPilot still uploads the kubeconfig to its controllers (only NO_UPLOAD prevents it), where this breaks.";
const IN_SERVER: &str = "The API server's pod uses the kubeconfig as it is and cannot use it.";

/// The journeys' rules, one row per check, one column per journey.
const RULES: &[Rule] = &[
    Rule {
        check: Check::ExecControllersRun,
        code: FindingCode::ExecAuth,
        launcher: Some(I),
        launcher_travelling: Some(W),
        local_credentials: Some(W),
        api_server: Some(E),
        says: [STAYS, TRAVELS, "SkyPilot's controllers install the plugin only when its cloud is enabled in `sky check`.", IN_SERVER],
    },
    Rule {
        check: Check::ExecOther,
        code: FindingCode::ExecAuth,
        launcher: Some(I),
        launcher_travelling: Some(W),
        local_credentials: Some(E),
        api_server: Some(E),
        says: [STAYS, TRAVELS, "Nothing installs this plugin in SkyPilot's pods, so the copied kubeconfig cannot log in there.", IN_SERVER],
    },
    Rule {
        check: Check::ExecPath,
        code: FindingCode::ExecAbsolutePath,
        launcher: Some(I),
        launcher_travelling: Some(I),
        local_credentials: Some(I),
        api_server: Some(E),
        says: [STAYS, "SkyPilot uploads the command by name.", "SkyPilot uploads the command by name, so the path does not matter.", "That path does not exist in the API server's pod."],
    },
    Rule {
        check: Check::RemovedAuthProvider,
        code: FindingCode::LegacyAuthProvider,
        launcher: Some(E),
        launcher_travelling: Some(E),
        local_credentials: Some(E),
        api_server: Some(E),
        says: ["kubectl 1.26+ and SkyPilot cannot log in with it."; 4],
    },
    Rule {
        check: Check::OidcAuthProvider,
        code: FindingCode::LegacyAuthProvider,
        launcher: Some(W),
        launcher_travelling: Some(W),
        local_credentials: Some(W),
        api_server: Some(W),
        says: ["kubectl still reads it, but it is deprecated in favour of exec plugins."; 4],
    },
    Rule {
        check: Check::FileReference,
        code: FindingCode::FileReference,
        launcher: Some(I),
        launcher_travelling: Some(W),
        local_credentials: Some(E),
        api_server: Some(E),
        says: [STAYS, TRAVELS, "The file is not copied into pods.", "The file is not in the API server's pod."],
    },
    Rule {
        check: Check::LocalhostServer,
        code: FindingCode::LocalhostServer,
        launcher: Some(I),
        launcher_travelling: Some(W),
        local_credentials: Some(E),
        api_server: Some(E),
        says: [STAYS, TRAVELS, "Inside a pod, localhost is the pod itself.", "Inside the API server's pod, localhost is the pod itself."],
    },
    Rule {
        check: Check::InsecureTls,
        code: FindingCode::InsecureTls,
        launcher: Some(W),
        launcher_travelling: Some(W),
        local_credentials: Some(W),
        api_server: Some(W),
        says: ["It works, but anyone on the path can impersonate the API server."; 4],
    },
    Rule {
        check: Check::NoNamespace,
        code: FindingCode::NoNamespace,
        launcher: Some(I),
        launcher_travelling: Some(I),
        local_credentials: Some(I),
        api_server: Some(I),
        says: ["Unless kubernetes.namespace says otherwise, SkyPilot launches in `default`."; 4],
    },
    Rule {
        check: Check::InClusterName,
        code: FindingCode::InClusterName,
        launcher: None,
        launcher_travelling: None,
        local_credentials: None,
        api_server: Some(W),
        says: ["", "", "", "SkyPilot's API server gives that name to the cluster it runs in, so the two collide."],
    },
];

/// How a check is reported on a journey: its code, severity and what it means there.
pub struct Judged {
    pub code: FindingCode,
    pub severity: Severity,
    pub says: &'static str,
}

/// True when a finding of `code` is worse for a launcher whose kubeconfig travels to the
/// controllers (allowed_contexts set, identity not NO_UPLOAD) than for one where it stays.
pub fn worse_when_travelling(code: FindingCode) -> bool {
    // Not reported, then info, warning, error (`Severity` orders the most severe first).
    let weight = |severity: Option<Severity>| match severity {
        None => 0,
        Some(I) => 1,
        Some(W) => 2,
        Some(E) => 3,
    };
    RULES
        .iter()
        .any(|rule| rule.code == code && weight(rule.launcher_travelling) > weight(rule.launcher))
}

/// The rule for `check` on `journey` (`travels`: the launcher's kubeconfig still reaches the
/// controllers); `None` when the journey does not care.
pub fn judge(check: Check, journey: JourneyKind, travels: bool) -> Option<Judged> {
    let rule = RULES.iter().find(|rule| rule.check == check)?;
    let (severity, says) = match (journey, travels) {
        (JourneyKind::Launcher, false) => (rule.launcher, rule.says[0]),
        (JourneyKind::Launcher, true) => (rule.launcher_travelling, rule.says[1]),
        (JourneyKind::LocalCredentials, _) => (rule.local_credentials, rule.says[2]),
        (JourneyKind::ApiServer, _) => (rule.api_server, rule.says[3]),
    };
    Some(Judged {
        code: rule.code,
        severity: severity?,
        says,
    })
}

/// The cloud to enable in `sky check` so SkyPilot's controllers install this exec plugin
/// (`skypilot-facts §7`): gke-gcloud-auth-plugin (GCP), `aws eks get-token` (AWS), the
/// Nebius CLI. Nothing installs aws-iam-authenticator, kubelogin, OIDC plugins or `oci`.
pub fn controllers_cloud(provider: ExecProvider, base_command: &str) -> Option<&'static str> {
    let base = base_command.trim_end_matches(".exe");
    match provider {
        ExecProvider::Gke => Some("GCP"),
        ExecProvider::Eks if base == "aws" => Some("AWS"),
        ExecProvider::Nebius => Some("Nebius"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_one_rule() {
        use Check::*;
        for check in [
            ExecControllersRun,
            ExecOther,
            ExecPath,
            RemovedAuthProvider,
            OidcAuthProvider,
            FileReference,
            LocalhostServer,
            InsecureTls,
            NoNamespace,
            InClusterName,
        ] {
            assert_eq!(
                RULES.iter().filter(|rule| rule.check == check).count(),
                1,
                "{check:?}"
            );
        }
    }

    #[test]
    fn only_the_aws_cli_counts_for_aws() {
        assert_eq!(controllers_cloud(ExecProvider::Eks, "aws"), Some("AWS"));
        assert_eq!(
            controllers_cloud(ExecProvider::Eks, "aws-iam-authenticator"),
            None
        );
        assert_eq!(
            controllers_cloud(ExecProvider::Gke, "gke-gcloud-auth-plugin"),
            Some("GCP")
        );
        assert_eq!(controllers_cloud(ExecProvider::Aks, "kubelogin"), None);
    }
}
