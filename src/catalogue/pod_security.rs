//! What SkyPilot's pods need from a hardened namespace: the Pod Security Admission level
//! each namespace must allow ([`PodSecurityLevel`]), and on OpenShift the
//! SecurityContextConstraints ([`Scc`]) the pods' account must be allowed to use. As data per
//! feature, read in SkyPilot 0.14.1: `sky/templates/kubernetes-ray.yml.j2` sets no
//! `securityContext` on the task container (pods run as the image's user, root in SkyPilot's
//! images; setup needs root or passwordless sudo, exit 52 otherwise), gives each pod a
//! `hostPath` volume `/var/run/fusermount` when a bucket is mounted, and `hostNetwork: true`
//! when `pod_config` asks; `sky/provision/kubernetes/manifests/fusermount-server-daemonset.yaml`
//! runs privileged with a `hostPath` volume in `skypilot-system`, which SkyPilot creates
//! unlabelled (`kubernetes_utils.create_namespace`).

use super::{Feature, SKYPILOT_SYSTEM};

/// The Pod Security Standards' levels, from the strictest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodSecurityLevel {
    Restricted,
    Baseline,
    Privileged,
}

/// The namespace label that enforces a level (`warn` and `audit` take the same values).
pub const ENFORCE_LABEL: &str = "pod-security.kubernetes.io/enforce";

/// The labels a namespace can carry, each the same level.
pub const MODE_LABELS: [&str; 3] = [
    ENFORCE_LABEL,
    "pod-security.kubernetes.io/warn",
    "pod-security.kubernetes.io/audit",
];

/// Kubernetes' page on Pod Security Admission and its namespace labels.
pub const POD_SECURITY_DOCS: &str =
    "https://kubernetes.io/docs/concepts/security/pod-security-admission/";

/// OpenShift's page on SecurityContextConstraints.
pub const OPENSHIFT_SCC_DOCS: &str = "https://docs.openshift.com/container-platform/latest/authentication/managing-security-context-constraints.html";

impl PodSecurityLevel {
    /// The label's value: `restricted`, `baseline`, `privileged`.
    pub fn as_label(self) -> &'static str {
        match self {
            PodSecurityLevel::Restricted => "restricted",
            PodSecurityLevel::Baseline => "baseline",
            PodSecurityLevel::Privileged => "privileged",
        }
    }

    /// The level a label's value names, if any.
    pub fn from_label(value: &str) -> Option<PodSecurityLevel> {
        match value {
            "restricted" => Some(PodSecurityLevel::Restricted),
            "baseline" => Some(PodSecurityLevel::Baseline),
            "privileged" => Some(PodSecurityLevel::Privileged),
            _ => None,
        }
    }

    /// The OpenShift SCC that admits what this level does for root pods.
    pub fn scc(self, host_network: bool) -> Scc {
        match (self, host_network) {
            (PodSecurityLevel::Privileged, false) => Scc::HostmountAnyuid,
            (PodSecurityLevel::Privileged, true) => Scc::Privileged,
            _ => Scc::Anyuid,
        }
    }
}

/// The OpenShift SecurityContextConstraints SkyPilot's pods can run under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scc {
    /// Any user, root included; no host access (what `restricted-v2`, the default, refuses:
    /// root).
    Anyuid,
    /// `anyuid` plus `hostPath` volumes: the bucket mounts' `/var/run/fusermount`.
    HostmountAnyuid,
    /// Everything: the host network, and the FUSE daemonset's privileged container.
    Privileged,
}

impl Scc {
    /// Every SCC this module names.
    pub const ALL: [Scc; 3] = [Scc::Anyuid, Scc::HostmountAnyuid, Scc::Privileged];

    /// The rule that lets a subject run pods under this SCC (what `oc adm policy
    /// add-scc-to-user` grants).
    pub fn rule(self) -> super::rules::RuleSpec {
        const WHY: &str = "OpenShift admits SkyPilot's pods under this SCC only for an \
             account that may `use` it (`oc adm policy add-scc-to-user`).";
        let resource_names: &'static [&'static str] = match self {
            Scc::Anyuid => &["anyuid"],
            Scc::HostmountAnyuid => &["hostmount-anyuid"],
            Scc::Privileged => &["privileged"],
        };
        super::rules::RuleSpec {
            api_groups: &["security.openshift.io"],
            resources: &["securitycontextconstraints"],
            verbs: &["use"],
            resource_names,
            why: WHY,
            kept_because: Some("OpenShift's admission, not a SkyPilot API call"),
        }
    }

    /// The SCC's name in OpenShift.
    pub fn name(self) -> &'static str {
        match self {
            Scc::Anyuid => "anyuid",
            Scc::HostmountAnyuid => "hostmount-anyuid",
            Scc::Privileged => "privileged",
        }
    }
}

