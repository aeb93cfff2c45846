//! Warnings about context names that cannot be what the user meant: a server URL, a file
//! path, a pasted YAML or JSON list, quotes, `kubectl config get-contexts` table output. Real
//! names keep `:`, `/`, `@`, `.` and `_` (EKS ARNs, `gke_project_zone_name`, `user@cluster`),
//! so those alone never warn. A warning does not block the output (kubeconfig names are free
//! text); the empty and control-character names that cannot be names are errors
//! ([`validate`](super::validate)).

use super::validate::printable;
use super::{AllowedContexts, Field, Setup};

/// What a context name looks like instead of a context name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContextNameWarning {
    /// `https://1.2.3.4:6443`, `10.0.0.1:6443`: the cluster's API server.
    ServerUrl,
    /// `~/.kube/config`, `prod.yaml`: the kubeconfig file, not a context in it.
    FilePath,
    /// `[a`, `b]`, `{...}`, `- name`, `name:`: a piece of a pasted YAML or JSON list.
    PastedList,
    /// `"gke-prod"`: quotes that would be part of the name.
    Quoted,
    /// `*`, `CURRENT`, `NAME`, ...: `kubectl config get-contexts` table output.
    KubectlTable,
    /// `a,b` or `a b` (the command line; the page splits them): several names in one.
    SeveralNames,
}

/// One warning about a setup: the field, what it looks like and what to type instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupWarning {
    pub field: Field,
    pub kind: ContextNameWarning,
    pub message: String,
}

/// Where to get the names from, said in every warning.
const GET_NAMES: &str = "the names `kubectl config get-contexts -o name` prints";

/// The table header `kubectl config get-contexts` prints.
const TABLE_HEADER: [&str; 5] = ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"];

impl ContextNameWarning {
    /// What `name` looks like, if it looks like something other than a context name.
    pub fn of(name: &str) -> Option<ContextNameWarning> {
        let lower = name.to_ascii_lowercase();
        let warning =
            if lower.starts_with("http://") || lower.starts_with("https://") || is_ip_address(name)
            {
                ContextNameWarning::ServerUrl
            } else if is_file_path(name, &lower) {
                ContextNameWarning::FilePath
            } else if name == "*" || name.starts_with("* ") || TABLE_HEADER.contains(&name) {
                ContextNameWarning::KubectlTable
            } else if ['"', '\'', '`']
                .iter()
                .any(|quote| name.starts_with(*quote) || name.ends_with(*quote))
            {
                ContextNameWarning::Quoted
            } else if name.starts_with(['[', '{'])
                || name.ends_with([']', '}'])
                || name == "-"
                || name.starts_with("- ")
                || name.ends_with(':')
                || name.contains(": ")
            {
                ContextNameWarning::PastedList
            } else if name.contains(',') || name.trim().contains(char::is_whitespace) {
                ContextNameWarning::SeveralNames
            } else {
                return None;
            };
        Some(warning)
    }

    /// The warning for `name`: what it looks like, and what to type instead.
    pub fn message(self, name: &str) -> String {
        let name = printable(name);
        match self {
            ContextNameWarning::ServerUrl => format!(
                "`{name}` looks like a server address, not a context name: allowed_contexts \
                 takes {GET_NAMES}."
            ),
            ContextNameWarning::FilePath => format!(
                "`{name}` looks like a file path, not a context name: SkyPilot reads \
                 ~/.kube/config (or $KUBECONFIG) itself; type {GET_NAMES}."
            ),
            ContextNameWarning::PastedList => format!(
                "`{name}` looks like part of a pasted YAML or JSON list: type {GET_NAMES}, \
                 one per line, without brackets, dashes or keys."
            ),
            ContextNameWarning::Quoted => format!(
                "`{name}` has quotes, which would be part of the name: type the name without \
                 them, as in {GET_NAMES}."
            ),
            ContextNameWarning::KubectlTable => format!(
                "`{name}` looks like a piece of the `kubectl config get-contexts` table (its \
                 header or the `*` before the current context): type only {GET_NAMES}."
            ),
            ContextNameWarning::SeveralNames => format!(
                "`{name}` looks like several names in one: give each context on its own (one \
                 per line, or one --allowed-context each), as in {GET_NAMES}."
            ),
        }
    }
}

