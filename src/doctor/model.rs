//! The kubeconfig as serde types: only the fields the doctor reads; unknown fields are
//! ignored, as kubectl does. Field names are kubeconfig's own.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::null_default::{null_as_default, nulls_as_default};

/// A kubeconfig file (`kind: Config`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Kubeconfig {
    #[serde(rename = "apiVersion")]
    pub api_version: Option<String>,
    pub kind: Option<String>,
    #[serde(rename = "current-context")]
    pub current_context: Option<String>,
    #[serde(deserialize_with = "nulls_as_default")]
    pub clusters: Vec<NamedCluster>,
    #[serde(deserialize_with = "nulls_as_default")]
    pub users: Vec<NamedUser>,
    #[serde(deserialize_with = "nulls_as_default")]
    pub contexts: Vec<NamedContext>,
    /// Non-empty YAML documents after the first, which kubectl ignores.
    #[serde(skip)]
    pub extra_documents: usize,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NamedCluster {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub cluster: Cluster,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Cluster {
    pub server: Option<String>,
    #[serde(rename = "certificate-authority")]
    pub certificate_authority: Option<String>,
    #[serde(rename = "certificate-authority-data")]
    pub certificate_authority_data: Option<String>,
    #[serde(rename = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NamedUser {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub user: AuthInfo,
}

/// A user entry's credentials.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuthInfo {
    #[serde(rename = "client-certificate")]
    pub client_certificate: Option<String>,
    #[serde(rename = "client-certificate-data")]
    pub client_certificate_data: Option<String>,
    #[serde(rename = "client-key")]
    pub client_key: Option<String>,
    #[serde(rename = "client-key-data")]
    pub client_key_data: Option<String>,
    pub token: Option<String>,
    #[serde(rename = "tokenFile")]
    pub token_file: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    #[serde(rename = "auth-provider")]
    pub auth_provider: Option<AuthProvider>,
    pub exec: Option<ExecConfig>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuthProvider {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub config: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExecConfig {
    #[serde(deserialize_with = "null_as_default")]
    pub command: String,
    #[serde(deserialize_with = "null_as_default")]
    pub args: Vec<String>,
    #[serde(deserialize_with = "nulls_as_default")]
    pub env: Vec<ExecEnv>,
    #[serde(rename = "apiVersion")]
    pub api_version: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExecEnv {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub value: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NamedContext {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub context: Context,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Context {
    #[serde(deserialize_with = "null_as_default")]
    pub cluster: String,
    #[serde(deserialize_with = "null_as_default")]
    pub user: String,
    pub namespace: Option<String>,
}
