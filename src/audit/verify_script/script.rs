//! The text of the check script for a [`VerifyPlan`]: the header, the shell functions
//! (`functions.sh`, the same for every plan but for two column widths), one shell function
//! per distinct target (who, where, which checks), one `run` per context, and the matrix
//! when there are several. Names reach the script as data: quoted once into variables or
//! arguments; the comments carry only the plan's `about` lines, with control characters
//! replaced.

use super::{can_i_words, VerifyPlan, VerifyRequest, VERIFY_FILE};
use crate::audit::permissions;
use crate::catalogue::pod_security::{namespace_needs, ENFORCE_LABEL};
use crate::catalogue::Feature;
use crate::generate::shell::quote;

/// The shell functions every script defines, with `@LABEL_WIDTH@` for the width of the rows'
/// labels.
const FUNCTIONS: &str = include_str!("functions.sh");

/// The function that checks a service account exists, defined when a target is one.
const ACCOUNT_FUNCTIONS: &str = include_str!("account.sh");

/// The functions that print the matrix, defined when there are several contexts;
/// `@CELL_WIDTH@` is the width of a cell.
const MATRIX_FUNCTIONS: &str = include_str!("matrix.sh");

/// The longest word a matrix cell holds (a namespace with no Pod Security label).
const LONGEST_CELL: &str = "unlabelled";

/// How the matrix heads the column of the current context.
const CURRENT_CONTEXT: &str = "current context";

/// The matrix rows of the existence checks.
const NAMESPACE_ROW: &str = "namespace";
const ACCOUNT_ROW: &str = "service account";
/// The matrix rows of the Pod Security checks: the launch namespace's, `skypilot-system`'s.
const POD_SECURITY_ROW: &str = "pod security";
const SYSTEM_ROW: &str = "pod security skypilot-system";

/// The script for one request, in the current context.
pub fn render(request: &VerifyRequest) -> String {
    render_plan(&VerifyPlan::single(request.clone()))
}

/// The script for `plan`.
pub fn render_plan(plan: &VerifyPlan) -> String {
    let mut targets: Vec<&VerifyRequest> = Vec::new();
    let mut runs: Vec<(Option<&str>, usize)> = Vec::new();
    for run in &plan.runs {
        let index = match targets.iter().position(|known| **known == run.request) {
            Some(index) => index,
            None => {
                targets.push(&run.request);
                targets.len() - 1
            }
        };
        runs.push((run.context.as_deref(), index));
    }
    let features: Vec<Feature> = Feature::ALL
        .iter()
        .copied()
        .filter(|feature| {
            targets
                .iter()
                .any(|target| target.selected.contains(feature))
        })
        .collect();
    let checks_accounts = targets.iter().any(|target| target.account().is_some());
    let checks_system = targets
        .iter()
        .any(|target| namespace_needs(&target.namespaces.launch, target.pod_features()).len() > 1);
    let pod_security_rows = targets
        .iter()
        .map(|target| format!("{POD_SECURITY_ROW} {}", target.namespaces.launch).len());
    let label_width = features
        .iter()
        .map(|feature| feature.label().len())
        .chain([NAMESPACE_ROW.len(), ACCOUNT_ROW.len()])
        .chain(checks_system.then_some(SYSTEM_ROW.len()))
        .chain(pod_security_rows)
        .max()
        .unwrap_or(0);
    let labels: Vec<String> = runs
        .iter()
        .map(|(context, _)| context.map_or(CURRENT_CONTEXT.to_owned(), printable))
        .collect();
    let cell_width = labels
        .iter()
        .map(|label| label.chars().count())
        .chain([LONGEST_CELL.len()])
        .max()
        .unwrap_or(0);
    let contexts: Vec<&str> = runs.iter().filter_map(|(context, _)| *context).collect();

    let mut out = header(plan, &contexts);
    let mut functions = FUNCTIONS.to_owned();
    if checks_accounts {
        functions += ACCOUNT_FUNCTIONS;
    }
    if runs.len() > 1 {
        functions += MATRIX_FUNCTIONS;
    }
    out += &functions
        .replace("@LABEL_WIDTH@", &label_width.to_string())
        .replace("@CELL_WIDTH@", &cell_width.to_string());
    if !contexts.is_empty() {
        out += &context_guard(&contexts);
    }
    for (index, target) in targets.iter().enumerate() {
        out += &target_function(index + 1, target);
    }
    out += r#"
if ! command -v kubectl >/dev/null 2>&1; then
  printf 'error: kubectl is not on PATH.\n' >&2
  exit 2
fi
"#;
    for ((context, index), label) in runs.iter().zip(&labels) {
        let flag = context.map_or(String::new(), |context| {
            format!(" --context {}", quote(context))
        });
        out += &literal(
            "",
            format!(
                "in_context {} {} {}",
                quote(context.unwrap_or("")),
                quote(&flag),
                quote(label)
            ),
        );
        out += &format!("target_{} \"$@\"\ndone_context\n", index + 1);
    }
    if runs.len() > 1 {
        out += &matrix(&features, checks_accounts, checks_system, &labels);
    }
    out += &summary(runs.len() > 1);
    out
}

