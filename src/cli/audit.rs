//! `skyauth audit`: audits exported RBAC objects for one subject, as text, JSON or the patch.
//!
//! Kept in one file on purpose: the flags, the three output formats and the unbound-subject
//! hint read the same report; the decisions are the core's (`skyauth::audit`).

use std::path::PathBuf;
use std::process::ExitCode;

use skyauth::release::SkyPilotVersion;

use clap::ValueEnum;
use serde::Serialize;
use skyauth::audit::{
    audit_set, parse_rbac, Audit, AuditRequest, BoundSubject, Subject, MAX_INPUT_BYTES,
};
use skyauth::generate::shell::quote;

use skyauth::catalogue::INGRESS_NGINX;
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
    /// The service account to audit, as NAMESPACE/NAME.
    #[arg(long, value_name = "NS/NAME", default_value = "default/sky-sa",
          conflicts_with_all = ["user", "group"], allow_hyphen_values = true)]
    service_account: String,
    /// Audit a user instead (for example the identity in your kubeconfig).
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "group",
        allow_hyphen_values = true
    )]
    user: Option<String>,
    /// Audit a group instead.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    group: Option<String>,
    /// The namespace SkyPilot launches in (default: the service account's, else `default`).
    #[arg(long, value_name = "NS", allow_hyphen_values = true)]
    namespace: Option<String>,
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

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let request = match request(&args) {
        Ok(request) => AuditRequest {
            skypilot_version: version,
            ..request
        },
        Err(message) => return fail(&message),
    };
    let file = match crate::input_file(args.file.clone(), "audit") {
        Ok(file) => file,
        Err(status) => return status,
    };
    let set = match read_text(&file, MAX_INPUT_BYTES)
        .and_then(|text| parse_rbac(&text).map_err(|error| error.to_string()))
    {
        Ok(set) => set,
        Err(message) => return fail(&message),
    };
    let audit = audit_set(&set, &request);
    match args.format {
        Format::Text => crate::emit(&text_report(&audit, &request)),
        Format::Patch => {
            if let Some(note) = audit.unbound_note() {
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
        Format::Json => match serde_json::to_string_pretty(&JsonAudit::new(&audit, &request)) {
            Ok(json) => crate::emit(&format!(
                "{}\n",
                skyauth::terminal_text::escape_json_text(&json)
            )),
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

fn request(args: &Args) -> Result<AuditRequest, String> {
    let subject = match (&args.user, &args.group) {
        (Some(user), _) => format!("user:{user}").parse::<Subject>(),
        (_, Some(group)) => format!("group:{group}").parse::<Subject>(),
        _ => Subject::service_account(&args.service_account),
    }
    .map_err(|error| error.to_string())?;
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

fn text_report(audit: &Audit, request: &AuditRequest) -> String {
    let mut out = format!(
        "RBAC audit for {} (launching in {})\n",
        escape_controls(&audit.subject.to_string()),
        request.namespaces.launch
    );
    out += &escape_controls(&audit.read_summary());
    out += "\n\n";
    out += &unbound_hint(audit);
    let width = audit
        .features
        .iter()
        .map(|report| report.feature.label().len())
        .max()
        .unwrap_or(0);
    for report in &audit.features {
        let selected = if report.selected {
            ""
        } else {
            " (not selected)"
        };
        out += &format!(
            "{:<width$} {}{selected}\n",
            report.feature.label(),
            report.status.label()
        );
        for permission in &report.missing {
            out += &format!(
                "    missing: {}\n",
                escape_controls(&permission.to_string())
            );
        }
    }
    for (heading, lines) in [
        (
            "warnings (far beyond what SkyPilot needs)",
            audit
                .warnings
                .iter()
                .map(|w| w.message())
                .collect::<Vec<_>>(),
        ),
        ("notes", audit.notes.clone()),
    ] {
        if !lines.is_empty() {
            out += &format!("\n{heading}:\n");
            for line in lines {
                out += &format!("  - {}\n", escape_controls(&line));
            }
        }
    }
    match &audit.patch {
        Some(_) => out += &format!(
            "\npatch: {} objects grant what the selected features miss; print them with --format patch\n",
            audit.patch_objects.len()
        ),
        None => out += "\nevery selected feature is granted\n",
    }
    out
}

/// When no binding names the audited subject: says so, and lists the subjects the export
/// binds as the flags that audit them, with their binding counts; empty otherwise.
fn unbound_hint(audit: &Audit) -> String {
    let Some(note) = audit.unbound_note() else {
        return String::new();
    };
    let mut out = format!("note: {}\n", escape_controls(&note));
    if audit.bound_subjects.is_empty() {
        out += "It binds no service account, user or group.\n\n";
        return out;
    }
    out += "The subjects it binds:\n";
    let (shown, more) = audit
        .bound_subjects
        .first(skyauth::analysis::MAX_OFFERED_SUBJECTS);
    let flags: Vec<String> = shown.iter().map(audit_flag).collect();
    let width = flags
        .iter()
        .map(|flag| flag.chars().count())
        .max()
        .unwrap_or(0);
    for (flag, bound) in flags.iter().zip(shown) {
        let plural = if bound.bindings == 1 { "" } else { "s" };
        let pad = width - flag.chars().count();
        out += &format!("  {flag}{:pad$}  {} binding{plural}\n", "", bound.bindings);
    }
    if more > 0 {
        out += &format!("  and {more} more (all of them: --format json, `bound_subjects`)\n");
    }
    out + "\n"
}

/// The flag that audits `bound`, quoted for a POSIX shell and with control characters
/// escaped: `--service-account sky-system/sky-sa`, `--user alice`, `--group devs`.
fn audit_flag(bound: &BoundSubject) -> String {
    let flag = match &bound.subject {
        Subject::ServiceAccount { namespace, name } => {
            format!(
                "--service-account {}",
                quote(&format!("{namespace}/{name}"))
            )
        }
        Subject::User(name) => format!("--user {}", quote(name)),
        Subject::Group(name) => format!("--group {}", quote(name)),
    };
    escape_controls(&flag).into_owned()
}

/// The JSON shape documented in docs/cli.md (JSON output).
#[derive(Serialize)]
struct JsonAudit<'a> {
    subject: String,
    launch_namespace: &'a str,
    ingress_namespace: &'a str,
    metrics_namespace: &'a str,
    all_selected_granted: bool,
    objects_read: usize,
    skipped: Vec<(&'a str, usize)>,
    bindings: &'a [String],
    /// How many bindings name the subject itself (0: it is not bound by this export).
    subject_bindings: usize,
    /// Every subject the export binds, in the order the text report offers them.
    bound_subjects: Vec<JsonBoundSubject>,
    features: Vec<JsonFeature<'a>>,
    warnings: Vec<JsonWarning<'a>>,
    notes: &'a [String],
    patch: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonBoundSubject {
    /// `NS/NAME`, `user:NAME` or `group:NAME`.
    subject: String,
    /// `service-account`, `user` or `group`.
    kind: &'static str,
    bindings: usize,
}

#[derive(Serialize)]
struct JsonFeature<'a> {
    id: &'static str,
    label: &'static str,
    selected: bool,
    status: &'static str,
    missing: Vec<String>,
    granted: Vec<JsonGrant<'a>>,
}

#[derive(Serialize)]
struct JsonGrant<'a> {
    permission: String,
    via: &'a str,
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    kind: &'static str,
    via: &'a str,
    message: String,
}

impl<'a> JsonAudit<'a> {
    fn new(audit: &'a Audit, request: &'a AuditRequest) -> Self {
        JsonAudit {
            subject: audit.subject.to_string(),
            launch_namespace: &request.namespaces.launch,
            ingress_namespace: INGRESS_NGINX,
            metrics_namespace: &request.namespaces.metrics,
            all_selected_granted: audit.all_selected_granted(),
            objects_read: audit.objects_read,
            skipped: audit
                .skipped
                .iter()
                .map(|(k, n)| (k.as_str(), *n))
                .collect(),
            bindings: &audit.bindings,
            subject_bindings: audit.subject_bindings(),
            bound_subjects: audit
                .bound_subjects
                .all()
                .iter()
                .map(|bound| JsonBoundSubject {
                    subject: bound.subject.to_field_text(),
                    kind: match bound.subject {
                        Subject::ServiceAccount { .. } => "service-account",
                        Subject::User(_) => "user",
                        Subject::Group(_) => "group",
                    },
                    bindings: bound.bindings,
                })
                .collect(),
            features: audit
                .features
                .iter()
                .map(|report| JsonFeature {
                    id: report.feature.id(),
                    label: report.feature.label(),
                    selected: report.selected,
                    status: match report.status {
                        skyauth::audit::Status::Granted => "granted",
                        skyauth::audit::Status::Partial => "partial",
                        skyauth::audit::Status::Missing => "missing",
                    },
                    missing: report.missing.iter().map(ToString::to_string).collect(),
                    granted: report
                        .granted
                        .iter()
                        .map(|(permission, via)| JsonGrant {
                            permission: permission.to_string(),
                            via,
                        })
                        .collect(),
                })
                .collect(),
            warnings: audit
                .warnings
                .iter()
                .map(|w| JsonWarning {
                    kind: w.kind.id(),
                    via: &w.via,
                    message: w.message(),
                })
                .collect(),
            notes: &audit.notes,
            patch: audit.patch.as_deref(),
        }
    }
}
