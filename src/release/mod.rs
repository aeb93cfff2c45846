//! The SkyPilot release an output is written for ([`SkyPilotVersion`]), and what changed in
//! which release ([`Change`], in `changes.rs`): every version-dependent key, keyword, note,
//! rule and chart name asks this module, so "since when" is said once.
//!
//! Facts: `docs/skypilot-facts.md` §11 (from `../shared/reference/skypilot-kubernetes.md` §8,
//! checked against each release's wheel on PyPI).

mod changes;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use changes::{Change, FIRST_NIGHTLY};

/// A SkyPilot release (`0.14.1`) or nightly build (`1.0.0.dev20261027`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkyPilotVersion {
    /// A release from PyPI's `skypilot`, `major.minor.patch` (post-releases read as theirs).
    Release(Release),
    /// A nightly from PyPI's `skypilot-nightly`, by its date (`YYYYMMDD`).
    Nightly(u32),
}

/// A release number, `major.minor.patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Release {
    pub major: u16,
    pub minor: u16,
    pub patch: u16,
}

impl Release {
    pub const fn new(major: u16, minor: u16, patch: u16) -> Release {
        Release {
            major,
            minor,
            patch,
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl SkyPilotVersion {
    /// The latest release skyauth knows (the default).
    pub const LATEST: SkyPilotVersion = SkyPilotVersion::Release(Release::new(0, 14, 1));
    /// The previous minor release.
    pub const PREVIOUS: SkyPilotVersion = SkyPilotVersion::Release(Release::new(0, 13, 0));
    /// The newest nightly skyauth knows (what `nightly` means).
    pub const NIGHTLY: SkyPilotVersion = SkyPilotVersion::Nightly(20261027);
    /// "Older": the last 0.12 release, before `kubernetes.namespace` existed.
    pub const OLDER: SkyPilotVersion = SkyPilotVersion::Release(Release::new(0, 12, 3));
    /// The oldest release skyauth writes for: `context_configs` arrived in 0.10.0.
    pub const OLDEST: Release = Release::new(0, 10, 0);

    /// The versions the page offers, with their labels, in order.
    pub const CHOICES: [(SkyPilotVersion, &'static str); 4] = [
        (SkyPilotVersion::LATEST, "0.14.1 (latest release)"),
        (SkyPilotVersion::PREVIOUS, "0.13.0 (previous release)"),
        (SkyPilotVersion::NIGHTLY, "Nightly (1.0.0.dev20261027)"),
        (SkyPilotVersion::OLDER, "0.12 or older"),
    ];

    /// True for a nightly build.
    pub fn is_nightly(self) -> bool {
        matches!(self, SkyPilotVersion::Nightly(_))
    }

    /// True when this version has `change` (a release newer than the latest known behaves
    /// like the newest nightly: what the nightlies added is expected in it).
    pub fn has(self, change: Change) -> bool {
        let since = change.since();
        match self {
            SkyPilotVersion::Nightly(date) => since.nightly.is_some_and(|first| date >= first),
            SkyPilotVersion::Release(release) => match since.release {
                Some(first) => release >= first,
                None => {
                    SkyPilotVersion::Release(release) > SkyPilotVersion::LATEST
                        && since.nightly.is_some()
                }
            },
        }
    }

    /// The Helm chart that installs this version's API server, with the flags that pick it:
    /// the release chart at this version, or the nightly chart (a pre-release: `--devel`).
    pub fn helm_chart(self) -> String {
        match self {
            _ if self == SkyPilotVersion::NIGHTLY => "skypilot/skypilot-nightly --devel".to_owned(),
            SkyPilotVersion::Nightly(date) => {
                format!("skypilot/skypilot-nightly --version 1.0.0-dev{date}")
            }
            SkyPilotVersion::Release(release) => format!("skypilot/skypilot --version {release}"),
        }
    }

    /// `pip install` of this version.
    pub fn pip_package(self) -> String {
        match self {
            SkyPilotVersion::Nightly(date) => format!("skypilot-nightly==1.0.0.dev{date}"),
            SkyPilotVersion::Release(release) => format!("skypilot=={release}"),
        }
    }
}

impl Default for SkyPilotVersion {
    fn default() -> Self {
        SkyPilotVersion::LATEST
    }
}

impl fmt::Display for SkyPilotVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkyPilotVersion::Release(release) => release.fmt(f),
            SkyPilotVersion::Nightly(date) => write!(f, "1.0.0.dev{date}"),
        }
    }
}

/// Why a version could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionError(String);

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VersionError {}

impl FromStr for SkyPilotVersion {
    type Err = VersionError;

    /// `0.14.1`, `0.14` (its first patch), `v0.13.0`, `0.12.3.post1`, `latest`, `previous`,
    /// `older`, `nightly`, or a nightly's version (`1.0.0.dev20261027`, `1.0.0-dev20261027`).
    fn from_str(text: &str) -> Result<SkyPilotVersion, VersionError> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let unreadable = || {
            VersionError(format!(
                "`{text}` is not a SkyPilot version: use a release (0.14.1, 0.13.0, 0.12.3), \
                 a nightly (1.0.0.dev20261027), or one of latest, previous, nightly, older"
            ))
        };
        match lower.as_str() {
            "latest" => return Ok(SkyPilotVersion::LATEST),
            "previous" => return Ok(SkyPilotVersion::PREVIOUS),
            "nightly" => return Ok(SkyPilotVersion::NIGHTLY),
            "older" => return Ok(SkyPilotVersion::OLDER),
            _ => {}
        }
        let number = lower.strip_prefix('v').unwrap_or(&lower);
        if let Some(at) = number.find("dev") {
            let date = &number[at + 3..];
            let valid = date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit());
            return match date.parse::<u32>() {
                Ok(date) if valid && date >= changes::FIRST_NIGHTLY => {
                    Ok(SkyPilotVersion::Nightly(date))
                }
                Ok(date) if valid => Err(VersionError(format!(
                    "nightly {} is older than skyauth knows (its nightlies start at {}, where \
                     controllers got their own account): pick the release it followed, e.g. 0.14.1",
                    SkyPilotVersion::Nightly(date),
                    SkyPilotVersion::Nightly(changes::FIRST_NIGHTLY)
                ))),
                _ => Err(unreadable()),
            };
        }
        let number = number.split(".post").next().unwrap_or(number);
        let parts: Vec<&str> = number.split('.').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(unreadable());
        }
        let mut numbers = [0u16; 3];
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            *slot = part
                .parse()
                .ok()
                .filter(|_| digits)
                .ok_or_else(unreadable)?;
        }
        let release = Release::new(numbers[0], numbers[1], numbers[2]);
        if release < SkyPilotVersion::OLDEST {
            return Err(VersionError(format!(
                "SkyPilot {release} is older than skyauth supports: it writes for {} and later \
                 (per-context settings, `context_configs`, arrived then); upgrade SkyPilot",
                SkyPilotVersion::OLDEST
            )));
        }
        Ok(SkyPilotVersion::Release(release))
    }
}

impl Serialize for SkyPilotVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SkyPilotVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
