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
    AuditRequest, Purpose, Subject, TeamRequest, MAX_INPUT_BYTES,
};
use skyauth::terminal_text::escape_controls;

use crate::feature_flags::{feature_list_help, parse_feature_list};
use crate::team_flags::{TeamArgs, TeamFlags};

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
    #[arg(short = 'n', long, value_name = "NS", allow_hyphen_values = true)]
    namespace: Option<String>,
    #[command(flatten)]
    team: TeamFlags,
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
    /// Output: a text report, JSON, only the patch manifest (for `kubectl apply -f -`), or
    /// SARIF (code scanning).
    #[arg(long, short = 'o', visible_alias = "output", value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    gate: crate::gate_flags::GateFlags,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Patch,
    /// SARIF 2.1.0, for code scanning: each finding with its place in the file.
    Sarif,
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let stdin = |file: &Option<PathBuf>| file.as_ref().is_none_or(|file| file.as_os_str() == "-");
    if args.team.config.is_some() && stdin(&args.team.config) && stdin(&args.file) {
        return fail("--config -: standard input carries the RBAC export; name the config's file");
    }
    let config = args.team.config_name();
    let (request, team) = match team(&args, version) {
        Some(Ok(team)) => (team.audit_request(), Some(team)),
        Some(Err(message)) => return fail(&message),
        None => match request(&args) {
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
    let text = match read_text(&file, MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(message) => return fail(&message),
    };
    let set = match parse_rbac(&text) {
        Ok(set) => set,
        Err(error) => return fail(&error.to_string()),
    };
    let audit = audit_set(&set, &request);
    match args.format {
        Format::Text => crate::emit(&match &team {
            Some(team) => team_text_report(&audit, team, &config),
            None => text_report(&audit, &request),
        }),
        Format::Patch => {
            let missing = team
                .as_ref()
                .and_then(|team| team.missing_rbac(&audit, &config));
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
        Format::Sarif => {
            let uri = crate::artifact_uri(&file);
            let export = skyauth::sarif::Artifact {
                uri: &uri,
                text: &text,
            };
            crate::emit(&skyauth::sarif::audit_log(
                &audit,
                export,
                env!("CARGO_PKG_VERSION"),
            ));
        }
        Format::Json => match match &team {
            Some(team) => team_json_report(&audit, team, &config),
            None => json_report(&audit, &request),
        } {
            Ok(json) => crate::emit(&json),
            Err(error) => return fail(&format!("could not write JSON: {error}")),
        },
    }
    args.gate.status(|level| audit.fails_at(level))
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

/// The team --workspace names in --config, resolved by the core; `None` without --workspace.
fn team(args: &Args, version: SkyPilotVersion) -> Option<Result<TeamRequest, String>> {
    if args.team.workspace.is_some() && args.ingress_namespace.is_some() {
        return Some(Err(crate::rbac::INGRESS_NAMESPACE_REFUSED.into()));
    }
    let launcher = match subject_flag(args) {
        Ok(subject) => subject.map(Identity::Subject),
        Err(message) => return Some(Err(message)),
    };
    args.team.resolve(TeamArgs {
        purpose: Purpose::Audit,
        launcher,
        namespace: &args.namespace,
        features: &args.features,
        metrics_namespace: &args.metrics_namespace,
        version,
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
