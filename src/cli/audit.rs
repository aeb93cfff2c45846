//! `skyauth audit`: audits exported RBAC objects for one subject, as text, JSON or the patch;
//! with `--workspace NAME --config FILE`, for one team of that config (its subject and
//! namespace decided by `skyauth::audit::TeamRequest`). The flags and the IO are here; the
//! decisions and both reports are the core's (`skyauth::audit`, its text and JSON in
//! `skyauth::audit::render`).

use std::path::PathBuf;
use std::process::ExitCode;

use skyauth::release::SkyPilotVersion;

use clap::ValueEnum;
use skyauth::audit::verify_script::Identity;
use skyauth::audit::{
    audit_set, json_report, parse_rbac, team_json_report, team_text_report, text_report,
    AuditRequest, Purpose, Subject, TeamChoice, TeamRequest, MAX_INPUT_BYTES,
};
use skyauth::terminal_text::escape_controls;

use crate::feature_flags::{feature_list_help, parse_feature_list};

use crate::read_text;

/// Flags of `skyauth audit`.
#[derive(clap::Args)]
pub struct Args {
    /// Roles, ClusterRoles and bindings as YAML or JSON (for example the output of
    /// `kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml`); `-` reads
    /// standard input, as does no FILE when standard input is a pipe or a file.
    #[arg(value_name = "FILE|-")]
    file: Option<PathBuf>,
    /// The service account to audit, as NAMESPACE/NAME (default: default/sky-sa). With
    /// --workspace: the launcher of a team in a keyword mode (an API server's own account).
    #[arg(long, value_name = "NS/NAME",
          conflicts_with_all = ["user", "group"], allow_hyphen_values = true)]
    service_account: Option<String>,
    /// Audit a user instead (for example the identity in your kubeconfig). With
    /// --workspace: the launcher of a team in a keyword mode.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "group",
        allow_hyphen_values = true
    )]
    user: Option<String>,
    /// Audit a group instead. With --workspace: the launcher of a team in a keyword mode.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    group: Option<String>,
    /// The namespace SkyPilot launches in (default: the service account's, else `default`).
    /// With --workspace: which of the team's namespaces, when it launches in several.
    #[arg(long, value_name = "NS", allow_hyphen_values = true)]
    namespace: Option<String>,
    /// Audit one team (SkyPilot workspace) of --config: its own service account in its
    /// namespace, or in a keyword mode the launcher --user, --group or --service-account
    /// names (checked with managed-account); --features adds optional groups to core.
    #[arg(
        long,
        value_name = "NAME",
        requires = "config",
        allow_hyphen_values = true
    )]
    workspace: Option<String>,
    /// The config whose team --workspace names: a `~/.sky/config.yaml`, or the chart's
    /// values (its `apiService.config`).
    #[arg(long, value_name = "FILE", requires = "workspace")]
    config: Option<PathBuf>,
    /// The namespace of SkyPilot's Prometheus (`metrics.prometheus.namespace`, SkyPilot
    /// 0.14.0+), where `gpu-metrics` needs its port-forward.
    #[arg(long, value_name = "NS", default_value = skyauth::catalogue::SKYPILOT_METRICS, allow_hyphen_values = true)]
    metrics_namespace: String,
    /// Refused: SkyPilot reads only the ingress-nginx namespace.
    #[arg(long, value_name = "NS", hide = true, allow_hyphen_values = true)]
    ingress_namespace: Option<String>,
    #[arg(long, value_name = "LIST", default_value = "core", help = feature_list_help(),
          allow_hyphen_values = true)]
    features: String,
    /// Output: a text report, JSON, or only the patch manifest (for `kubectl apply -f -`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Patch,
}

