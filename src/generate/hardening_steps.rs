//! The hardened namespaces' next steps: each namespace SkyPilot's pods run in labelled with
//! the Pod Security level they need (where no manifest creates it labelled), one check of the
//! level each enforces, and on OpenShift the check that each pods' account may use its SCC
//! there; every command in the contexts those pods run in.

use super::next_steps::{step, NextStep};
use super::shell::{kubectl_in as kubectl, quote};
use super::Object;
use crate::catalogue::pod_security::{namespace_needs, NamespaceNeed, ENFORCE_LABEL};
use crate::setup::cloud_identity::SKYPILOT_ACCOUNT;
use crate::setup::{RemoteIdentity, Setup, Team, TeamTarget};

/// The `kubernetes:` section's hardening steps: for each namespace its pods run in (each
/// context's too), with the namespaces its manifest creates. With teams, the one check of the
/// levels comes after the teams' steps ([`HardeningScope::check_levels`]), which check every
/// namespace, the section's too.
pub(super) fn section(setup: &Setup) -> Vec<NextStep> {
    let entries = super::rbac::build(setup);
    let created = namespace_names(entries.iter().map(|entry| &entry.object));
    let scope = HardeningScope {
        targets: &setup.team_targets(&Team::default()),
        created: &created,
        done: &[],
        check_levels: !setup.has_teams(),
    };
    hardening_steps(setup, &scope)
}

/// The names of the namespaces among `objects`: what a manifest creates.
pub(super) fn namespace_names<'a>(objects: impl Iterator<Item = &'a Object>) -> Vec<String> {
    objects
        .filter(|object| object.kind() == "Namespace")
        .map(|object| object.name().to_owned())
        .collect()
}

/// Which namespaces a run of [`hardening_steps`] hardens.
pub(super) struct HardeningScope<'a> {
    /// Where pods run, in which contexts, and as whom.
    pub targets: &'a [TeamTarget],
    /// The namespaces a manifest creates with their labels.
    pub created: &'a [String],
    /// Targets whose label and SCC steps an earlier run gave: they are only in the check of
    /// the levels.
    pub done: &'a [TeamTarget],
    /// Whether this run ends with the check of the levels (one run of a setup's does).
    pub check_levels: bool,
}

/// One namespace's need in one context (`""`: the current one), for one account's pods.
struct Placed<'a> {
    need: NamespaceNeed,
    account: &'a str,
    context: &'a str,
    /// Whether an earlier run gave its label and SCC steps.
    done: bool,
}

/// For every target's namespace (and `skypilot-system` where its pods mount buckets), in each
/// of its contexts: the Pod Security label it needs where no manifest creates it (the most
/// permissive level any target there needs), one check of the level each enforces, and on
/// OpenShift the check that each pods' account may use its SCC there; none twice for what
/// `scope.done` covered.
pub(super) fn hardening_steps(setup: &Setup, scope: &HardeningScope) -> Vec<NextStep> {
    let features = setup.pod_features();
    let mut placed: Vec<Placed> = Vec::new();
    let runs = (scope.done.iter().map(|target| (target, true)))
        .chain(scope.targets.iter().map(|target| (target, false)));
    for (target, done) in runs {
        let contexts = target.command_contexts();
        for need in namespace_needs(&target.namespace, &features) {
            let account = need.account.unwrap_or(account_of(target));
            for &context in &contexts {
                let same = |kept: &&mut Placed| {
                    kept.need.namespace == need.namespace
                        && kept.account == account
                        && kept.context == context
                };
                match placed.iter_mut().find(same) {
                    Some(kept) => kept.done |= done,
                    None => placed.push(Placed {
                        need: need.clone(),
                        account,
                        context,
                        done,
                    }),
                }
            }
        }
    }
    let mut namespaces: Vec<&str> = Vec::new();
    let mut contexts: Vec<&str> = Vec::new();
    for p in &placed {
        add(&mut namespaces, &p.need.namespace);
        add(&mut contexts, p.context);
    }
    let mut steps = Vec::new();
    if setup.hardening.pod_security_labels {
        for namespace in &namespaces {
            if !scope.created.iter().any(|name| name == namespace) {
                steps.extend(label_step(&placed, namespace));
            }
        }
        if scope.check_levels && !contexts.is_empty() {
            steps.push(level_check(&placed, &contexts));
        }
    }
    if setup.hardening.openshift {
        for (at, p) in placed.iter().enumerate() {
            let first = !placed[..at]
                .iter()
                .any(|q| q.need.namespace == p.need.namespace && q.account == p.account);
            if first {
                steps.extend(scc_check(&placed, p));
            }
        }
    }
    steps
}

/// `namespace`'s label step (the most permissive level, and the first reason given for it),
/// in every context no earlier run labelled it; `None` when every one did.
fn label_step(placed: &[Placed], namespace: &str) -> Option<NextStep> {
    let mut need: Option<&NamespaceNeed> = None;
    let mut labelled: Vec<&str> = Vec::new();
    for p in placed.iter().filter(|p| p.need.namespace == namespace) {
        if need.is_none_or(|kept| p.need.level > kept.level) {
            need = Some(&p.need);
        }
        if p.done {
            add(&mut labelled, p.context);
        }
    }
    let need = need?;
    let level = need.level.as_label();
    let mut lines: Vec<String> = Vec::new();
    for p in placed.iter().filter(|p| p.need.namespace == namespace) {
        let line = kubectl(
            p.context,
            &format!(
                "label --overwrite namespace {} {ENFORCE_LABEL}={level}",
                quote(namespace)
            ),
        );
        if !labelled.contains(&p.context) && !lines.contains(&line) {
            lines.push(line);
        }
    }
    (!lines.is_empty()).then(|| {
        step(
            &format!(
                "Label {namespace} with the Pod Security level SkyPilot's pods need there ({level}: {}).",
                need.why
            ),
            Some(lines.join("\n")),
        )
    })
}

