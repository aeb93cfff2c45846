//! `skyauth config`: prints the `kubernetes:` snippet for ~/.sky/config.yaml. Its flags
//! ([`ConfigFlags`]) are shared with `skyauth helm`, whose values hold the same section.

use std::process::ExitCode;

use clap::ValueEnum;
use skyauth::generate::generate;
use skyauth::release::SkyPilotVersion;
use skyauth::setup::{
    AllowedContexts, AuthMethod, Field, PermissionProfile, PortsSetting, RemoteIdentity, Setup,
    SetupEdit, SetupError, TeamEdit,
};

use crate::report_setup_errors;

/// Flags of `skyauth config`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    config: ConfigFlags,
    /// The namespace SkyPilot launches in, written as `kubernetes.namespace` when not
    /// `default` (SkyPilot 0.13+; older releases use the kubeconfig context's namespace).
    #[arg(
        short = 'n',
        long,
        value_name = "NS",
        default_value = "default",
        allow_hyphen_values = true
    )]
    namespace: String,
}

/// The `kubernetes:` settings, as flags.
#[derive(clap::Args)]
pub struct ConfigFlags {
    /// SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD (SkyPilot 0.11.2+), NONE (nightly only), or the
    /// name of an existing service account.
    #[arg(
        long,
        value_name = "VALUE",
        default_value = "SERVICE_ACCOUNT",
        allow_hyphen_values = true
    )]
    remote_identity: String,
    /// A context SkyPilot may use (repeat for several), or `all` alone.
    #[arg(
        long = "allowed-context",
        value_name = "CTX",
        allow_hyphen_values = true
    )]
    allowed_contexts: Vec<String>,
    /// A context's own identity, CTX=VALUE (repeat), written under `context_configs`; every
    /// other context uses --remote-identity.
    #[arg(
        long = "context-identity",
        value_name = "CTX=VALUE",
        allow_hyphen_values = true
    )]
    context_identities: Vec<String>,
    /// A context's own namespace, CTX=NS (repeat), written under `context_configs`
    /// (SkyPilot 0.13+).
    #[arg(
        long = "context-namespace",
        value_name = "CTX=NS",
        allow_hyphen_values = true
    )]
    context_namespaces: Vec<String>,
    /// How to expose ports.
    #[arg(long, value_enum, value_name = "MODE")]
    ports: Option<Ports>,
    #[command(flatten)]
    workspaces: WorkspaceFlags,
    #[command(flatten)]
    cloud: crate::cloud_flags::CloudFlags,
}

/// Teams (SkyPilot workspaces, `workspaces.<NAME>.kubernetes`), as flags.
#[derive(clap::Args)]
pub struct WorkspaceFlags {
    /// A team (SkyPilot workspace) to write under `workspaces:` (repeat for several); what
    /// it leaves unset it inherits from the `kubernetes:` section.
    #[arg(long = "workspace", value_name = "NAME", allow_hyphen_values = true)]
    names: Vec<String>,
    /// A team's namespace, NAME=NS (SkyPilot 0.13+).
    #[arg(
        long = "workspace-namespace",
        value_name = "NAME=NS",
        allow_hyphen_values = true
    )]
    namespaces: Vec<String>,
    /// A team's remote_identity, NAME=VALUE: a keyword or its own service account
    /// (SkyPilot 0.13+).
    #[arg(
        long = "workspace-identity",
        value_name = "NAME=VALUE",
        allow_hyphen_values = true
    )]
    identities: Vec<String>,
    /// A context a team may use, NAME=CTX (repeat; its `allowed_contexts`).
    #[arg(
        long = "workspace-context",
        value_name = "NAME=CTX",
        allow_hyphen_values = true
    )]
    contexts: Vec<String>,
    /// What a team's own service account may do, NAME=PROFILE (default namespace-admin).
    #[arg(
        long = "workspace-profile",
        value_name = "NAME=PROFILE",
        allow_hyphen_values = true
    )]
    profiles: Vec<String>,
    /// A team's namespace in one context, NAME:CTX=NS (its `context_configs.<CTX>.namespace`,
    /// which beats the team's own; SkyPilot 0.13+).
    #[arg(
        long = "workspace-context-namespace",
        value_name = "NAME:CTX=NS",
        allow_hyphen_values = true
    )]
    team_context_namespaces: Vec<String>,
    /// A team's remote_identity in one context, NAME:CTX=VALUE (SkyPilot 0.13+).
    #[arg(
        long = "workspace-context-identity",
        value_name = "NAME:CTX=VALUE",
        allow_hyphen_values = true
    )]
    team_context_identities: Vec<String>,
}