/// An IPv4 address, with a port or not (`10.0.0.1:6443`).
fn is_ip_address(name: &str) -> bool {
    let host = match name.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => name,
    };
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|part| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A path to a file: relative to the home or the current directory, absolute (also on
/// Windows), or ending in a file extension a kubeconfig is saved with.
fn is_file_path(name: &str, lower: &str) -> bool {
    let starts = [
        "~/",
        "~\\",
        "./",
        "../",
        ".\\",
        "$home",
        "%userprofile%",
        "/",
    ]
    .iter()
    .any(|start| lower.starts_with(start));
    let windows_drive = {
        let bytes = name.as_bytes();
        bytes.len() > 2
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'\\' | b'/')
    };
    let extension = [".yaml", ".yml", ".json", ".conf", ".kubeconfig"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    starts || windows_drive || extension || lower.contains(".kube/") || lower.contains(".kube\\")
}

/// The warnings of a setup: one per context name that looks like something else.
pub fn warnings(setup: &Setup) -> Vec<SetupWarning> {
    let contexts = &setup.contexts;
    if contexts.allowed != AllowedContexts::List && !contexts.per_context {
        return Vec::new();
    }
    contexts
        .names
        .iter()
        .enumerate()
        .filter_map(|(index, name)| {
            let kind = ContextNameWarning::of(name)?;
            Some(SetupWarning {
                field: Field::AllowedContext(index),
                kind,
                message: kind.message(name),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_context_names_do_not_warn() {
        for name in [
            "arn:aws:eks:us-west-2:123456789012:cluster/prod",
            "gke_my-project_us-central1-c_prod",
            "alice@prod-cluster",
            "kubernetes-admin@kubernetes",
            "kind-dev",
            "minikube",
            "docker-desktop",
            "in-cluster",
            "ssh-my-pool",
            "prod.example.com",
            "oidc@k8s.example.com:443",
            "team/prod",
            "v1.28",
            "context-1.2.3",
        ] {
            assert_eq!(ContextNameWarning::of(name), None, "{name}");
        }
    }

    #[test]
    fn mistyped_names_warn_with_what_they_look_like() {
        use ContextNameWarning::*;
        for (name, kind) in [
            ("https://1.2.3.4:6443", ServerUrl),
            ("HTTP://k8s.local", ServerUrl),
            ("10.0.0.1:6443", ServerUrl),
            ("192.168.49.2", ServerUrl),
            ("~/.kube/config", FilePath),
            ("/home/alice/.kube/config", FilePath),
            ("prod.yaml", FilePath),
            ("kubeconfig.yml", FilePath),
            ("C:\\Users\\alice\\.kube\\config", FilePath),
            ("$HOME/.kube/config", FilePath),
            ("[a", PastedList),
            ("b]", PastedList),
            ("{\"contexts\":", PastedList),
            ("-", PastedList),
            ("- gke-prod", PastedList),
            ("name:", PastedList),
            ("name: gke-prod", PastedList),
            ("\"gke-prod\"", Quoted),
            ("'kind-dev'", Quoted),
            ("*", KubectlTable),
            ("CURRENT", KubectlTable),
            ("NAMESPACE", KubectlTable),
            ("a,b", SeveralNames),
            ("onprem-a onprem-b", SeveralNames),
        ] {
            assert_eq!(ContextNameWarning::of(name), Some(kind), "{name}");
            let message = kind.message(name);
            assert!(
                message.contains("kubectl config get-contexts -o name"),
                "{message}"
            );
        }
    }

    #[test]
    fn warnings_name_the_entry_and_only_for_listed_contexts() {
        let mut setup = Setup::default();
        setup.contexts.names = vec!["kind-dev".into(), "https://1.2.3.4:6443".into()];
        assert!(warnings(&setup).is_empty(), "the list is not used");
        setup.contexts.allowed = AllowedContexts::List;
        let found = warnings(&setup);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, Field::AllowedContext(1));
        assert_eq!(found[0].kind, ContextNameWarning::ServerUrl);
        assert!(
            super::super::validate(&setup).is_empty(),
            "a warning is not an error"
        );
    }
}