/// A team's audit: the team, and its config's file as the user named it.
struct Team {
    request: TeamRequest,
    config: String,
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let (request, team) = match (&args.workspace, &args.config) {
        (Some(workspace), Some(config)) => match team(&args, workspace, config, version) {
            Ok(team) => (team.request.audit_request(), Some(team)),
            Err(message) => return fail(&message),
        },
        _ => match request(&args) {
            Ok(request) => (
                AuditRequest {
                    skypilot_version: version,
                    ..request
                },
                None,
            ),
            Err(message) => return fail(&message),
        },
    };
    let file = match crate::input_file(args.file.clone(), "audit") {
        Ok(file) => file,
        Err(status) => return status,
    };
    if file.as_os_str() == "-" && args.config.as_ref().is_some_and(|c| c.as_os_str() == "-") {
        return fail("--config -: standard input carries the RBAC export; name the config's file");
    }
    let set = match read_text(&file, MAX_INPUT_BYTES)
        .and_then(|text| parse_rbac(&text).map_err(|error| error.to_string()))
    {
        Ok(set) => set,
        Err(message) => return fail(&message),
    };
    let audit = audit_set(&set, &request);
    match args.format {
        Format::Text => crate::emit(&match &team {
            Some(team) => team_text_report(&audit, &team.request, &team.config),
            None => text_report(&audit, &request),
        }),
        Format::Patch => {
            let missing = team
                .as_ref()
                .and_then(|team| team.request.missing_rbac(&audit, &team.config));
            if let Some(missing) = missing {
                eprintln!("note: {}", escape_controls(&missing));
            } else if let Some(note) = audit.unbound_note() {
                eprintln!(
                    "note: {} The text report (without --format) lists the subjects the export binds.",
                    escape_controls(&note)
                );
            }
            match &audit.patch {
                Some(patch) => crate::emit(patch),
                None => eprintln!("note: every selected feature is granted; nothing to patch"),
            }
        }
        Format::Json => match match &team {
            Some(team) => team_json_report(&audit, &team.request, &team.config),
            None => json_report(&audit, &request),
        } {
            Ok(json) => crate::emit(&json),
            Err(error) => return fail(&format!("could not write JSON: {error}")),
        },
    }
    if audit.all_selected_granted() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {}", escape_controls(message));
    ExitCode::from(2)
}

/// The subject --user, --group or --service-account names, if any.
fn subject_flag(args: &Args) -> Result<Option<Subject>, String> {
    match (&args.user, &args.group, &args.service_account) {
        (Some(user), _, _) => format!("user:{user}").parse::<Subject>().map(Some),
        (_, Some(group), _) => format!("group:{group}").parse::<Subject>().map(Some),
        (_, _, Some(account)) => Subject::service_account(account).map(Some),
        _ => Ok(None),
    }
    .map_err(|error| error.to_string())
}

/// The team --workspace names in --config, resolved by the core.
fn team(
    args: &Args,
    workspace: &str,
    config: &std::path::Path,
    version: SkyPilotVersion,
) -> Result<Team, String> {
    if args.ingress_namespace.is_some() {
        return Err(crate::rbac::INGRESS_NAMESPACE_REFUSED.into());
    }
    let choice = TeamChoice {
        purpose: Purpose::Audit,
        workspace: workspace.to_owned(),
        launcher: subject_flag(args)?.map(Identity::Subject),
        namespace: crate::feature_flags::namespace_flag(&args.namespace)?,
        features: parse_feature_list(&args.features)?,
        metrics_namespace: crate::feature_flags::metrics_namespace_flag(&args.metrics_namespace)?,
        skypilot_version: version,
    };
    let settings = crate::read_config_settings(config, "--config")?;
    let request = TeamRequest::resolve(&settings, &choice).map_err(|error| error.to_string())?;
    Ok(Team {
        request,
        config: config.display().to_string(),
    })
}

fn request(args: &Args) -> Result<AuditRequest, String> {
    let subject = match subject_flag(args)? {
        Some(subject) => subject,
        None => Subject::service_account("default/sky-sa").map_err(|error| error.to_string())?,
    };
    let selected = parse_feature_list(&args.features)?;
    let mut request = AuditRequest::new(subject, selected);
    if args.ingress_namespace.is_some() {
        return Err(crate::rbac::INGRESS_NAMESPACE_REFUSED.into());
    }
    if let Some(namespace) = crate::feature_flags::namespace_flag(&args.namespace)? {
        request.namespaces.launch = namespace;
    }
    request.namespaces.metrics =
        crate::feature_flags::metrics_namespace_flag(&args.metrics_namespace)?;
    Ok(request)
}