impl WorkspaceFlags {
    /// Adds the teams these flags name to `setup`, or the first error (a value for a team
    /// not given with --workspace, a pair without `=`).
    pub fn apply(&self, setup: &mut Setup) -> Result<(), SetupError> {
        for name in &self.names {
            setup.teams.get_or_default(name);
        }
        // Each flag's values, an example, and the field a bad value is reported on.
        type Flag<'a> = (&'a [String], &'static str, fn(&str) -> Field);
        let flags: [Flag; 4] = [
            (
                &self.namespaces,
                "--workspace-namespace research=ml-research",
                |team| Field::TeamNamespace(team.to_owned()),
            ),
            (
                &self.identities,
                "--workspace-identity research=research-sa",
                |team| Field::TeamIdentity(team.to_owned()),
            ),
            (
                &self.contexts,
                "--workspace-context research=gke-prod",
                |team| Field::TeamContexts(team.to_owned()),
            ),
            (
                &self.profiles,
                "--workspace-profile research=minimal",
                |team| Field::TeamIdentity(team.to_owned()),
            ),
        ];
        for (index, (pairs, example, field)) in flags.into_iter().enumerate() {
            for pair in pairs {
                let Some((name, value)) = pair.split_once('=') else {
                    return Err(SetupError {
                        field: field(pair),
                        message: format!("`{pair}` is not NAME=VALUE, e.g. `{example}`."),
                    });
                };
                let Some(team) = setup.teams.get_mut(name) else {
                    return Err(SetupError {
                        field: Field::TeamName(name.to_owned()),
                        message: format!(
                            "`{pair}` is for team `{name}`, which no --workspace names: add \
                             `--workspace {name}`."
                        ),
                    });
                };
                match index {
                    0 => team.namespace = value.to_owned(),
                    1 => team.identity = value.to_owned(),
                    2 => team.contexts.push(value.to_owned()),
                    _ => {
                        team.profile =
                            PermissionProfile::from_id(value).ok_or_else(|| SetupError {
                                field: field(name),
                                message: format!(
                                    "`{value}` is not a permission profile: use one of {}.",
                                    PermissionProfile::ALL.map(|p| p.as_str()).join(", ")
                                ),
                            })?;
                    }
                }
            }
        }
        self.apply_context_values(setup)
    }

    /// The teams' values in single contexts: `NAME:CTX=VALUE`, the team's name before the
    /// first `:` (a team name has none), the value after the last `=` (a namespace or an
    /// identity has none), so a context such as an EKS ARN needs no quoting.
    fn apply_context_values(&self, setup: &mut Setup) -> Result<(), SetupError> {
        let flags = [
            (
                &self.team_context_namespaces,
                "--workspace-context-namespace research:gke-prod=ml-gke",
            ),
            (
                &self.team_context_identities,
                "--workspace-context-identity research:gke-prod=gke-sa",
            ),
        ];
        for (index, (triples, example)) in flags.into_iter().enumerate() {
            for triple in triples {
                let parsed = triple.split_once(':').and_then(|(team, rest)| {
                    let (context, value) = rest.rsplit_once('=')?;
                    Some((team, context, value))
                });
                let Some((name, context, value)) = parsed.filter(|(_, c, _)| !c.is_empty()) else {
                    let team = triple
                        .split([':', '='])
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    return Err(SetupError {
                        field: Field::TeamContexts(team),
                        message: format!("`{triple}` is not NAME:CTX=VALUE, e.g. `{example}`."),
                    });
                };
                if !setup.teams.contains_key(name) {
                    return Err(SetupError {
                        field: Field::TeamName(name.to_owned()),
                        message: format!(
                            "`{triple}` is for team `{name}`, which no --workspace names: add \
                             `--workspace {name}`."
                        ),
                    });
                }
                let (team, context, value) =
                    (name.to_owned(), context.to_owned(), value.to_owned());
                setup.apply(SetupEdit::Team(match index {
                    0 => TeamEdit::ContextNamespace {
                        team,
                        context,
                        value,
                    },
                    _ => TeamEdit::ContextIdentity {
                        team,
                        context,
                        value,
                    },
                }));
            }
        }
        Ok(())
    }
}

