//! What each catalogue feature requires, as permissions the audit checks: the feature's
//! grants, each placed in a namespace or cluster-wide and split into single verbs. The
//! requirements are the generator's own catalogue, so the two cannot disagree.

use super::permission::{verbs_of, Permission, Scope};
use crate::catalogue::{Feature, Place};

/// Where the features' namespaced permissions apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespaces {
    /// Where SkyPilot's pods run.
    pub launch: String,
    /// The ingress controller's namespace.
    pub ingress: String,
}

impl Namespaces {
    /// The scope of a catalogue place.
    pub fn scope(&self, place: Place) -> Scope {
        match place {
            Place::Launch => Scope::Namespace(self.launch.clone()),
            Place::Cluster => Scope::Cluster,
            Place::IngressController => Scope::Namespace(self.ingress.clone()),
            Place::Fixed(namespace) => Scope::Namespace(namespace.to_owned()),
        }
    }
}

/// Every permission `feature` needs, one verb on one resource each, in a stable order.
pub fn permissions(feature: Feature, namespaces: &Namespaces) -> Vec<Permission> {
    let mut out = Vec::new();
    for grant in feature.group().grants {
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
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn namespaces() -> Namespaces {
        Namespaces {
            launch: "team".into(),
            ingress: "ingress-nginx".into(),
        }
    }

    #[test]
    fn all_verbs_means_the_verbs_a_subresource_supports() {
        let core = permissions(Feature::Core, &namespaces());
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
    fn gpu_metrics_names_kube_system() {
        let metrics = permissions(Feature::GpuMetrics, &namespaces());
        assert_eq!(metrics.len(), 1);
        assert_eq!(
            metrics[0].to_string(),
            "get namespaces kube-system cluster-wide"
        );
    }

    #[test]
    fn every_feature_requires_something() {
        for &feature in Feature::ALL {
            assert!(
                !permissions(feature, &namespaces()).is_empty(),
                "{feature:?}"
            );
        }
    }
}
