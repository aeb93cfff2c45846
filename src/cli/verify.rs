//! `skyauth verify`: prints a POSIX sh script that checks, with `kubectl auth can-i` against
//! the live cluster, that an identity holds what SkyPilot needs, feature by feature; with
//! `--workspace NAME --config FILE`, the identity and namespace of one team of that config
//! (decided by `skyauth::audit::TeamRequest`, as for the audit).

use std::process::ExitCode;

use skyauth::release::SkyPilotVersion;

use skyauth::audit::verify_script::{render, Identity, VerifyRequest};
use skyauth::audit::{Purpose, Subject, TeamChoice, TeamRequest};
use skyauth::terminal_text::escape_controls;

use crate::feature_flags::{feature_list_help, parse_feature_list};

/// Flags of `skyauth verify`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("identity")
    .args(["service_account", "user", "group", "as_me"])))]
pub struct Args {
    /// Check a service account, as NAMESPACE/NAME (impersonated with --as).
    #[arg(long, value_name = "NS/NAME", allow_hyphen_values = true)]
    service_account: Option<String>,
    /// Check a user (impersonated with --as).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    user: Option<String>,
    /// Check a group (impersonated with --as=skyauth-check --as-group=NAME).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    group: Option<String>,
    /// Check the kubeconfig's own identity (no impersonation).
    #[arg(long)]
    as_me: bool,
    /// The namespace SkyPilot launches in (default: the service account's, else `default`).
    /// With --workspace: which of the team's namespaces, when it launches in several.
    #[arg(long, value_name = "NS", allow_hyphen_values = true)]
    namespace: Option<String>,
    /// Check one team (SkyPilot workspace) of --config: its own service account in its
    /// namespace, or in a keyword mode the launcher --user, --group, --service-account or
    /// --as-me names (checked with managed-account); --features adds optional groups to core.
    #[arg(
        long,
        value_name = "NAME",
        requires = "config",
        allow_hyphen_values = true
    )]
    workspace: Option<String>,
    /// The config whose team --workspace names: a `~/.sky/config.yaml`, or the chart's
    /// values (its `apiService.config`); `-` reads standard input.
    #[arg(long, value_name = "FILE", requires = "workspace")]
    config: Option<std::path::PathBuf>,
    /// The namespace of SkyPilot's Prometheus (`metrics.prometheus.namespace`, SkyPilot
    /// 0.14.0+), where `gpu-metrics` needs its port-forward.
    #[arg(long, value_name = "NS", default_value = skyauth::catalogue::SKYPILOT_METRICS, allow_hyphen_values = true)]
    metrics_namespace: String,
    #[arg(long, value_name = "LIST", default_value = "core", help = feature_list_help(),
          allow_hyphen_values = true)]
    features: String,
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let request = match (&args.workspace, &args.config) {
        (Some(workspace), Some(config)) => team_request(&args, workspace, config, version),
        _ => request(&args).map(|request| VerifyRequest {
            skypilot_version: version,
            ..request
        }),
    };
    match request {
        Ok(request) => {
            crate::emit(&render(&request));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {}", escape_controls(&message));
            ExitCode::from(2)
        }
    }
}

/// The identity --service-account, --user, --group or --as-me names, if any.
fn identity_flag(args: &Args) -> Result<Option<Identity>, String> {
    let subject = match (&args.service_account, &args.user, &args.group) {
        (Some(account), _, _) => Some(Subject::service_account(account)),
        (_, Some(user), _) => Some(format!("user:{user}").parse::<Subject>()),
        (_, _, Some(group)) => Some(format!("group:{group}").parse::<Subject>()),
        _ => None,
    }
    .transpose()
    .map_err(|error| error.to_string())?;
    Ok(match subject {
        Some(subject) => Some(Identity::Subject(subject)),
        None if args.as_me => Some(Identity::Me),
        None => None,
    })
}

/// The check of the team --workspace names in --config, resolved by the core.
fn team_request(
    args: &Args,
    workspace: &str,
    config: &std::path::Path,
    version: SkyPilotVersion,
) -> Result<VerifyRequest, String> {
    let choice = TeamChoice {
        purpose: Purpose::Verify,
        workspace: workspace.to_owned(),
        launcher: identity_flag(args)?,
        namespace: crate::feature_flags::namespace_flag(&args.namespace)?,
        features: parse_feature_list(&args.features)?,
        metrics_namespace: crate::feature_flags::metrics_namespace_flag(&args.metrics_namespace)?,
        skypilot_version: version,
    };
    let settings = crate::read_config_settings(config, "--config")?;
    let team = TeamRequest::resolve(&settings, &choice).map_err(|error| error.to_string())?;
    Ok(team.verify_request())
}

fn request(args: &Args) -> Result<VerifyRequest, String> {
    let selected = parse_feature_list(&args.features)?;
    let identity = identity_flag(args)?.ok_or_else(|| {
        "name whose permissions to check: --service-account NS/NAME, --user NAME, --group \
         NAME or --as-me (or a team: --workspace NAME --config FILE)"
            .to_owned()
    })?;
    let mut request = VerifyRequest::new(identity, selected);
    if let Some(namespace) = crate::feature_flags::namespace_flag(&args.namespace)? {
        request.namespaces.launch = namespace;
    }
    request.namespaces.metrics =
        crate::feature_flags::metrics_namespace_flag(&args.metrics_namespace)?;
    Ok(request)
}