/// `kubernetes.ports` values.
#[derive(Clone, Copy, ValueEnum)]
enum Ports {
    Loadbalancer,
    Ingress,
    Podip,
}

impl ConfigFlags {
    /// The setup these flags describe, launching in `namespace`, or the first error.
    pub fn setup(&self, namespace: &str, version: SkyPilotVersion) -> Result<Setup, SetupError> {
        let mut setup = Setup {
            skypilot_version: version,
            ..Setup::default()
        };
        setup.apply(SetupEdit::UseIdentity(RemoteIdentity::read_for(
            &self.remote_identity,
            version,
        )));
        match setup.auth {
            AuthMethod::Custom => setup.account.namespace = namespace.to_owned(),
            _ => setup.launcher.namespace = namespace.to_owned(),
        }
        setup.cloud_identity = self.cloud.identity()?;
        let all = self.allowed_contexts.iter().any(|context| context == "all");
        if all && self.allowed_contexts.len() > 1 {
            return Err(SetupError {
                field: Field::AllowedContext(0),
                message: "`all` allows every context: give it alone, or list the contexts \\
                          without it."
                    .into(),
            });
        }
        if all {
            setup.contexts.allowed = AllowedContexts::All;
        } else if !self.allowed_contexts.is_empty() {
            setup.contexts.allowed = AllowedContexts::List;
            setup.contexts.names = self.allowed_contexts.clone();
        }
        let pairs = [
            (&self.context_identities, "gke-prod=sky-sa", true),
            (&self.context_namespaces, "gke-prod=ml", false),
        ];
        for (values, example, identity) in pairs {
            for pair in values {
                let field = |context: &str| match identity {
                    true => Field::ContextIdentity(context.to_owned()),
                    false => Field::ContextNamespace(context.to_owned()),
                };
                let Some((context, value)) = pair.split_once('=') else {
                    return Err(SetupError {
                        field: field(pair),
                        message: format!("`{pair}` is not CTX=VALUE, e.g. `{example}`."),
                    });
                };
                setup.contexts.per_context = true;
                if setup.contexts.allowed != AllowedContexts::List
                    && !setup.contexts.names.iter().any(|name| name == context)
                {
                    setup.contexts.names.push(context.to_owned());
                }
                let map = match identity {
                    true => &mut setup.contexts.identities,
                    false => &mut setup.contexts.namespaces,
                };
                map.insert(context.to_owned(), value.to_owned());
            }
        }
        setup.ports = match self.ports {
            None => PortsSetting::Unset,
            Some(Ports::Loadbalancer) => PortsSetting::Loadbalancer,
            Some(Ports::Ingress) => PortsSetting::Ingress,
            Some(Ports::Podip) => PortsSetting::Podip,
        };
        self.workspaces.apply(&mut setup)?;
        Ok(setup)
    }
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let setup = match args.config.setup(&args.namespace, version) {
        Ok(setup) => setup,
        Err(error) => return report_setup_errors(&[error]),
    };
    crate::report_setup_warnings(&setup);
    match generate(&setup) {
        Ok(output) => {
            crate::emit(&output.config);
            crate::report_cloud_steps(&setup);
            ExitCode::SUCCESS
        }
        Err(errors) => report_setup_errors(&errors),
    }
}
