//! Findings: one problem or remark about a kubeconfig (or the SkyPilot config beside it), with
//! a stable code, a severity, the context it concerns, a plain message and a fix. Each code's
//! fix is written here, once ([`FindingCode::fix`]), for each face that shows it ([`Face`]): the
//! terminal's fixes name CLI commands and placeholders, the page's name its own controls and the
//! real names the finding concerns.

use std::fmt;

use serde::Serialize;

use super::journey::JourneyKind;
use crate::terminal_text::has_unsafe_chars;

/// The stable codes of the doctor's findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingCode {
    ExecAuth,
    ExecAbsolutePath,
    LegacyAuthProvider,
    FileReference,
    LocalhostServer,
    InsecureTls,
    NoContexts,
    MissingCurrentContext,
    UnknownCurrentContext,
    DanglingCluster,
    DanglingUser,
    DuplicateName,
    NoNamespace,
    ExtraDocuments,
    InvalidBase64,
    /// `kubectl config view` output: secrets replaced by `DATA+OMITTED` / `REDACTED`.
    Redacted,
    /// A context of SkyPilot's own SSH Node Pools (`ssh-<pool>`).
    SshNodePool,
    /// A context named `in-cluster` in an API server's kubeconfig.
    InClusterName,
    /// A context, cluster or user name with a control, bidirectional or zero-width character
    /// ([`crate::terminal_text::is_unsafe_on_terminal`]).
    UnsafeName,
    /// `~/.sky/config.yaml`: the old per-context mapping under `remote_identity`.
    ConfigIdentityMapping,
    /// `~/.sky/config.yaml`: a `remote_identity` keyword in the wrong case.
    ConfigKeywordCase,
    /// `~/.sky/config.yaml`: an allowed context that the kubeconfig lacks.
    ConfigMissingContext,
    /// `~/.sky/config.yaml`: `ports: nodeport`.
    ConfigNodeport,
    /// `~/.sky/config.yaml`: a key SkyPilot does not know under `kubernetes:`.
    ConfigUnknownKey,
    /// `~/.sky/config.yaml`: a `kubernetes:` key at the top level.
    ConfigMisplacedKey,
    /// `~/.sky/config.yaml`: a key or keyword the chosen SkyPilot release lacks.
    ConfigNeedsNewerSkypilot,
    /// `~/.sky/config.yaml`: a key SkyPilot does not know under `workspaces.<ws>`, its
    /// `kubernetes:` or one of its `context_configs`.
    ConfigWorkspaceUnknownKey,
    /// `~/.sky/config.yaml`: a workspace key or keyword the chosen SkyPilot release lacks (its
    /// own `namespace` and `remote_identity` before 0.13.0).
    ConfigWorkspaceNeedsNewerSkypilot,
    /// `~/.sky/config.yaml`: a keyword in the wrong case in a workspace's `remote_identity`.
    ConfigWorkspaceKeywordCase,
    /// `~/.sky/config.yaml`: a workspace's allowed context that the kubeconfig lacks.
    ConfigWorkspaceMissingContext,
}

