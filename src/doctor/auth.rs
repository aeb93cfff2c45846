//! Classifies a kubeconfig user's credentials: exec plugins (with their cloud), legacy auth
//! providers, tokens, certificates, basic auth.

use serde::Serialize;

use super::model::AuthInfo;

/// How a kubeconfig user authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthKind {
    Exec,
    AuthProvider,
    Token,
    TokenFile,
    ClientCertificate,
    Basic,
    None,
}

impl AuthKind {
    /// The stable name used in the CLI's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::Exec => "exec",
            AuthKind::AuthProvider => "auth-provider",
            AuthKind::Token => "token",
            AuthKind::TokenFile => "token-file",
            AuthKind::ClientCertificate => "client-certificate",
            AuthKind::Basic => "basic",
            AuthKind::None => "none",
        }
    }
}

/// The cloud or tool behind an exec plugin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExecProvider {
    Gke,
    Eks,
    Aks,
    Oidc,
    Oci,
    Nebius,
    Other,
}

impl ExecProvider {
    pub fn as_str(self) -> &'static str {
        match self {
            ExecProvider::Gke => "gke",
            ExecProvider::Eks => "eks",
            ExecProvider::Aks => "aks",
            ExecProvider::Oidc => "oidc",
            ExecProvider::Oci => "oci",
            ExecProvider::Nebius => "nebius",
            ExecProvider::Other => "other",
        }
    }

    /// What the plugin needs, in words.
    pub fn needs(self) -> &'static str {
        match self {
            ExecProvider::Gke => "GKE's gke-gcloud-auth-plugin, which needs gcloud and GCP credentials",
            ExecProvider::Eks => "EKS's token command, which needs the AWS CLI or aws-iam-authenticator and AWS credentials",
            ExecProvider::Aks => "kubelogin for AKS, which needs an interactive Azure login",
            ExecProvider::Oidc => "an OIDC login plugin, which needs an interactive browser login",
            ExecProvider::Oci => "the OCI CLI and its credentials",
            ExecProvider::Nebius => "the Nebius CLI and its credentials",
            ExecProvider::Other => "an exec plugin and whatever login it relies on",
        }
    }
}

/// The final path component of an exec command (`/usr/bin/aws` → `aws`, also for `\`).
pub fn command_basename(command: &str) -> &str {
    command.rsplit(['/', '\\']).next().unwrap_or(command)
}

/// True when the command names a path rather than a program on `PATH`.
pub fn is_path(command: &str) -> bool {
    command.contains('/') || command.contains('\\')
}

/// The provider of an exec plugin, from its command and arguments.
pub fn exec_provider(command: &str, args: &[String]) -> ExecProvider {
    let base = command_basename(command).trim_end_matches(".exe");
    let has = |word: &str| args.iter().any(|arg| arg == word);
    match base {
        "gke-gcloud-auth-plugin" | "gcloud" => ExecProvider::Gke,
        "aws-iam-authenticator" => ExecProvider::Eks,
        "aws" if has("eks") || has("get-token") => ExecProvider::Eks,
        "kubelogin"
            if args
                .iter()
                .any(|arg| arg.contains("azure") || arg == "-l" || arg == "--login")
                || has("get-token") =>
        {
            ExecProvider::Aks
        }
        "kubelogin" => ExecProvider::Aks,
        "kubectl-oidc_login" | "kubectl-oidc-login" | "oidc-login" => ExecProvider::Oidc,
        "kubectl" if has("oidc-login") => ExecProvider::Oidc,
        "oci" => ExecProvider::Oci,
        "nebius" => ExecProvider::Nebius,
        _ => ExecProvider::Other,
    }
}

/// The kind of credentials in `user`; exec and auth-provider take precedence over static ones.
pub fn classify(user: &AuthInfo) -> AuthKind {
    let set = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
    if user
        .exec
        .as_ref()
        .is_some_and(|exec| !exec.command.is_empty())
    {
        AuthKind::Exec
    } else if user.auth_provider.is_some() {
        AuthKind::AuthProvider
    } else if set(&user.token) {
        AuthKind::Token
    } else if set(&user.token_file) {
        AuthKind::TokenFile
    } else if set(&user.client_certificate) || set(&user.client_certificate_data) {
        AuthKind::ClientCertificate
    } else if set(&user.username) || set(&user.password) {
        AuthKind::Basic
    } else {
        AuthKind::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn providers() {
        assert_eq!(
            exec_provider("/Users/me/google-cloud-sdk/bin/gke-gcloud-auth-plugin", &[]),
            ExecProvider::Gke
        );
        assert_eq!(
            exec_provider("aws", &args(&["--region", "x", "eks", "get-token"])),
            ExecProvider::Eks
        );
        assert_eq!(
            exec_provider("aws-iam-authenticator", &args(&["token", "-i", "c"])),
            ExecProvider::Eks
        );
        assert_eq!(
            exec_provider("kubelogin", &args(&["get-token", "--server-id", "x"])),
            ExecProvider::Aks
        );
        assert_eq!(
            exec_provider("kubectl", &args(&["oidc-login", "get-token"])),
            ExecProvider::Oidc
        );
        assert_eq!(exec_provider("C:\\tools\\oci.exe", &[]), ExecProvider::Oci);
        assert_eq!(exec_provider("nebius", &[]), ExecProvider::Nebius);
        assert_eq!(exec_provider("my-plugin", &[]), ExecProvider::Other);
        assert_eq!(exec_provider("aws", &args(&["sts"])), ExecProvider::Other);
    }

    #[test]
    fn basenames_and_paths() {
        assert_eq!(command_basename("/usr/local/bin/aws"), "aws");
        assert_eq!(command_basename("C:\\bin\\kubelogin.exe"), "kubelogin.exe");
        assert!(is_path("./bin/x") && !is_path("aws"));
    }
}
