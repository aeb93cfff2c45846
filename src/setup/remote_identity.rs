//! `kubernetes.remote_identity`: the value SkyPilot reads to pick how pods authenticate.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One value of SkyPilot's `kubernetes.remote_identity` (`docs/skypilot-facts.md` §2).
///
/// The three keywords are compared literally by SkyPilot, in upper case; any other
/// string names an existing service account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RemoteIdentity {
    /// `SERVICE_ACCOUNT`: SkyPilot creates and uses `skypilot-service-account` (the default).
    ServiceAccount,
    /// `LOCAL_CREDENTIALS`: the user's kubeconfig is copied into the pods.
    LocalCredentials,
    /// `NO_UPLOAD`: like `SERVICE_ACCOUNT`, but no credential files are uploaded.
    NoUpload,
    /// `NONE` (nightly dev20261013+, [`crate::release::Change::RemoteIdentityNone`]): pods
    /// get no API token. Releases read it as an account name.
    NoToken,
    /// An existing service account, by name, that the admin created ahead of time.
    Custom(String),
}

impl RemoteIdentity {
    /// SkyPilot's default since 0.7.
    pub const DEFAULT: RemoteIdentity = RemoteIdentity::ServiceAccount;

    /// The keywords skyauth writes, as SkyPilot compares them (upper case, literally).
    pub const KEYWORDS: [&'static str; 3] = ["SERVICE_ACCOUNT", "LOCAL_CREDENTIALS", "NO_UPLOAD"];

    /// A keyword of SkyPilot's newest development branch only (no token mounted): never an
    /// account name, not written by skyauth.
    pub const NONE: &'static str = "NONE";

    /// The literal string to write in `~/.sky/config.yaml`.
    pub fn as_config_value(&self) -> &str {
        match self {
            RemoteIdentity::ServiceAccount => "SERVICE_ACCOUNT",
            RemoteIdentity::LocalCredentials => "LOCAL_CREDENTIALS",
            RemoteIdentity::NoUpload => "NO_UPLOAD",
            RemoteIdentity::NoToken => RemoteIdentity::NONE,
            RemoteIdentity::Custom(name) => name,
        }
    }

    /// Reads a config value the way SkyPilot does: the keywords exactly, anything else is
    /// a service account name.
    pub fn from_config_value(value: &str) -> RemoteIdentity {
        match value {
            "SERVICE_ACCOUNT" => RemoteIdentity::ServiceAccount,
            "LOCAL_CREDENTIALS" => RemoteIdentity::LocalCredentials,
            "NO_UPLOAD" => RemoteIdentity::NoUpload,
            other => RemoteIdentity::Custom(other.to_owned()),
        }
        // (Kept a match, not a search of KEYWORDS, so each keyword maps to its variant; the
        // test below keeps the two in step.)
    }

    /// The release change a `remote_identity` keyword needs, read from the value as written:
    /// `NO_UPLOAD` (exactly, as SkyPilot compares it) and `NONE` (any case, as the nightly
    /// reads it). `None` for a value every release skyauth writes for reads the same way.
    pub fn keyword_change(value: &str) -> Option<crate::release::Change> {
        use crate::release::Change;
        if value == "NO_UPLOAD" {
            Some(Change::NoUpload)
        } else if value.eq_ignore_ascii_case(RemoteIdentity::NONE) {
            Some(Change::RemoteIdentityNone)
        } else {
            None
        }
    }

    /// Reads a config value as `version` does: a nightly with `NONE` takes it in any case
    /// (`sky/utils/schemas.py`'s case-insensitive enum); releases read it as an account name.
    pub fn read_for(value: &str, version: crate::release::SkyPilotVersion) -> RemoteIdentity {
        if version.has(crate::release::Change::RemoteIdentityNone)
            && value.eq_ignore_ascii_case(RemoteIdentity::NONE)
        {
            return RemoteIdentity::NoToken;
        }
        RemoteIdentity::from_config_value(value)
    }

    /// True when pods run under a service account rather than copied user credentials.
    pub fn uses_service_account(&self) -> bool {
        !matches!(self, RemoteIdentity::LocalCredentials)
    }
}

impl Default for RemoteIdentity {
    fn default() -> Self {
        RemoteIdentity::DEFAULT
    }
}

impl fmt::Display for RemoteIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_config_value())
    }
}

impl Serialize for RemoteIdentity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_config_value())
    }
}

impl<'de> Deserialize<'de> for RemoteIdentity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(RemoteIdentity::from_config_value(&value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_is_a_keyword_only_where_the_version_has_it() {
        use crate::release::SkyPilotVersion;
        assert_eq!(
            RemoteIdentity::read_for("none", SkyPilotVersion::NIGHTLY),
            RemoteIdentity::NoToken
        );
        assert_eq!(
            RemoteIdentity::read_for("NONE", SkyPilotVersion::LATEST),
            RemoteIdentity::Custom("NONE".into())
        );
        assert_eq!(RemoteIdentity::NoToken.as_config_value(), "NONE");
    }

    #[test]
    fn every_keyword_reads_as_its_mode() {
        for keyword in RemoteIdentity::KEYWORDS {
            let identity = RemoteIdentity::from_config_value(keyword);
            assert!(!matches!(identity, RemoteIdentity::Custom(_)), "{keyword}");
            assert_eq!(identity.as_config_value(), keyword);
        }
    }

    #[test]
    fn keywords_round_trip_and_other_strings_are_accounts() {
        for value in [
            "SERVICE_ACCOUNT",
            "LOCAL_CREDENTIALS",
            "NO_UPLOAD",
            "sky-sa",
        ] {
            assert_eq!(
                RemoteIdentity::from_config_value(value).as_config_value(),
                value
            );
        }
        assert_eq!(
            RemoteIdentity::from_config_value("service_account"),
            RemoteIdentity::Custom("service_account".into())
        );
    }
}