impl FindingCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::ExecAuth => "exec-auth",
            FindingCode::ExecAbsolutePath => "exec-absolute-path",
            FindingCode::LegacyAuthProvider => "legacy-auth-provider",
            FindingCode::FileReference => "file-reference",
            FindingCode::LocalhostServer => "localhost-server",
            FindingCode::InsecureTls => "insecure-tls",
            FindingCode::NoContexts => "no-contexts",
            FindingCode::MissingCurrentContext => "missing-current-context",
            FindingCode::UnknownCurrentContext => "unknown-current-context",
            FindingCode::DanglingCluster => "dangling-cluster",
            FindingCode::DanglingUser => "dangling-user",
            FindingCode::DuplicateName => "duplicate-name",
            FindingCode::NoNamespace => "no-namespace",
            FindingCode::ExtraDocuments => "extra-documents",
            FindingCode::InvalidBase64 => "invalid-base64",
            FindingCode::Redacted => "redacted",
            FindingCode::SshNodePool => "ssh-node-pool",
            FindingCode::InClusterName => "in-cluster-name",
            FindingCode::UnsafeName => "unsafe-name",
            FindingCode::ConfigIdentityMapping => "config-identity-mapping",
            FindingCode::ConfigKeywordCase => "config-keyword-case",
            FindingCode::ConfigMissingContext => "config-missing-context",
            FindingCode::ConfigNodeport => "config-nodeport",
            FindingCode::ConfigUnknownKey => "config-unknown-key",
            FindingCode::ConfigMisplacedKey => "config-misplaced-key",
            FindingCode::ConfigNeedsNewerSkypilot => "config-needs-newer-skypilot",
            FindingCode::ConfigWorkspaceUnknownKey => "config-workspace-unknown-key",
            FindingCode::ConfigWorkspaceNeedsNewerSkypilot => {
                "config-workspace-needs-newer-skypilot"
            }
            FindingCode::ConfigWorkspaceKeywordCase => "config-workspace-keyword-case",
            FindingCode::ConfigWorkspaceMissingContext => "config-workspace-missing-context",
        }
    }

    /// What the finding is about, in words: the page shows this, not the code (the CLI and
    /// JSON keep the code, which scripts match).
    pub fn title(self) -> &'static str {
        match self {
            FindingCode::ExecAuth => "Exec plugin",
            FindingCode::ExecAbsolutePath => "Exec command by absolute path",
            FindingCode::LegacyAuthProvider => "Legacy auth provider",
            FindingCode::FileReference => "Credentials in files",
            FindingCode::LocalhostServer => "Server on localhost",
            FindingCode::InsecureTls => "TLS verification skipped",
            FindingCode::NoContexts => "No contexts",
            FindingCode::MissingCurrentContext => "No current context",
            FindingCode::UnknownCurrentContext => "Unknown current context",
            FindingCode::DanglingCluster => "Missing cluster",
            FindingCode::DanglingUser => "Missing user",
            FindingCode::DuplicateName => "Duplicate name",
            FindingCode::NoNamespace => "No namespace",
            FindingCode::ExtraDocuments => "Several YAML documents",
            FindingCode::InvalidBase64 => "Undecodable base64",
            FindingCode::Redacted => "Redacted credentials",
            FindingCode::SshNodePool => "SkyPilot SSH Node Pool",
            FindingCode::InClusterName => "Context named in-cluster",
            FindingCode::UnsafeName => "Invisible or control characters in a name",
            FindingCode::ConfigIdentityMapping => "Old per-context identity mapping",
            FindingCode::ConfigKeywordCase => "Keyword in the wrong case",
            FindingCode::ConfigMissingContext => "Allowed context not in the kubeconfig",
            FindingCode::ConfigNodeport => "Unsupported ports value",
            FindingCode::ConfigUnknownKey => "Unknown key",
            FindingCode::ConfigMisplacedKey => "Key outside kubernetes:",
            FindingCode::ConfigNeedsNewerSkypilot => "Needs a newer SkyPilot",
            FindingCode::ConfigWorkspaceUnknownKey => "Unknown key in a workspace",
            FindingCode::ConfigWorkspaceNeedsNewerSkypilot => {
                "Workspace key needs a newer SkyPilot"
            }
            FindingCode::ConfigWorkspaceKeywordCase => "Keyword in the wrong case in a workspace",
            FindingCode::ConfigWorkspaceMissingContext => "Workspace context not in the kubeconfig",
        }
    }

    /// The fix for this code in `situation`, as `face` shows it: every fix text of the doctor
    /// is here.
    pub fn fix(self, situation: &Situation, face: Face) -> String {
        if face == Face::Page {
            if let Some(text) = self.page_fix(situation) {
                return text;
            }
        }
        self.cli_fix(situation)
    }

    /// The page's own fix where the terminal's names a placeholder or a `skyauth` command; `None`
    /// where both read the same.
    fn page_fix(self, situation: &Situation) -> Option<String> {
        use JourneyKind::{ApiServer, Launcher, LocalCredentials};
        let names = &situation.names;
        let context = names.context.filter(|name| !has_unsafe_chars(name));
        let text = match (self, situation.journey) {
            (FindingCode::ExecAuth | FindingCode::ExecAbsolutePath, ApiServer) => {
                format!("Give the API server static credentials: a token kubeconfig. To write one, {PAGE_TOKEN_HOW}")
            }
            (FindingCode::ExecAbsolutePath, LocalCredentials) => {
                "Nothing to do: SkyPilot uploads exec commands by name (its converter); “Download path-less kubeconfig” shows what it uploads.".to_owned()
            }
            (FindingCode::ExecAbsolutePath, Launcher) => {
                "Nothing to do for SkyPilot; if you share the file, share the one “Download path-less kubeconfig” writes: it names the command without its path.".to_owned()
            }
            (FindingCode::FileReference, ApiServer) => format!(
                "Inline it as data (kubectl config view --raw --flatten > flat-kubeconfig), or use a token kubeconfig. To write one, {PAGE_TOKEN_HOW}"
            ),
            (FindingCode::LocalhostServer, ApiServer) => format!(
                "Use an address the API server's pod reaches (https://kubernetes.default.svc when it runs in that cluster), in a token kubeconfig. To write one, {PAGE_TOKEN_HOW}"
            ),
            (FindingCode::NoContexts, _) => match (names.cluster, names.user) {
                (Some(cluster), Some(user))
                    if !has_unsafe_chars(cluster) && !has_unsafe_chars(user) =>
                {
                    format!("Add a context that joins the file's cluster and user: `kubectl config set-context {cluster} --cluster={cluster} --user={user}`.")
                }
                _ => "Add a cluster, a user and a context that joins them (`kubectl config set-cluster`, `set-credentials`, `set-context`), or export the kubeconfig again from your cloud's CLI.".to_owned(),
            },
            (FindingCode::MissingCurrentContext | FindingCode::UnknownCurrentContext, _) => {
                match names.first_context.filter(|name| !has_unsafe_chars(name)) {
                    Some(first) if names.several_contexts => format!("Pick one of the contexts in the table, for example: `kubectl config use-context {first}`."),
                    Some(first) => format!("Set it to the file's context: `kubectl config use-context {first}`."),
                    None => "Pick one of the contexts in the table with `kubectl config use-context`.".to_owned(),
                }
            }
            (FindingCode::NoNamespace, _) => {
                let context = context.unwrap_or("<context>");
                format!("To launch elsewhere, set kubernetes.namespace or context_configs.{context}.namespace (the Contexts step writes it) in ~/.sky/config.yaml (SkyPilot 0.13.0+; older releases reject that key: set the context's namespace instead, `kubectl config set-context {context} --namespace=<namespace>`).")
            }
            (FindingCode::InClusterName, _) => {
                let new_name = names
                    .cluster
                    .filter(|name| *name != "in-cluster" && !has_unsafe_chars(name))
                    .unwrap_or("my-cluster");
                format!("Rename the context (`kubectl config rename-context in-cluster {new_name}`): the API server calls the cluster it runs in `in-cluster`.")
            }
            (FindingCode::UnsafeName, _) => {
                "Rename it without them in the kubeconfig (a context with `kubectl config rename-context`, its name copied from the file, then the new name), then use the new name in SkyPilot's config.".to_owned()
            }
            (FindingCode::ConfigIdentityMapping, _) => {
                let per_context = match context {
                    Some(context) => format!("context_configs.{context}.remote_identity"),
                    None => "context_configs.<context>.remote_identity for the contexts that differ".to_owned(),
                };
                format!("Write a default and per-context values instead (SkyPilot 0.10.0+): kubernetes.remote_identity: SERVICE_ACCOUNT, and {per_context}; the Contexts step writes both.")
            }
            _ => return None,
        };
        Some(text)
    }

    /// The terminal's fix (and the JSON's): CLI commands, placeholders for names.
    fn cli_fix(self, situation: &Situation) -> String {
        use JourneyKind::{ApiServer, Launcher, LocalCredentials};
        let travels = situation.travels;
        let text: &str = match (self, situation.journey) {
            (FindingCode::ExecAuth, Launcher) if !travels => {
                "Nothing to do for SkyPilot: the plugin runs where you launch. To share the kubeconfig with others or an API server, generate a token kubeconfig instead."
            }
            (FindingCode::ExecAuth, Launcher) => {
                return match situation.cloud {
                    Some(cloud) => format!("Enable {cloud} in `sky check` so SkyPilot's controllers can run the plugin, or set remote_identity: NO_UPLOAD (SkyPilot 0.11.2+) so the kubeconfig is not uploaded."),
                    None => "Set remote_identity: NO_UPLOAD (SkyPilot 0.11.2+) so the kubeconfig is not uploaded, or give the controllers static credentials: a service-account token kubeconfig.".to_owned(),
                };
            }
            (FindingCode::ExecAuth, LocalCredentials) => {
                return match situation.cloud {
                    Some(cloud) => format!("Enable {cloud} in `sky check`: SkyPilot then installs the plugin on its controllers and ships {cloud} credentials. Or use remote_identity: SERVICE_ACCOUNT."),
                    None => "Use remote_identity: SERVICE_ACCOUNT (or a custom service account from the RBAC generator): nothing installs this plugin in SkyPilot's pods.".to_owned(),
                };
            }
            (FindingCode::ExecAuth | FindingCode::ExecAbsolutePath, ApiServer) => TOKEN_KUBECONFIG,
            (FindingCode::ExecAbsolutePath, LocalCredentials) => {
                "Nothing to do: SkyPilot uploads exec commands by name (its converter); `skyauth doctor --pathless` shows what it uploads."
            }
            (FindingCode::ExecAbsolutePath, Launcher) => {
                "Nothing to do for SkyPilot; `skyauth doctor --pathless` writes the command by name if you share the file."
            }
            (FindingCode::LegacyAuthProvider, _) if situation.removed_provider => {
                "Switch to the provider's exec plugin (gke-gcloud-auth-plugin, kubelogin) or a token: kubectl 1.26+ and SkyPilot cannot use this auth-provider."
            }
            (FindingCode::LegacyAuthProvider, _) => {
                "Move to an exec plugin (kubectl oidc-login) or a token: kubectl still reads the `oidc` auth-provider, but it is deprecated."
            }
            (FindingCode::FileReference, Launcher) if !travels => {
                "Nothing to do for SkyPilot; to share the kubeconfig, inline the files: kubectl config view --raw --flatten > flat-kubeconfig."
            }
            (FindingCode::FileReference, ApiServer) => {
                "Inline it as data (kubectl config view --raw --flatten > flat-kubeconfig), or generate a token kubeconfig with skyauth's custom-account script (`skyauth rbac ... --token-secret` and the kubeconfig script on the page)."
            }
            (FindingCode::FileReference, _) => {
                "Inline it as data: kubectl config view --raw --flatten > flat-kubeconfig."
            }
            (FindingCode::LocalhostServer, Launcher) if !travels => {
                "Nothing to do for SkyPilot: the machine that launches reaches it."
            }
            (FindingCode::LocalhostServer, Launcher) => {
                "Set remote_identity: NO_UPLOAD (SkyPilot 0.11.2+) so the kubeconfig is not uploaded, or use an address the controllers reach."
            }
            (FindingCode::LocalhostServer, LocalCredentials) => {
                "Use the cluster's in-cluster address (https://kubernetes.default.svc), or remote_identity: SERVICE_ACCOUNT."
            }
            (FindingCode::LocalhostServer, ApiServer) => {
                "Use an address the API server's pod reaches (https://kubernetes.default.svc when it runs in that cluster), in a token kubeconfig generated with skyauth's custom-account script (`skyauth rbac ... --token-secret` and the kubeconfig script on the page)."
            }
            (FindingCode::InsecureTls, _) => {
                "Set certificate-authority-data to the cluster's CA and remove insecure-skip-tls-verify."
            }
            (FindingCode::NoContexts, _) => {
                "Add a context: kubectl config set-context NAME --cluster=CLUSTER --user=USER."
            }
            (FindingCode::MissingCurrentContext, _) => "Pick one: kubectl config use-context NAME.",
            (FindingCode::UnknownCurrentContext, _) => {
                "Pick an existing one: kubectl config use-context NAME."
            }
            (FindingCode::DanglingCluster, _) => {
                "Add that cluster under `clusters:`, or point the context at an existing one."
            }
            (FindingCode::DanglingUser, _) => {
                "Add that user under `users:`, or point the context at an existing one."
            }
            (FindingCode::DuplicateName, _) => "Rename or remove one of them.",
            (FindingCode::NoNamespace, _) => {
                "To launch elsewhere, set kubernetes.namespace or context_configs.<ctx>.namespace in ~/.sky/config.yaml (SkyPilot 0.13.0+; older releases reject that key: set the context's namespace instead, kubectl config set-context NAME --namespace=NS)."
            }
            (FindingCode::ExtraDocuments, _) => {
                "Keep one kubeconfig per file; to combine several, merge them: `KUBECONFIG=a:b kubectl config view --flatten`."
            }
            (FindingCode::InvalidBase64, _) => {
                "Paste the value as `base64 -w0` prints the PEM file, or export a working kubeconfig again: `kubectl config view --raw --flatten`."
            }
            (FindingCode::Redacted, _) => {
                "Paste the kubeconfig itself, or `kubectl config view --raw` (add `--flatten` to inline file paths): plain `kubectl config view` hides the credentials."
            }
            (FindingCode::SshNodePool, _) => {
                "Nothing to do: `sky ssh up` writes and manages these contexts."
            }
            (FindingCode::InClusterName, _) => {
                "Rename the context (kubectl config rename-context in-cluster NAME): the API server calls the cluster it runs in `in-cluster`."
            }
            (FindingCode::UnsafeName, _) => {
                "Rename it without them (for a context: kubectl config rename-context OLD NEW), then use the new name in SkyPilot's config."
            }
            (FindingCode::ConfigIdentityMapping, _) => {
                "Write a default and per-context values instead (SkyPilot 0.10.0+): kubernetes.remote_identity: SERVICE_ACCOUNT, and context_configs.<ctx>.remote_identity for the contexts that differ (`skyauth config --context-identity CTX=VALUE`)."
            }
            (FindingCode::ConfigKeywordCase, _) => {
                "Write the keyword in upper case (SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD): SkyPilot compares it literally and reads anything else as a service account name."
            }
            (FindingCode::ConfigMissingContext, _) => {
                "Add the context to the kubeconfig (SkyPilot reads ~/.kube/config, or $KUBECONFIG), or remove it from allowed_contexts."
            }
            (FindingCode::ConfigNodeport, _) => {
                "Use `ports: loadbalancer` (the default), `ingress` or `podip`: SkyPilot's schema refuses `nodeport`."
            }
            (FindingCode::ConfigUnknownKey, _) => {
                "Correct or remove the key: a client ignores it silently, an API server refuses the whole config."
            }
            (FindingCode::ConfigMisplacedKey, _) => {
                "Move it under `kubernetes:`; at the top level SkyPilot refuses the file (or, on old releases, ignores the key)."
            }
            (FindingCode::ConfigNeedsNewerSkypilot, _) => {
                "Remove it, or upgrade SkyPilot to the release the message names; check the SkyPilot version chosen here is the one you run (`sky --version`)."
            }
            (FindingCode::ConfigWorkspaceUnknownKey, _) => {
                "Correct or remove the key: directly under a workspace SkyPilot refuses the whole config, on a client too; under the workspace's `kubernetes:` a client ignores it silently and an API server refuses the config."
            }
            (FindingCode::ConfigWorkspaceNeedsNewerSkypilot, _) => {
                "Remove it from the workspace, so the team inherits the `kubernetes:` section's value, or upgrade SkyPilot to the release the message names; check the SkyPilot version chosen here is the one you run (`sky --version`)."
            }
            (FindingCode::ConfigWorkspaceKeywordCase, _) => {
                "Write the workspace's keyword in upper case (SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD): SkyPilot compares it literally and reads anything else as a service account name, which the team's pods then fail to find."
            }
            (FindingCode::ConfigWorkspaceMissingContext, _) => {
                "Add the context to the kubeconfig (SkyPilot reads ~/.kube/config, or $KUBECONFIG), or remove it from that workspace's allowed_contexts: the team cannot launch there."
            }
        };
        text.to_owned()
    }
}

