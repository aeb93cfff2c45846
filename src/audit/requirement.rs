//! What each catalogue feature requires, as permissions the audit checks: the feature's
//! grants, each placed in a namespace or cluster-wide and split into single verbs. The
//! requirements are the generator's own catalogue, so the two cannot disagree.

use super::permission::{verbs_of, Permission, Scope};
use crate::catalogue::{Feature, Grant, Place};
use crate::release::SkyPilotVersion;

/// Where the features' namespaced permissions apply (the fixed namespaces are the
/// catalogue's own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespaces {
    /// Where SkyPilot's pods run.
    pub launch: String,
    /// Where SkyPilot's Prometheus runs (`metrics.prometheus.namespace`, default `skypilot`).
    pub metrics: String,
}

impl Namespaces {
    /// Launching in `launch`, with Prometheus in its default namespace.
    pub fn new(launch: impl Into<String>) -> Namespaces {
        Namespaces {
            launch: launch.into(),
            metrics: crate::catalogue::SKYPILOT_METRICS.to_owned(),
        }
    }

    /// The scope of a catalogue place.
    pub fn scope(&self, place: Place) -> Scope {
        match place {
            Place::Launch => Scope::Namespace(self.launch.clone()),
            Place::Cluster => Scope::Cluster,
            Place::Fixed(namespace) => Scope::Namespace(namespace.to_owned()),
            Place::Metrics => Scope::Namespace(self.metrics.clone()),
        }
    }
}

/// Every permission `feature` needs, one verb on one resource each, in a stable order; for
/// the launching identity in the keyword modes (`launcher`), with what SkyPilot's own account
/// gets for the feature from it.
pub fn permissions(
    feature: Feature,
    namespaces: &Namespaces,
    launcher: bool,
    version: SkyPilotVersion,
) -> Vec<Permission> {
    let mut out: Vec<Permission> = feature
        .grants_for(launcher, version)
        .flat_map(|grant| grant_permissions(grant, namespaces))
        .collect();
    out.dedup();
    out
}

/// The permissions of one catalogue grant, placed by `namespaces`, one verb on one resource
/// each (a rule's `*` verbs read as the verbs the resource supports, except `*` on `*`).
pub fn grant_permissions(grant: &Grant, namespaces: &Namespaces) -> Vec<Permission> {
    let mut out = Vec::new();
    let (scope, spec) = (namespaces.scope(grant.place), grant.rule);
    let names: Vec<Option<&'static str>> = if spec.resource_names.is_empty() {
        vec![None]
    } else {
        spec.resource_names.iter().copied().map(Some).collect()
    };
    for &group in spec.api_groups {
        for &resource in spec.resources {
            // `*` on `*` stays one permission: granting a role that holds it takes
            // holding it (or `escalate`), not each verb on each resource.
            let verbs = if spec.verbs == ["*"] && resource != "*" {
                verbs_of(resource)
            } else {
                spec.verbs
            };
            for &verb in verbs {
                for &resource_name in &names {
                    out.push(Permission {
                        scope: scope.clone(),
                        group,
                        resource,
                        verb,
                        resource_name,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn namespaces() -> Namespaces {
        Namespaces::new("team")
    }

    #[test]
    fn all_verbs_means_the_verbs_a_subresource_supports() {
        let core = permissions(Feature::Core, &namespaces(), false, SkyPilotVersion::LATEST);
        let exec: Vec<&str> = core
            .iter()
            .filter(|p| p.resource == "pods/exec")
            .map(|p| p.verb)
            .collect();
        assert_eq!(exec, ["get", "create"]);
        assert_eq!(core.iter().filter(|p| p.resource == "pods").count(), 8);
        assert!(core
            .iter()
            .any(|p| p.to_string() == "list nodes cluster-wide"));
        assert!(core.iter().any(|p| p.to_string() == "watch events in team"));
    }

    #[test]
    fn gpu_metrics_reads_kube_system_and_forwards_to_prometheus() {
        let metrics: Vec<String> = permissions(
            Feature::GpuMetrics,
            &namespaces(),
            false,
            SkyPilotVersion::LATEST,
        )
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            metrics,
            [
                "get namespaces kube-system cluster-wide",
                "get services in skypilot",
                "get pods in skypilot",
                "list pods in skypilot",
                "create pods/portforward in skypilot",
            ]
        );
    }

    #[test]
    fn every_feature_requires_something() {
        for &feature in Feature::ALL {
            assert!(
                !permissions(feature, &namespaces(), false, SkyPilotVersion::LATEST).is_empty(),
                "{feature:?}"
            );
        }
    }
}