/// The comment at the top: what the script checks, how to run it, what its exit status says.
fn header(plan: &VerifyPlan, contexts: &[&str]) -> String {
    let (reach, example) = match contexts {
        [] => (
            "It checks the current context; pass --context NAME for another.".to_owned(),
            "for example --context gke-prod",
        ),
        contexts => (
            format!(
                "It checks {} itself, each with --context, and ends with a matrix.",
                printable(&format!(
                    "the context{} {}",
                    if contexts.len() == 1 { "" } else { "s" },
                    contexts.join(", ")
                ))
            ),
            "for example --kubeconfig FILE",
        ),
    };
    let mut about = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for run in &plan.runs {
        if let Some(text) = run.request.about.as_deref() {
            if !seen.contains(&text) {
                seen.push(text);
                about += &format!("#\n# {}\n", printable(text));
            }
        }
    }
    format!(
        r#"#!/bin/sh
# Checks on the live cluster that SkyPilot's identity (WHO below) can work: that its
# namespace and service account exist and the namespace's Pod Security level admits its pods
# (asked as yourself), then with `kubectl auth can-i`, one permission at a time through the
# cluster's own authorizer, that it holds what SkyPilot needs. Written by skyauth. Needs sh and kubectl (and tr and sed for
# --format json); KUBECONFIG is honoured.
#
# Usage: sh {VERIFY_FILE} [--format text|json] [KUBECTL FLAGS]
# --format json prints one JSON object per line: each context, existence check, Pod
# Security level, permission and feature, each error, then a summary (skyauth's schemas/verify-lines.schema.json).
# Every other argument is passed on to each kubectl call ({example}).
# {reach}
# Checking another identity than your own needs the right to impersonate it (--as, and
# --as-group for a group).
# Exit status: 0 everything is in place, 1 something is missing, 2 kubectl could not answer
# in some context (the cluster cannot be reached, or impersonation was refused).
{about}
"#
    )
}

/// Refuses a `--context` flag when the script names its contexts itself.
fn context_guard(contexts: &[&str]) -> String {
    let refuse = literal(
        "      ",
        format!(
            "printf 'error: this script checks its contexts itself (%s): drop --context.\\n' {} >&2",
            quote(&printable(&contexts.join(", ")))
        ),
    );
    format!(
        r#"
for arg do
  case $arg in
    --context | --context=*)
{refuse}      exit 2 ;;
  esac
done
"#
    )
}

/// The shell function that checks `target`: its names, the existence checks, then each
/// feature's permissions.
fn target_function(number: usize, target: &VerifyRequest) -> String {
    let (as_user, as_group) = target.identity.impersonation();
    let namespace = &target.namespaces.launch;
    // Each line is indented as it is written: a quoted name can span lines, and its
    // continuation lines are data.
    let mut body = String::new();
    for (name, value) in [
        ("WHO", target.identity.describe()),
        ("NAMESPACE", namespace.clone()),
        ("AS_USER", as_user.unwrap_or_default()),
        ("AS_GROUP", as_group.unwrap_or_default()),
    ] {
        body += &assign(name, &value);
    }
    body += "  start\n";
    body += &format!(
        "  namespace_exists {} \"$@\"\n",
        quote(&format!("kubectl create namespace {}", quote(namespace)))
    );
    if let Some((account_namespace, account)) = target.account() {
        body += &format!(
            "  account_exists {} {} {} \"$@\"\n",
            quote(account_namespace),
            quote(account),
            quote(&format!(
                "kubectl create serviceaccount {} -n {}",
                quote(account),
                quote(account_namespace)
            ))
        );
    }
    for (index, need) in namespace_needs(namespace, target.pod_features())
        .iter()
        .enumerate()
    {
        body += &format!(
            "  pod_security ps{index} {} {} {} \"$@\"\n",
            quote(&need.namespace),
            need.level.as_label(),
            quote(&format!(
                "kubectl label --overwrite namespace {} {ENFORCE_LABEL}={}",
                quote(&need.namespace),
                need.level.as_label()
            ))
        );
    }
    body += "  ask get pods -n \"$NAMESPACE\" \"$@\" || :\n";
    let launcher = target.is_for_launcher();
    for feature in target.features() {
        body += &format!("\n  # {}\n  begin {}\n", feature.label(), feature.id());
        for permission in permissions(
            feature,
            &target.namespaces,
            launcher,
            target.skypilot_version,
        ) {
            let words: Vec<String> = can_i_words(&permission)
                .iter()
                .map(|word| quote(word))
                .collect();
            body += &format!(
                "  check {} {} \"$@\"\n",
                quote(&permission.to_string()),
                words.join(" ")
            );
        }
        body += &format!(
            "  report {} {}\n",
            quote(feature.label()),
            feature_row(feature)
        );
    }
    format!("\n# The checks of target {number}: who, where, and each feature.\ntarget_{number}() {{\n{body}}}\n")
}