/// The fix an API server's kubeconfig needs: static credentials skyauth can generate.
const TOKEN_KUBECONFIG: &str = "Give the API server static credentials: generate a token kubeconfig with skyauth's custom-account script (`skyauth rbac ... --token-secret` and the kubeconfig script on the page).";

/// How the page writes a token kubeconfig ([`TOKEN_KUBECONFIG`] on the terminal), in the
/// names of its own controls and headings.
const PAGE_TOKEN_HOW: &str = "under “Where does SkyPilot run?” (Helm) tick “Reach other clusters through a kubeconfig secret”, or choose “Custom service account” with “Long-lived token secret”; then run the kubeconfig script under “Your configuration”.";

/// Where a fix is shown: the terminal (and JSON) or the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    /// `skyauth doctor`'s text and JSON: CLI commands, `NAME` placeholders.
    Cli,
    /// The page: its own controls in words, the finding's real names.
    Page,
}

/// The names a finding's fix can use instead of placeholders (the page's face does).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Names<'a> {
    /// The context the finding concerns.
    pub context: Option<&'a str>,
    /// That context's cluster, or the file's first cluster for a file without contexts.
    pub cluster: Option<&'a str>,
    /// The file's first user, for a file without contexts.
    pub user: Option<&'a str>,
    /// The file's first context, for a missing or unknown current context.
    pub first_context: Option<&'a str>,
    /// The file has more than one context.
    pub several_contexts: bool,
}

