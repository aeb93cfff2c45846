//! Findings: one problem or remark about a kubeconfig, with a stable code, a severity, the
//! context it concerns, a plain message and a fix.

use std::fmt;

use serde::Serialize;

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
    pub fix: String,
}