/// One step that lists the level every namespace enforces, one command per context.
fn level_check(placed: &[Placed], contexts: &[&str]) -> NextStep {
    let lines: Vec<String> = contexts
        .iter()
        .map(|&context| {
            let mut namespaces: Vec<&str> = Vec::new();
            for p in placed.iter().filter(|p| p.context == context) {
                add(&mut namespaces, &p.need.namespace);
            }
            let quoted: Vec<String> = namespaces.into_iter().map(quote).collect();
            let args = format!("get namespace {} -L {ENFORCE_LABEL}", quoted.join(" "));
            kubectl(context, &args)
        })
        .collect();
    step(
        "Check the level each namespace enforces (the check script compares it with what the pods need).",
        Some(lines.join("\n")),
    )
}

/// On OpenShift: may `first`'s account use its SCC in its namespace, in every context no
/// earlier run checked; `None` when every one did.
fn scc_check(placed: &[Placed], first: &Placed) -> Option<NextStep> {
    let (namespace, account) = (first.need.namespace.as_str(), first.account);
    let scc = first.need.scc.name();
    let args = format!(
        "auth can-i use securitycontextconstraints.security.openshift.io/{scc} {} -n {}",
        quote(&format!("--as=system:serviceaccount:{namespace}:{account}")),
        quote(namespace)
    );
    let lines: Vec<String> = placed
        .iter()
        .filter(|p| p.need.namespace == namespace && p.account == account && !p.done)
        .map(|p| kubectl(p.context, &args))
        .collect();
    (!lines.is_empty()).then(|| {
        step(
            &format!(
                "On OpenShift, check that {account} may run its pods in {namespace} under SCC {scc} (expect `yes`)."
            ),
            Some(lines.join("\n")),
        )
    })
}

/// Adds `item` to `items` unless it is there.
fn add<'a>(items: &mut Vec<&'a str>, item: &'a str) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// The account a target's pods run as.
fn account_of(target: &TeamTarget) -> &str {
    match &target.identity {
        RemoteIdentity::Custom(name) => name.as_str(),
        _ => SKYPILOT_ACCOUNT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(contexts: &[&str], namespace: &str) -> TeamTarget {
        TeamTarget {
            contexts: contexts.iter().map(|c| (*c).to_owned()).collect(),
            identity: RemoteIdentity::Custom("sky-sa".into()),
            namespace: namespace.into(),
        }
    }

    fn lines(steps: &[NextStep]) -> Vec<String> {
        steps
            .iter()
            .filter_map(|step| step.command.as_deref())
            .flat_map(|command| command.lines().map(str::to_owned).collect::<Vec<_>>())
            .collect()
    }

    /// The API server's `in-cluster` is the admin's current context; a named context gets
    /// `--context`; a namespace a manifest creates gets no label step but is still checked.
    #[test]
    fn commands_run_where_the_pods_run() {
        let mut setup = Setup::default();
        setup.hardening.pod_security_labels = true;
        let targets = [
            target(&["in-cluster", "gke-prod"], "ml"),
            target(&[], "made"),
        ];
        let scope = HardeningScope {
            targets: &targets,
            created: &["made".to_owned()],
            done: &[],
            check_levels: true,
        };
        let lines = lines(&hardening_steps(&setup, &scope));
        let label = "label --overwrite namespace ml pod-security.kubernetes.io/enforce=baseline";
        assert_eq!(
            lines,
            [
                format!("kubectl {label}"),
                format!("kubectl --context gke-prod {label}"),
                "kubectl get namespace ml made -L pod-security.kubernetes.io/enforce".to_owned(),
                "kubectl --context gke-prod get namespace ml -L pod-security.kubernetes.io/enforce"
                    .to_owned(),
            ]
        );
    }

    /// What an earlier run labelled and checked is only in this run's check of the levels.
    #[test]
    fn done_targets_are_only_checked() {
        let mut setup = Setup::default();
        setup.hardening.pod_security_labels = true;
        setup.hardening.openshift = true;
        let done = [target(&["gke-prod"], "ml")];
        let targets = [
            target(&["gke-prod"], "ml"),
            target(&["gke-prod"], "ml-team"),
        ];
        let scope = HardeningScope {
            targets: &targets,
            created: &[],
            done: &done,
            check_levels: true,
        };
        let lines = lines(&hardening_steps(&setup, &scope));
        assert!(
            !lines
                .iter()
                .any(|line| line.contains("namespace ml pod-security")),
            "{lines:#?}"
        );
        assert!(
            !lines.iter().any(|line| line.ends_with("-n ml")),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"kubectl --context gke-prod get namespace ml ml-team -L pod-security.kubernetes.io/enforce"
                    .to_owned()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.iter().any(|line| line.ends_with("-n ml-team")),
            "{lines:#?}"
        );
    }
}