/// What a fix depends on besides its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Situation<'a> {
    pub journey: JourneyKind,
    /// The kubeconfig reaches SkyPilot's controllers although the journey keeps it with the
    /// launcher (allowed_contexts set, identity not NO_UPLOAD).
    pub travels: bool,
    /// The cloud whose enabling makes SkyPilot's controllers run an exec plugin.
    pub cloud: Option<&'static str>,
    /// A legacy auth-provider that kubectl 1.26 removed (gcp, azure), not `oidc`.
    pub removed_provider: bool,
    /// The names the page's fix uses.
    pub names: Names<'a>,
}

impl Situation<'_> {
    pub fn new(journey: JourneyKind) -> Situation<'static> {
        Situation {
            journey,
            travels: false,
            cloud: None,
            removed_provider: false,
            names: Names::default(),
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// The context it concerns, or `None` for the whole file.
    pub context: Option<String>,
    pub message: String,
    /// The fix as the terminal and JSON show it ([`Face::Cli`]).
    pub fix: String,
    /// The fix as the page shows it ([`Face::Page`]).
    #[serde(skip)]
    pub page_fix: String,
}

impl Finding {
    /// A finding with its code's fixes for `situation`, on both faces; `context` is also the
    /// context the page's fix names, unless `situation` names one.
    pub fn new(
        code: FindingCode,
        severity: Severity,
        context: Option<&str>,
        message: String,
        situation: &Situation,
    ) -> Finding {
        let situation = Situation {
            names: Names {
                context: situation.names.context.or(context),
                ..situation.names
            },
            ..*situation
        };
        Finding {
            code,
            severity,
            context: context.map(str::to_owned),
            message,
            fix: code.fix(&situation, Face::Cli),
            page_fix: code.fix(&situation, Face::Page),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [FindingCode; 30] = [
        FindingCode::ExecAuth,
        FindingCode::ExecAbsolutePath,
        FindingCode::LegacyAuthProvider,
        FindingCode::FileReference,
        FindingCode::LocalhostServer,
        FindingCode::InsecureTls,
        FindingCode::NoContexts,
        FindingCode::MissingCurrentContext,
        FindingCode::UnknownCurrentContext,
        FindingCode::DanglingCluster,
        FindingCode::DanglingUser,
        FindingCode::DuplicateName,
        FindingCode::NoNamespace,
        FindingCode::ExtraDocuments,
        FindingCode::InvalidBase64,
        FindingCode::Redacted,
        FindingCode::SshNodePool,
        FindingCode::InClusterName,
        FindingCode::UnsafeName,
        FindingCode::ConfigIdentityMapping,
        FindingCode::ConfigKeywordCase,
        FindingCode::ConfigMissingContext,
        FindingCode::ConfigNodeport,
        FindingCode::ConfigUnknownKey,
        FindingCode::ConfigMisplacedKey,
        FindingCode::ConfigNeedsNewerSkypilot,
        FindingCode::ConfigWorkspaceUnknownKey,
        FindingCode::ConfigWorkspaceNeedsNewerSkypilot,
        FindingCode::ConfigWorkspaceKeywordCase,
        FindingCode::ConfigWorkspaceMissingContext,
    ];

    const NAMES: Names<'static> = Names {
        context: Some("prod"),
        cluster: Some("gke-prod"),
        user: Some("alice"),
        first_context: Some("prod"),
        several_contexts: true,
    };

    fn every_situation() -> impl Iterator<Item = Situation<'static>> {
        use JourneyKind::{ApiServer, Launcher, LocalCredentials};
        [Launcher, LocalCredentials, ApiServer]
            .into_iter()
            .flat_map(|journey| {
                [
                    (false, None),
                    (true, None),
                    (false, Some("GCP")),
                    (true, Some("GCP")),
                ]
                .into_iter()
                .flat_map(move |(travels, cloud)| {
                    [false, true].map(|removed_provider| Situation {
                        journey,
                        travels,
                        cloud,
                        removed_provider,
                        names: NAMES,
                    })
                })
            })
    }

