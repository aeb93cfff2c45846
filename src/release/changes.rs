//! What changed in which SkyPilot release: one entry per version-dependent key, keyword or
//! call (`../shared/reference/skypilot-kubernetes.md` §8, each checked in the wheels on PyPI).
//! The generator, the validator, the doctor, the linter and the catalogue ask
//! [`super::SkyPilotVersion::has`]; the messages name the release from here.

use super::{Release, SkyPilotVersion};

/// A version-dependent behaviour of SkyPilot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// `kubernetes.context_configs` (and its `remote_identity`): 0.10.0.
    ContextConfigs,
    /// `allowed_contexts: all`: 0.10.5.
    AllowedContextsAll,
    /// `remote_identity: NO_UPLOAD` (PR #8659): 0.11.2. Before, the literal string named a
    /// service account.
    NoUpload,
    /// A workspace's `kubernetes.context_configs` and `kueue` (and per context), and a
    /// workspace's `slurm: {disabled}`: 0.11.2's schema; 0.11.1 refuses them, on a client too.
    WorkspaceKueue,
    /// A workspace's `kubernetes.quota` (and per context): 0.12.1's schema, which also lets a
    /// client pass keys it does not know under a workspace's `kubernetes:` (an API server
    /// with its plugins loaded still refuses them); 0.12.0 refuses both, on a client too.
    WorkspaceQuota,
    /// `kubernetes.namespace`, per context too (PR #9640): 0.13.0. Older releases reject the
    /// whole config (0.10, 0.11 everywhere; 0.12 on an API server).
    Namespace,
    /// A workspace's own `namespace` and `remote_identity` (and per context):
    /// `workspaces.<ws>.kubernetes` in 0.13.0's schema; 0.12 has its `allowed_contexts` only.
    WorkspaceIdentity,
    /// hostNetwork pods publish their ports in a ConfigMap (`host_network_probe.py`): 0.13.0.
    HostNetworkProbe,
    /// A workspace's `read_access`, and its `slurm` settings beyond `disabled`: 0.14.0's
    /// schema; 0.13.0 refuses them, on a client too.
    WorkspaceReadAccess,
    /// `metrics.prometheus.{namespace,service,port}` (`sky/metrics/utils.py`): 0.14.0.
    MetricsPrometheus,
    /// GPU metrics read namespace `kube-system` to tell whether a context is the API server's
    /// own cluster (`sky/metrics/utils.py` `is_local_context`): 0.14.0.
    MetricsLocalContext,
    /// Controllers run as `skypilot-controller-service-account`, which alone gets the cluster
    /// role and the `skypilot-system`/`ingress-nginx` roles; workload clusters get their
    /// account and namespace Role only; the cluster role drops `delete` on cluster RBAC.
    /// Nightly from dev20260924, no release yet.
    ControllerAccount,
    /// A pod an exec finds gone after its container exited with an error: SkyPilot reads the
    /// container's last 50 log lines to say why (`utils.py` `diagnose_terminated_pod`,
    /// `_self_exit_output`; a refusal only drops that detail): nightly from dev20261008
    /// (dev20261007 has no such call).
    PodFailureLog,
    /// `remote_identity: NONE` (no token mounted; case-insensitive): nightly from
    /// dev20261013. On releases `NONE` is read as an account name and pods are rejected.
    RemoteIdentityNone,
    /// Every launch reads namespace `kube-system` (its UID records which cluster a context
    /// points at; a 403 is tolerated): observed in nightly dev20261027.
    ClusterIdentityRead,
    /// `host_network_port_range`, a context setting: nightly dev20261027.
    HostNetworkPortRange,
    /// `workspaces.<ws>.name`, a workspace's display name (its key stays the id): observed
    /// in nightly dev20261027. A release's schema refuses any other key under a workspace,
    /// on a client too.
    WorkspaceName,
    /// hostNetwork pods get their ports in the pod spec (`hostPort`): no ConfigMap is written;
    /// the launcher reads the old one only to recover a head an older SkyPilot created
    /// (`instance.py` `_head_block_from_configmap`): nightly dev20261027.
    HostNetworkPortsInSpec,
}

/// Where a change first shipped: a release, a nightly date, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Since {
    pub release: Option<Release>,
    pub nightly: Option<u32>,
}

/// The oldest nightly skyauth knows: the controller-account split. Older nightlies are
/// refused when read (pick the release before them instead), so every nightly it accepts
/// has every change a release shipped before it.
pub const FIRST_NIGHTLY: u32 = 20260924;

const fn release(major: u16, minor: u16, patch: u16) -> Since {
    Since {
        release: Some(Release::new(major, minor, patch)),
        nightly: Some(FIRST_NIGHTLY),
    }
}

