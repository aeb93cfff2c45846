//! The catalogue as data for tools outside Rust: every group's and profile's grants with
//! where they apply, serializable (`skyauth catalogue`, read by the conformance tier's drift
//! report in `tests/conformance/`).

use serde::Serialize;

use super::groups::{Feature, GroupKind, Place};
use super::profiles::PermissionProfile;
use super::Grant;
use crate::release::SkyPilotVersion;

/// One grant: a rule and where it applies (`launch`, `cluster`, or a fixed namespace).
#[derive(Debug, Serialize)]
pub struct GrantListing {
    pub place: String,
    pub api_groups: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub resource_names: &'static [&'static str],
    pub why: &'static str,
    /// Why the rule is kept though SkyPilot makes no such call (`None`: SkyPilot calls it).
    pub kept_because: Option<&'static str>,
}

/// One permission group.
#[derive(Debug, Serialize)]
pub struct GroupListing {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub grants: Vec<GrantListing>,
    pub launcher_grants: Vec<GrantListing>,
}

/// One profile.
#[derive(Debug, Serialize)]
pub struct ProfileListing {
    pub id: &'static str,
    pub label: &'static str,
    pub can_launch: bool,
    pub base: Vec<GrantListing>,
    /// Granted only when the setup asks (Minimum's documented Secrets).
    pub docs_parity: Vec<GrantListing>,
}

/// The whole catalogue.
#[derive(Debug, Serialize)]
pub struct Listing {
    /// The SkyPilot release the grants are for.
    pub skypilot_version: String,
    pub features: Vec<GroupListing>,
    pub profiles: Vec<ProfileListing>,
}

fn grants(list: &'static [Grant], version: SkyPilotVersion) -> Vec<GrantListing> {
    list.iter()
        .filter(|grant| grant.applies_to(version))
        .map(|grant| GrantListing {
            place: match grant.place {
                Place::Launch => "launch".to_owned(),
                Place::Cluster => "cluster".to_owned(),
                Place::Fixed(namespace) => namespace.to_owned(),
                Place::Metrics => "metrics".to_owned(),
            },
            api_groups: grant.rule.api_groups,
            resources: grant.rule.resources,
            verbs: grant.rule.verbs,
            resource_names: grant.rule.resource_names,
            why: grant.rule.why,
            kept_because: grant.rule.kept_because,
        })
        .collect()
}

/// Lists every group and profile, in catalogue order, with the grants SkyPilot `version`
/// needs.
pub fn listing(version: SkyPilotVersion) -> Listing {
    let features = Feature::ALL
        .iter()
        .map(|feature| {
            let group = feature.group();
            GroupListing {
                id: group.id,
                label: group.label,
                kind: match group.kind {
                    GroupKind::Always => "always",
                    GroupKind::Optional => "optional",
                    GroupKind::Launcher => "launcher",
                },
                grants: grants(group.grants, version),
                launcher_grants: grants(group.launcher_grants, version),
            }
        })
        .collect();
    let profiles = PermissionProfile::ALL
        .iter()
        .map(|profile| {
            let entry = profile.entry();
            ProfileListing {
                id: entry.id,
                label: entry.label,
                can_launch: entry.can_launch,
                base: grants(entry.base, version),
                docs_parity: grants(entry.docs_parity, version),
            }
        })
        .collect();
    Listing {
        skypilot_version: version.to_string(),
        features,
        profiles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_feature_and_profile_with_its_grants() {
        let listing = listing(SkyPilotVersion::LATEST);
        assert_eq!(listing.features.len(), Feature::ALL.len());
        assert_eq!(listing.profiles.len(), PermissionProfile::ALL.len());
        let core = &listing.features[0];
        assert_eq!((core.id, core.kind), ("core", "always"));
        assert!(core.grants.iter().any(|g| g.resources.contains(&"pods")));
        let ingress = listing.features.iter().find(|f| f.id == "ingress").unwrap();
        assert!(ingress.grants.iter().any(|g| g.place == "ingress-nginx"));
        let minimal = &listing.profiles[0];
        assert!(minimal.docs_parity.iter().all(|g| g.kept_because.is_some()));
    }
}
