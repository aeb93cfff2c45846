//! `skyauth rbac`: prints the RBAC manifest for a custom service account, or for the
//! launching identity of the keyword modes (`--launcher`).

use std::process::ExitCode;

use skyauth::release::SkyPilotVersion;

use clap::ValueEnum;
use skyauth::generate::generate;
use skyauth::setup::{
    AuthMethod, CustomAccount, Launcher, Metrics, PermissionProfile, Prometheus, Setup, SubjectKind,
};
use skyauth::terminal_text::escape_controls;

use crate::feature_flags::FeatureFlags;

use crate::report_setup_errors;

/// Flags of `skyauth rbac`.
#[derive(clap::Args)]
pub struct Args {
    /// Name of the service account to create.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "sky-sa",
        allow_hyphen_values = true
    )]
    service_account: String,
    /// Instead of a custom account: RBAC for the identity that launches in the keyword modes
    /// (SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD), where SkyPilot creates its own account
    /// with the launcher's rights. A user (`user:NAME`), a group (`group:NAME`), or a service
    /// account such as an API server's (`NAMESPACE/NAME`).
    #[arg(long, value_name = "user:NAME|group:NAME|NS/NAME", allow_hyphen_values = true,
          conflicts_with_all = ["service_account", "profile", "create_namespace", "token_secret", "docs_secrets"])]
    launcher: Option<String>,
    /// With a custom account: bind this launcher too (`user:NAME`, `group:NAME` or
    /// `NAMESPACE/NAME`) to the account's roles, since SkyPilot creates the account's pods
    /// with the launcher's rights.
    #[arg(
        long,
        value_name = "user:NAME|group:NAME|NS/NAME",
        allow_hyphen_values = true,
        conflicts_with = "launcher"
    )]
    bind_launcher: Option<String>,
    /// Namespace of the service account (with --launcher: the namespace SkyPilot launches in).
    #[arg(
        short = 'n',
        long,
        value_name = "NS",
        default_value = "default",
        allow_hyphen_values = true
    )]
    namespace: String,
    /// How much the account may do.
    #[arg(long, value_enum, default_value = "namespace-admin")]
    profile: Profile,
    #[command(flatten)]
    features: FeatureFlags,
    /// Refused: SkyPilot reads only the ingress-nginx namespace.
    #[arg(long, value_name = "NS", hide = true, allow_hyphen_values = true)]
    ingress_namespace: Option<String>,
    /// Also create the namespace.
    #[arg(long)]
    create_namespace: bool,
    /// Also create a long-lived token Secret for the account.
    #[arg(long)]
    token_secret: bool,
    /// With --profile minimal: also grant every Secret in the namespace, as SkyPilot's
    /// documented minimum does (parity only: SkyPilot's code reads no Secret since 2025-10).
    #[arg(long)]
    docs_secrets: bool,
    /// The namespace of SkyPilot's Prometheus, as `metrics.prometheus.namespace` in the API
    /// server's config (SkyPilot 0.14.0+), where --gpu-metrics grants its port-forward.
    #[arg(long, value_name = "NS", default_value = skyauth::catalogue::SKYPILOT_METRICS, allow_hyphen_values = true)]
    metrics_namespace: String,
    /// Generate RBAC for namespace kube-system anyway: an account that may create pods there
    /// can run them as any controller's account, so it is cluster-admin in all but name.
    /// Refused without this flag.
    #[arg(long)]
    allow_kube_system: bool,
    /// Label the namespaces the manifest creates (--create-namespace, skypilot-system with
    /// --object-store) with the Pod Security level SkyPilot's pods need there: baseline, or
    /// privileged for bucket mounts and the host network (docs/hardening.md).
    #[arg(long)]
    pod_security_labels: bool,
    /// On OpenShift: let the pods' account use the SCC its pods need (anyuid; hostmount-anyuid
    /// for bucket mounts; privileged for the host network and the FUSE daemonset).
    #[arg(long)]
    openshift: bool,
    /// A `~/.sky/config.yaml` or the chart's values (`apiService.config`): write the RBAC of
    /// every team (`workspaces:`) it names, and of its `kubernetes:` section, with --profile
    /// for each account it names and --launcher for the keyword modes. `-` reads stdin.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["service_account", "namespace", "bind_launcher", "create_namespace", "token_secret", "cloud_identity"])]
    workspace_config: Option<std::path::PathBuf>,
    /// With --workspace-config: also write each team's file (`team-NAME-rbac.yaml`), the file
    /// of what teams share (`teams-shared-rbac.yaml`, when they share objects; apply it first)
    /// and the file of all teams into DIR (made when missing).
    #[arg(long, value_name = "DIR", requires = "workspace_config")]
    out_dir: Option<std::path::PathBuf>,
    /// With --workspace-config: who launches for one team, NAME=SUBJECT (`user:NAME`,
    /// `group:NAME` or `NAMESPACE/NAME`; repeat), instead of --launcher.
    #[arg(
        long,
        value_name = "NAME=SUBJECT",
        requires = "workspace_config",
        allow_hyphen_values = true
    )]
    workspace_launcher: Vec<String>,
    #[command(flatten)]
    cloud: crate::cloud_flags::CloudFlags,
}