const fn nightly(date: u32) -> Since {
    Since {
        release: None,
        nightly: Some(date),
    }
}

impl Change {
    /// Every change, oldest first.
    pub const ALL: [Change; 18] = [
        Change::ContextConfigs,
        Change::AllowedContextsAll,
        Change::NoUpload,
        Change::WorkspaceKueue,
        Change::WorkspaceQuota,
        Change::Namespace,
        Change::WorkspaceIdentity,
        Change::HostNetworkProbe,
        Change::WorkspaceReadAccess,
        Change::MetricsPrometheus,
        Change::MetricsLocalContext,
        Change::ControllerAccount,
        Change::PodFailureLog,
        Change::RemoteIdentityNone,
        Change::ClusterIdentityRead,
        Change::HostNetworkPortRange,
        Change::WorkspaceName,
        Change::HostNetworkPortsInSpec,
    ];

    /// Where it first shipped.
    pub const fn since(self) -> Since {
        match self {
            Change::ContextConfigs => release(0, 10, 0),
            Change::AllowedContextsAll => release(0, 10, 5),
            Change::NoUpload | Change::WorkspaceKueue => release(0, 11, 2),
            Change::WorkspaceQuota => release(0, 12, 1),
            Change::Namespace | Change::WorkspaceIdentity | Change::HostNetworkProbe => {
                release(0, 13, 0)
            }
            Change::MetricsPrometheus
            | Change::MetricsLocalContext
            | Change::WorkspaceReadAccess => release(0, 14, 0),
            Change::ControllerAccount => nightly(FIRST_NIGHTLY),
            Change::PodFailureLog => nightly(20261008),
            Change::RemoteIdentityNone => nightly(20261013),
            Change::ClusterIdentityRead
            | Change::HostNetworkPortRange
            | Change::WorkspaceName
            | Change::HostNetworkPortsInSpec => nightly(20261027),
        }
    }

    /// What it is, for messages ("`kubernetes.namespace` needs SkyPilot 0.13.0 or later").
    pub const fn what(self) -> &'static str {
        match self {
            Change::ContextConfigs => "`context_configs`",
            Change::AllowedContextsAll => "`allowed_contexts: all`",
            Change::NoUpload => "`remote_identity: NO_UPLOAD`",
            Change::Namespace => "`kubernetes.namespace` (and `context_configs.<ctx>.namespace`)",
            Change::WorkspaceIdentity => {
                "a workspace's `namespace` and `remote_identity` (`workspaces.<ws>.kubernetes`)"
            }
            Change::HostNetworkProbe => "the hostNetwork port ConfigMap",
            Change::WorkspaceKueue => {
                "a workspace's `kubernetes.context_configs` and `kueue` (and `slurm`)"
            }
            Change::WorkspaceQuota => {
                "a workspace's `kubernetes.quota`, and keys a client passes on under it"
            }
            Change::WorkspaceReadAccess => {
                "a workspace's `read_access` (and its `slurm` settings beyond `disabled`)"
            }
            Change::MetricsPrometheus => "`metrics.prometheus.namespace`",
            Change::MetricsLocalContext => "GPU metrics' read of `kube-system`",
            Change::ControllerAccount => "the controller service account",
            Change::PodFailureLog => "the failed pod's log read",
            Change::RemoteIdentityNone => "`remote_identity: NONE`",
            Change::ClusterIdentityRead => "the cluster-identity read of `kube-system`",
            Change::HostNetworkPortRange => "`host_network_port_range`",
            Change::WorkspaceName => "a workspace's display `name` (`workspaces.<ws>.name`)",
            Change::HostNetworkPortsInSpec => "hostNetwork ports in the pod spec",
        }
    }

    /// The first version with it, as people say it: `SkyPilot 0.13.0 or later`, or `a SkyPilot
    /// nightly, 1.0.0.dev20261013 or later (no release has it yet)`.
    pub fn first_version(self) -> String {
        let since = self.since();
        match (since.release, since.nightly) {
            (Some(release), _) => format!("SkyPilot {release} or later"),
            (None, Some(date)) => format!(
                "a SkyPilot nightly, {} or later (no release has it yet)",
                SkyPilotVersion::Nightly(date)
            ),
            (None, None) => "a SkyPilot that does not exist yet".to_owned(),
        }
    }

    /// "`X` needs SkyPilot V or later; the chosen version is W" for a version without it.
    pub fn missing_in(self, version: SkyPilotVersion) -> String {
        format!(
            "{} needs {}; the chosen version is {version}",
            self.what(),
            self.first_version()
        )
    }
}