/// The matrix's row id of `feature`: its place in the catalogue.
fn feature_row(feature: Feature) -> String {
    let index = Feature::ALL
        .iter()
        .position(|known| *known == feature)
        .unwrap_or(0);
    format!("f{index}")
}

/// The matrix: a row per existence check and feature, a column per context.
fn matrix(
    features: &[Feature],
    checks_accounts: bool,
    checks_system: bool,
    labels: &[String],
) -> String {
    let columns: Vec<String> = labels.iter().map(|label| quote(label)).collect();
    let mut rows = format!("  row {NAMESPACE_ROW} ns\n");
    if checks_accounts {
        rows += &format!("  row {} sa\n", quote(ACCOUNT_ROW));
    }
    rows += &format!("  row {} ps0\n", quote(POD_SECURITY_ROW));
    if checks_system {
        rows += &format!("  row {} ps1\n", quote(SYSTEM_ROW));
    }
    for feature in features {
        rows += &format!(
            "  row {} {}\n",
            quote(feature.label()),
            feature_row(*feature)
        );
    }
    let heading = literal("  ", format!("heading {}", columns.join(" ")));
    format!(
        r#"
if [ "$FORMAT" = text ]; then
  printf '\n'
{heading}{rows}fi
"#
    )
}

/// The exit status and the last words.
fn summary(several: bool) -> String {
    let every = if several { " in every context" } else { "" };
    format!(
        r#"
if [ "$unanswered" -ne 0 ]; then
  status=2
elif [ "$failed" -ne 0 ]; then
  status=1
else
  status=0
fi
if [ "$FORMAT" = json ]; then
  printf '{{"kind":"summary","status":%s}}\n' "$status"
else
  case $status in
    0) printf '\nEvery feature is granted{every}.\n' ;;
    1) printf '\nNot everything is in place: create what is missing, and apply the RBAC skyauth generates, or a patch for what is missing.\n' ;;
    *) printf '\nkubectl could not answer everything (see the errors above): nothing is claimed for what was not checked.\n' ;;
  esac
fi
exit "$status"
"#
    )
}

/// `text` with each control character (a newline in a name read from a config) as `?`, so
/// it stays on its line of a comment or a table.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// `line` indented, as one line of the script; when its quoted names hold a `$` or a
/// backtick (SC2016), or a quote quoted twice (a context's name inside the `--context` flag
/// it prints, SC1003), shellcheck is told they are meant literally.
fn literal(indent: &str, line: String) -> String {
    let mut codes = Vec::new();
    if line.contains(['$', '`']) {
        codes.push("SC2016");
    }
    if line.contains(r"\'\'") {
        codes.push("SC1003");
    }
    let note = match codes.as_slice() {
        [] => String::new(),
        codes => format!(
            "{indent}# shellcheck disable={} # names, meant literally\n",
            codes.join(",")
        ),
    };
    format!("{note}{indent}{line}\n")
}

/// `NAME=value` quoted, indented as a function's line; shellcheck is told that a `$` or
/// backtick in the value is meant literally.
fn assign(name: &str, value: &str) -> String {
    let quoted = quote(value);
    let note = if quoted.contains(['$', '`']) {
        "  # shellcheck disable=SC2016 # a name, meant literally\n"
    } else {
        ""
    };
    format!("{note}  {name}={quoted}\n")
}
