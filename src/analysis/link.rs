//! A share link read in the worker: the settings it holds, as the edits that make them from
//! the default setup (`Setup::edits`), and the settings left out. The page applies the edits
//! with its reducer's own `Setup::apply`, so its first load carries no reader of links
//! (serde's deserializer over the YAML tree cost about 21 KB gzip there).

use super::codec::{wire_enum, wire_struct, wire_variants};
use crate::catalogue::PermissionProfile;
use crate::setup::{
    AllowedContexts, AuthMethod, CloudField, CloudProvider, Deployment, Extra, PortsSetting,
    ServerEdit, ServerIdentity, Setup, SetupEdit, SubjectKind, TeamEdit,
};

/// What a link set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkView {
    /// The edits that turn the default setup into the link's.
    pub edits: Vec<SetupEdit>,
    /// Each setting left out, in plain words (`crate::share::ReadLink::left_out`).
    pub left_out: Vec<String>,
}
wire_struct!(LinkView { edits, left_out });

impl LinkView {
    /// Reads a link's fragment (with or without its `#`).
    pub fn from_fragment(fragment: &str) -> LinkView {
        let read = crate::share::read_link::<Setup>(fragment);
        LinkView {
            edits: read.value.edits(),
            left_out: read.left_out,
        }
    }

    /// The setup the link describes.
    pub fn setup(&self) -> Setup {
        let mut setup = Setup::default();
        for edit in &self.edits {
            setup.apply(edit.clone());
        }
        setup
    }
}

wire_enum!(Deployment { Cli, Helm });
wire_enum!(ServerIdentity {
    ChartManaged,
    Minimal,
    Existing
});
wire_enum!(AuthMethod {
    ServiceAccount,
    LocalCredentials,
    NoUpload,
    Custom,
    NoToken
});
wire_enum!(PermissionProfile {
    Minimal,
    NamespaceAdmin,
    ClusterAdmin,
    Workload
});
wire_enum!(Extra {
    CreateNamespace,
    TokenSecret
});
wire_enum!(SubjectKind {
    User,
    Group,
    ServiceAccount
});
wire_enum!(AllowedContexts { Current, All, List });
wire_enum!(PortsSetting {
    Unset,
    Loadbalancer,
    Ingress,
    Podip
});
wire_enum!(CloudProvider {
    None,
    EksIrsa,
    EksPodIdentity,
    Gke,
    Azure
});
wire_enum!(CloudField {
    Provider,
    RoleArn,
    EksCluster,
    GcpServiceAccount,
    AzureClientId,
    AzureTenantId
});

wire_variants!(ServerEdit {
    0 => Release(value),
    1 => Namespace(value),
    2 => Identity(identity),
    3 => ExistingAccount(value),
    4 => ObjectStore(on),
    5 => InCluster(on),
    6 => OtherClusters(on),
    7 => SecretName(value),
});

wire_variants!(TeamEdit {
    0 => Add,
    1 => Remove(name),
    2 => Rename { from, to },
    3 => Contexts { team, contexts },
    4 => Namespace { team, value },
    5 => Identity { team, value },
    6 => ContextNamespace { team, context, value },
    7 => ContextIdentity { team, context, value },
    8 => Profile { team, profile },
    9 => Launcher { team, kind, subject },
});

wire_variants!(SetupEdit {
    0 => SkyPilotVersion(version),
    1 => Deployment(deployment),
    2 => Server(edit),
    3 => Auth(auth),
    4 => Namespace(value),
    5 => AccountName(value),
    6 => Profile(profile),
    7 => Feature(feature, on),
    8 => Extra(extra, on),
    9 => LauncherEnabled(on),
    10 => LauncherKind(kind),
    11 => LauncherSubject(value),
    12 => LauncherNamespace(value),
    13 => AllowedContexts(allowed),
    14 => ContextNames(names),
    15 => PerContext(on),
    16 => ContextIdentity { context, value },
    17 => ContextNamespace { context, value },
    18 => Ports(ports),
    19 => MetricsNamespace(value),
    20 => DocsSecrets(on),
    21 => AllowKubeSystem(on),
    22 => PodSecurityLabels(on),
    23 => OpenShift(on),
    24 => UseIdentity(identity),
    25 => Team(edit),
    26 => CloudProvider(provider),
    27 => CloudValue(field, value),
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::codec::{decode, encode};

    #[test]
    fn a_link_crosses_as_edits_and_reads_back_as_its_setup() {
        let fragment = "auth=custom&account.namespace=ml&features.ingress=true\
                        &teams.team-1.namespace=a&teams.x.contexts=%5B%22c%22%5D\
                        &account.profile=minimum";
        let view = LinkView::from_fragment(fragment);
        let crossed: LinkView = decode(&encode(&view)).expect("decodes");
        assert_eq!(crossed, view);
        let read = crate::share::read_link::<Setup>(fragment);
        assert_eq!(crossed.setup(), read.value);
        assert_eq!(crossed.left_out, read.left_out);
        assert_eq!(crossed.left_out.len(), 1, "{:?}", crossed.left_out);
    }
}
