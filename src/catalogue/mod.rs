//! The catalogue: every permission SkyPilot needs, as data. One entry per permission group
//! ([`Feature`], [`FeatureGroup`]) and per profile ([`PermissionProfile`], [`ProfileEntry`]),
//! built from the rules of [`rules`]. Everything that grants, checks, offers or describes a
//! permission iterates over it: the generator, the audit, the page, the CLI and the tests.

mod feature_set;
mod groups;
mod listing;
pub mod pod_security;
mod profiles;
pub mod rules;

pub use feature_set::FeatureSet;
pub use groups::{
    Feature, FeatureGroup, Grant, GroupKind, Place, Releases, UnknownFeature, INGRESS_NGINX,
    SKYPILOT_METRICS, SKYPILOT_PERMISSIONS_DOCS, SKYPILOT_PORTS_DOCS, SKYPILOT_SYSTEM,
};
pub use listing::{listing, Listing};
pub use profiles::{PermissionProfile, ProfileEntry};

/// Every grant the catalogue holds: each group's (with the launcher's extras) and each
/// profile's (with the rules it grants only by choice).
pub fn every_grant() -> impl Iterator<Item = &'static Grant> {
    let groups = Feature::ALL
        .iter()
        .flat_map(|feature| feature.every_grant(true));
    let profiles = PermissionProfile::ALL.iter().flat_map(|profile| {
        profile
            .entry()
            .base
            .iter()
            .chain(profile.entry().docs_parity)
    });
    groups.chain(profiles)
}