/// Why `--ingress-namespace` is refused (also by `skyauth audit`).
pub const INGRESS_NAMESPACE_REFUSED: &str = "--ingress-namespace: SkyPilot reads only the \
    ingress-nginx namespace (service ingress-nginx-controller, ingress class nginx), so \
    permissions anywhere else would never be used; the flag was removed. Install the \
    controller there, and drop the flag.";

/// A permission profile as a CLI value: the catalogue's ids and descriptions.
#[derive(Clone, Copy)]
struct Profile(PermissionProfile);

impl ValueEnum for Profile {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [Profile; PermissionProfile::ALL.len()] = {
            let mut all = [Profile(PermissionProfile::Minimal); PermissionProfile::ALL.len()];
            let mut i = 0;
            while i < all.len() {
                all[i] = Profile(PermissionProfile::ALL[i]);
                i += 1;
            }
            all
        };
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let entry = self.0.entry();
        let value = clap::builder::PossibleValue::new(entry.id).help(entry.description);
        Some(match self.0 {
            // The profile's name before 2026-12, so existing scripts keep running.
            PermissionProfile::NamespaceAdmin => value.alias("documented"),
            _ => value,
        })
    }
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    if args.ingress_namespace.is_some() {
        eprintln!("error: {INGRESS_NAMESPACE_REFUSED}");
        return ExitCode::from(2);
    }
    if args.docs_secrets && args.profile.0.entry().docs_parity.is_empty() {
        eprintln!(
            "error: --docs-secrets: only --profile minimal leaves Secrets out; profile `{}` \
             already decides them. Drop the flag, or use --profile minimal.",
            args.profile.0.as_str()
        );
        return ExitCode::from(2);
    }
    let hardening = hardening(&args);
    let metrics = Metrics {
        prometheus: Prometheus {
            namespace: args.metrics_namespace.clone(),
        },
    };
    if let Some(path) = &args.workspace_config {
        return workspaces::run(path, &args, metrics, version);
    }
    let cloud_identity = match args.cloud.identity() {
        Ok(identity) => identity,
        Err(error) => return report_setup_errors(&[error]),
    };
    let mut setup = match &args.launcher {
        Some(text) => match launcher(text) {
            Ok((subject_kind, subject)) => Setup {
                auth: AuthMethod::ServiceAccount,
                launcher: Launcher {
                    enabled: true,
                    subject_kind,
                    subject,
                    namespace: args.namespace,
                },
                features: args.features.0,
                metrics,
                allow_kube_system: args.allow_kube_system,
                hardening: hardening.clone(),
                ..Setup::default()
            },
            Err(message) => {
                eprintln!("error: --launcher: {}", escape_controls(&message));
                return ExitCode::from(2);
            }
        },
        None => {
            let bound = match args.bind_launcher.as_deref().map(launcher).transpose() {
                Ok(bound) => bound,
                Err(message) => {
                    eprintln!("error: --bind-launcher: {}", escape_controls(&message));
                    return ExitCode::from(2);
                }
            };
            let mut setup = Setup {
                auth: AuthMethod::Custom,
                account: CustomAccount {
                    namespace: args.namespace,
                    name: args.service_account,
                    profile: args.profile.0,
                    create_namespace: args.create_namespace,
                    token_secret: args.token_secret,
                    docs_secrets: args.docs_secrets,
                },
                features: args.features.0,
                metrics,
                allow_kube_system: args.allow_kube_system,
                hardening: hardening.clone(),
                ..Setup::default()
            };
            if let Some((subject_kind, subject)) = bound {
                if !setup.custom_launcher_applies() {
                    eprintln!(
                        "error: --bind-launcher: the {} profile is not bound to a launcher (cluster-admin: bind it yourself; workload: it cannot launch).",
                        setup.account.profile.entry().id
                    );
                    return ExitCode::from(2);
                }
                setup.launcher = Launcher {
                    enabled: true,
                    subject_kind,
                    subject,
                    ..Launcher::default()
                };
            }
            setup
        }
    };
    setup.skypilot_version = version;
    setup.cloud_identity = cloud_identity;
    match generate(&setup) {
        Ok(output) => {
            crate::emit(&output.manifest.unwrap_or_default());
            for note in output.notes {
                eprintln!("note: {note}");
            }
            crate::report_cloud_steps(&setup);
            ExitCode::SUCCESS
        }
        Err(errors) => report_setup_errors(&errors),
    }
}

/// `skyauth rbac --workspace-config`: the RBAC of every team of a config.
mod workspaces {
    use std::path::Path;
    use std::process::ExitCode;

