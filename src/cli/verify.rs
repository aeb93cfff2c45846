//! `skyauth verify`: prints a POSIX sh script that checks, with `kubectl auth can-i` against
//! the live cluster, that an identity holds what SkyPilot needs, feature by feature; with
//! `--workspace NAME --config FILE`, the identity and namespace of one team of that config
//! (decided by `skyauth::audit::TeamRequest`, as for the audit).

use std::process::ExitCode;

use skyauth::release::SkyPilotVersion;

use skyauth::audit::verify_script::{render_plan, Identity, VerifyPlan, VerifyRequest};
use skyauth::audit::{Purpose, Subject};
use skyauth::terminal_text::escape_controls;

use crate::feature_flags::{feature_list_help, parse_feature_list};
use crate::team_flags::{TeamArgs, TeamFlags};

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
    #[arg(short = 'n', long, value_name = "NS", allow_hyphen_values = true)]
    namespace: Option<String>,
    #[command(flatten)]
    team: TeamFlags,
    /// The namespace of SkyPilot's Prometheus (`metrics.prometheus.namespace`, SkyPilot
    /// 0.14.0+), where `gpu-metrics` needs its port-forward.
    #[arg(long, value_name = "NS", default_value = skyauth::catalogue::SKYPILOT_METRICS, allow_hyphen_values = true)]
    metrics_namespace: String,
    #[arg(long, value_name = "LIST", default_value = "core", help = feature_list_help(),
          allow_hyphen_values = true)]
    features: String,
    /// A kubeconfig context to check (repeatable): the script checks each with --context and
    /// ends with a matrix. With --config: only these of the config's contexts.
    #[arg(long = "context", value_name = "NAME", allow_hyphen_values = true)]
    contexts: Vec<String>,
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    match plan(&args, version) {
        Ok(plan) => {
            crate::emit(&render_plan(&plan));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {}", escape_controls(&message));
            ExitCode::from(2)
        }
    }
}

/// What the script checks where: a team's (or with --config alone, the `kubernetes:`
/// section's) targets in their contexts, else the identity the flags name in each --context.
fn plan(args: &Args, version: SkyPilotVersion) -> Result<VerifyPlan, String> {
    crate::plugin::contexts_flag(&args.contexts)?;
    let launcher = identity_flag(args)?;
    let team = args.team.verify_plan(
        TeamArgs {
            purpose: Purpose::Verify,
            launcher,
            namespace: &args.namespace,
            features: &args.features,
            metrics_namespace: &args.metrics_namespace,
            version,
        },
        &args.contexts,
    );
    match team {
        Some(plan) => plan,
        None => {
            let request = VerifyRequest {
                skypilot_version: version,
                ..request(args)?
            };
            Ok(VerifyPlan::in_contexts(request, &args.contexts))
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