    #[test]
    fn page_fixes_have_no_placeholder_and_no_cli_command() {
        let placeholders = [
            "NAME", "CTX", "OLD", "NEW", "=CLUSTER", "=USER", "=NS", "<ctx>", "skyauth ",
        ];
        for code in CODES {
            for situation in every_situation() {
                let page = code.fix(&situation, Face::Page);
                for placeholder in placeholders {
                    assert!(
                        !page.contains(placeholder),
                        "{code} {situation:?}: {placeholder:?} in the page's fix: {page}"
                    );
                }
            }
        }
    }

    #[test]
    fn page_fixes_use_the_findings_names_and_the_cli_keeps_its_wording() {
        let situation = Situation {
            names: NAMES,
            ..Situation::new(JourneyKind::Launcher)
        };
        let page = |code: FindingCode| code.fix(&situation, Face::Page);
        for (code, expected) in [
            (
                FindingCode::NoNamespace,
                "`kubectl config set-context prod --namespace=<namespace>`",
            ),
            (
                FindingCode::MissingCurrentContext,
                "`kubectl config use-context prod`",
            ),
            (
                FindingCode::UnknownCurrentContext,
                "`kubectl config use-context prod`",
            ),
            (
                FindingCode::InClusterName,
                "`kubectl config rename-context in-cluster gke-prod`",
            ),
            (
                FindingCode::NoContexts,
                "`kubectl config set-context gke-prod --cluster=gke-prod --user=alice`",
            ),
            (
                FindingCode::ConfigIdentityMapping,
                "context_configs.prod.remote_identity",
            ),
        ] {
            assert!(page(code).contains(expected), "{code}: {}", page(code));
        }
        // The terminal keeps its placeholders and commands (golden files, scripts).
        assert_eq!(
            FindingCode::MissingCurrentContext.fix(&situation, Face::Cli),
            "Pick one: kubectl config use-context NAME."
        );
        let api = Situation::new(JourneyKind::ApiServer);
        assert!(FindingCode::ExecAuth
            .fix(&api, Face::Cli)
            .contains("`skyauth rbac ... --token-secret`"));
        assert!(FindingCode::ExecAuth
            .fix(&api, Face::Page)
            .contains("“Long-lived token secret”"));
    }

    #[test]
    fn a_name_with_unsafe_characters_is_not_written_into_a_page_fix() {
        let situation = Situation {
            names: Names {
                context: Some("prod\u{202e}"),
                first_context: Some("prod\u{202e}"),
                ..NAMES
            },
            ..Situation::new(JourneyKind::Launcher)
        };
        for code in [FindingCode::NoNamespace, FindingCode::MissingCurrentContext] {
            let page = code.fix(&situation, Face::Page);
            assert!(!page.contains('\u{202e}'), "{code}: {page}");
        }
    }
}