/// What one namespace must allow, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespaceNeed {
    pub namespace: String,
    pub level: PodSecurityLevel,
    /// The SCC the pods' account there must be allowed to use on OpenShift.
    pub scc: Scc,
    /// Why, as one sentence naming SkyPilot's source.
    pub why: &'static str,
    /// The account whose pods run there, when it is not the launch namespace's pods' own:
    /// the FUSE daemonset runs as `default` in `skypilot-system`.
    pub account: Option<&'static str>,
}

const ROOT_PODS: &str = "SkyPilot's pods set no securityContext and run as the image's user \
     (root in SkyPilot's images; setup needs root or passwordless sudo), which `restricted` \
     refuses (kubernetes-ray.yml.j2)";
const BUCKET_PODS: &str = "with object-store mounting each pod has a hostPath volume \
     (/var/run/fusermount), which `baseline` refuses (kubernetes-ray.yml.j2)";
const HOST_NETWORK_PODS: &str =
    "with host networking the pods set hostNetwork: true, which `baseline` refuses";
const FUSE_DAEMONSET: &str = "the fusermount-server DaemonSet runs privileged with a hostPath \
     volume as the namespace's default account (fusermount-server-daemonset.yaml); SkyPilot \
     creates the namespace unlabelled";

/// What each namespace SkyPilot uses must allow, for pods launched in `launch` with the
/// features `selected`: the launch namespace always, `skypilot-system` with object-store
/// mounting.
pub fn namespace_needs(launch: &str, selected: &[Feature]) -> Vec<NamespaceNeed> {
    let buckets = selected.contains(&Feature::ObjectStore);
    let host_network = selected.contains(&Feature::HostNetwork);
    let (level, why) = match (host_network, buckets) {
        (true, _) => (PodSecurityLevel::Privileged, HOST_NETWORK_PODS),
        (false, true) => (PodSecurityLevel::Privileged, BUCKET_PODS),
        (false, false) => (PodSecurityLevel::Baseline, ROOT_PODS),
    };
    let mut needs = vec![NamespaceNeed {
        namespace: launch.to_owned(),
        level,
        scc: level.scc(host_network),
        why,
        account: None,
    }];
    if buckets && launch != SKYPILOT_SYSTEM {
        needs.push(NamespaceNeed {
            namespace: SKYPILOT_SYSTEM.to_owned(),
            level: PodSecurityLevel::Privileged,
            scc: Scc::Privileged,
            why: FUSE_DAEMONSET,
            account: Some("default"),
        });
    }
    needs
}

/// Whether a namespace enforcing `enforced` admits pods that need `needed`.
pub fn admits(enforced: PodSecurityLevel, needed: PodSecurityLevel) -> bool {
    enforced >= needed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_features_that_need_the_host() {
        let plain = namespace_needs("ml", &[Feature::Core, Feature::Ingress]);
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].level, PodSecurityLevel::Baseline);
        assert_eq!(plain[0].scc, Scc::Anyuid);

        let buckets = namespace_needs("ml", &[Feature::Core, Feature::ObjectStore]);
        assert_eq!(
            buckets
                .iter()
                .map(|need| (need.namespace.as_str(), need.level, need.scc))
                .collect::<Vec<_>>(),
            [
                ("ml", PodSecurityLevel::Privileged, Scc::HostmountAnyuid),
                (
                    SKYPILOT_SYSTEM,
                    PodSecurityLevel::Privileged,
                    Scc::Privileged
                ),
            ]
        );
        assert_eq!(buckets[1].account, Some("default"));

        let host = namespace_needs("ml", &[Feature::HostNetwork, Feature::ObjectStore]);
        assert_eq!(host[0].scc, Scc::Privileged);
        // Launching in skypilot-system itself: one need, the stricter.
        assert_eq!(
            namespace_needs(SKYPILOT_SYSTEM, &[Feature::ObjectStore]).len(),
            1
        );
    }

    #[test]
    fn a_stricter_level_does_not_admit_what_a_looser_one_needs() {
        use PodSecurityLevel::*;
        assert!(admits(Privileged, Baseline));
        assert!(admits(Baseline, Baseline));
        assert!(!admits(Restricted, Baseline));
        assert!(!admits(Baseline, Privileged));
        for level in [Restricted, Baseline, Privileged] {
            assert_eq!(PodSecurityLevel::from_label(level.as_label()), Some(level));
        }
        assert_eq!(PodSecurityLevel::from_label("Baseline"), None);
    }
}