    use skyauth::generate::generate;
    use skyauth::release::SkyPilotVersion;
    use skyauth::setup::{setup_from_settings, Metrics};
    use skyauth::terminal_text::escape_controls;

    use super::Args;
    use crate::report_setup_errors;

    pub fn run(path: &Path, args: &Args, metrics: Metrics, version: SkyPilotVersion) -> ExitCode {
        let settings = match crate::read_config_settings(path, "--workspace-config") {
            Ok(settings) => settings,
            Err(message) => {
                eprintln!("error: {}", escape_controls(&message));
                return ExitCode::from(2);
            }
        };
        let mut setup = match setup_from_settings(&settings, version) {
            Ok(setup) => setup,
            Err(message) => {
                eprintln!("error: --workspace-config: {}", escape_controls(&message));
                return ExitCode::from(2);
            }
        };
        if !setup.has_teams() && !setup.has_context_values() {
            eprintln!(
                "error: --workspace-config: the config has no `workspaces:` teams and no \
                 `context_configs` of its own; for the `kubernetes:` section alone use \
                 `skyauth rbac` with its flags."
            );
            return ExitCode::from(2);
        }
        setup.account.profile = args.profile.0;
        setup.account.docs_secrets = args.docs_secrets;
        for team in setup.teams.values_mut() {
            team.profile = args.profile.0;
        }
        setup.features = args.features.0;
        setup.metrics = metrics;
        setup.allow_kube_system = args.allow_kube_system;
        setup.hardening = super::hardening(args);
        if let Some(text) = &args.launcher {
            match super::launcher(text) {
                Ok((kind, subject)) => {
                    setup.launcher.enabled = true;
                    setup.launcher.subject_kind = kind;
                    setup.launcher.subject = subject;
                }
                Err(message) => {
                    eprintln!("error: --launcher: {}", escape_controls(&message));
                    return ExitCode::from(2);
                }
            }
        }
        for pair in &args.workspace_launcher {
            let parsed = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not NAME=SUBJECT, e.g. `prod=group:ml-prod`"))
                .and_then(|(name, subject)| {
                    let teams: Vec<String> = setup.teams.keys().cloned().collect();
                    let team = setup.teams.get_mut(name).ok_or_else(|| {
                        format!(
                            "the config has no team `{name}` (it has {})",
                            teams.join(", ")
                        )
                    })?;
                    let (kind, subject) = super::launcher(subject)?;
                    team.launcher_kind = kind;
                    team.launcher_subject = subject;
                    Ok(())
                });
            if let Err(message) = parsed {
                eprintln!("error: --workspace-launcher: {}", escape_controls(&message));
                return ExitCode::from(2);
            }
        }
        let output = match generate(&setup) {
            Ok(output) => output,
            Err(errors) => return report_setup_errors(&errors),
        };
        if let Some(dir) = &args.out_dir {
            if let Err(error) = std::fs::create_dir_all(dir) {
                eprintln!("error: --out-dir: cannot create {}: {error}", dir.display());
                return ExitCode::from(2);
            }
            for file in &output.teams {
                if let Some(manifest) = &file.manifest {
                    let path = dir.join(&file.file);
                    if let Err(error) = std::fs::write(&path, manifest) {
                        eprintln!("error: --out-dir: cannot write {}: {error}", path.display());
                        return ExitCode::from(2);
                    }
                    eprintln!("wrote {}", path.display());
                }
            }
        }
        for file in &output.teams {
            if let Some(note) = &file.note {
                eprintln!("note: {note}");
            }
        }
        if !setup.has_teams() {
            // The section alone, with each context's own account.
            crate::emit(&output.manifest.unwrap_or_default());
            for note in output.notes.iter().chain(&output.manifest_note) {
                eprintln!("note: {note}");
            }
            return ExitCode::SUCCESS;
        }
        let all = output.teams.last().and_then(|all| all.manifest.clone());
        crate::emit(&all.unwrap_or_default());
        ExitCode::SUCCESS
    }
}

/// Reads `user:NAME`, `group:NAME` or `NAMESPACE/NAME`.
fn launcher(text: &str) -> Result<(SubjectKind, String), String> {
    if let Some(name) = text.strip_prefix("user:") {
        Ok((SubjectKind::User, name.to_owned()))
    } else if let Some(name) = text.strip_prefix("group:") {
        Ok((SubjectKind::Group, name.to_owned()))
    } else if text.contains('/') {
        Ok((SubjectKind::ServiceAccount, text.to_owned()))
    } else {
        Err(format!(
            "`{text}` is not user:NAME, group:NAME or NAMESPACE/NAME (a service account)"
        ))
    }
}

/// --pod-security-labels and --openshift.
fn hardening(args: &Args) -> skyauth::setup::Hardening {
    skyauth::setup::Hardening {
        pod_security_labels: args.pod_security_labels,
        openshift: args.openshift,
    }
}
