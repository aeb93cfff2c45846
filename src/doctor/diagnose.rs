//! The diagnosis: file-level checks, then every context examined and its observations weighed
//! by the journey's rules into findings, a verdict and a recommended `remote_identity`.

use super::context_checks::{credential_summary, examine, is_ssh_node_pool_own, Lookup};
use super::file_checks::file_level_findings;
use super::finding::{Finding, FindingCode, Names, Severity, Situation};
use super::journey::{JourneyKind, KubeconfigJourney};
use super::model::Kubeconfig;
use super::parse::{parse, parse_bytes, DoctorError};
use super::redact::displayable_url;
use super::report::{ContextReport, Diagnosis, Verdict};
use super::severity::{judge, Check};
use super::sky_config::SkyConfig;
use crate::setup::RemoteIdentity;

/// Diagnoses kubeconfig bytes for a journey.
pub fn diagnose_bytes(bytes: &[u8], journey: &KubeconfigJourney) -> Result<Diagnosis, DoctorError> {
    Ok(diagnose_config(&parse_bytes(bytes)?, journey, None))
}

/// Diagnoses kubeconfig text for a journey (SkyPilot's default is [`KubeconfigJourney::default`]:
/// `SERVICE_ACCOUNT`, the kubeconfig stays with whoever launches).
pub fn diagnose(text: &str, journey: &KubeconfigJourney) -> Result<Diagnosis, DoctorError> {
    Ok(diagnose_config(&parse(text)?, journey, None))
}

/// True when the launcher's kubeconfig still reaches SkyPilot's controllers: allowed_contexts
/// is set and the identity is not NO_UPLOAD (`skypilot-facts §7`).
fn travels(journey: &KubeconfigJourney, sky: Option<&SkyConfig>) -> bool {
    match journey {
        KubeconfigJourney::Launcher(identity) => {
            *identity != RemoteIdentity::NoUpload
                && sky.is_some_and(SkyConfig::sets_allowed_contexts)
        }
        _ => false,
    }
}

/// Diagnoses a parsed kubeconfig for a journey, with the user's `~/.sky/config.yaml` if given.
pub fn diagnose_config(
    config: &Kubeconfig,
    journey: &KubeconfigJourney,
    sky: Option<&SkyConfig>,
) -> Diagnosis {
    let kind = journey.kind();
    let travels = travels(journey, sky);
    let mut findings = Vec::new();
    file_level_findings(config, &Situation::new(kind), &mut findings);
    let sky_start = findings.len();
    if let Some(sky) = sky {
        findings.extend(sky.findings_against(config));
    }
    // A SkyPilot config error about a context, or about every context, stands between the
    // context and SkyPilot, however good its credentials.
    let sky_errors: Vec<Option<String>> = findings[sky_start..]
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.context.clone())
        .collect();
    let sky_config_blocks = |name: &str| {
        sky_errors
            .iter()
            .any(|c| c.as_deref().is_none_or(|c| c == name))
    };
    // kubectl refuses the whole file, so no context of it can be used.
    let file_refused = findings.iter().any(|f| {
        matches!(
            f.code,
            FindingCode::DuplicateName | FindingCode::InvalidBase64 | FindingCode::Redacted
        )
    });

    let lookup = Lookup::new(config);
    let mut contexts = Vec::with_capacity(config.contexts.len());
    for named in &config.contexts {
        let name = named.name.as_str();
        let examined = examine(named, &lookup);
        let first_finding = findings.len();
        let situation = Situation {
            travels,
            names: Names {
                context: Some(name),
                cluster: Some(named.context.cluster.as_str()).filter(|c| !c.is_empty()),
                ..Names::default()
            },
            ..Situation::new(kind)
        };
        for (code, message) in examined.dangling.iter().cloned() {
            findings.push(Finding::new(
                code,
                Severity::Error,
                Some(name),
                message,
                &situation,
            ));
        }
        if examined.ssh_node_pool {
            findings.push(Finding::new(
                FindingCode::SshNodePool,
                Severity::Info,
                Some(name),
                format!("Context `{name}` is one of SkyPilot's SSH Node Pools (written by `sky ssh up`): its localhost server, skipped TLS verification and exec tunnel are SkyPilot's own."),
                &situation,
            ));
        }
        let mut cannot_log_in = false;
        for observation in &examined.observations {
            if examined.ssh_node_pool && is_ssh_node_pool_own(observation.check) {
                continue;
            }
            let Some(judged) = judge(observation.check, kind, travels) else {
                continue;
            };
            cannot_log_in |= observation.check == Check::RemovedAuthProvider;
            let situation = Situation {
                cloud: observation.cloud,
                removed_provider: observation.check == Check::RemovedAuthProvider,
                ..situation
            };
            findings.push(Finding::new(
                judged.code,
                judged.severity,
                Some(name),
                format!("{} {}", observation.what, judged.says),
                &situation,
            ));
        }
        findings[first_finding..].sort_by_key(|finding| finding.severity);
        let own = &findings[first_finding..];
        let has = |severity| own.iter().any(|f| f.severity == severity);
        let verdict = if !examined.dangling.is_empty() || file_refused || cannot_log_in {
            Verdict::Broken
        } else if examined.ssh_node_pool {
            Verdict::SshNodePool
        } else if has(Severity::Error) {
            match kind {
                JourneyKind::ApiServer => Verdict::NeedsStaticCredentials,
                _ => Verdict::UseServiceAccount,
            }
        } else if sky_config_blocks(name) {
            Verdict::FixSkyConfig
        } else if has(Severity::Warning) {
            Verdict::ReadyWithWarnings
        } else {
            Verdict::Ready
        };
        // A broken context cannot be used by any identity: nothing to recommend (the page
        // offers no "Use in setup" for it).
        let recommended = match (examined.ssh_node_pool, verdict) {
            (true, _) | (false, Verdict::Broken) => None,
            (false, Verdict::UseServiceAccount) => Some(RemoteIdentity::ServiceAccount),
            (false, _) => Some(journey.identity()),
        };
        let context = &named.context;
        contexts.push(ContextReport {
            name: name.to_owned(),
            cluster: context.cluster.clone(),
            user: context.user.clone(),
            namespace: context.namespace.clone().filter(|n| !n.is_empty()),
            is_current: config.current_context.as_deref() == Some(name),
            server: examined
                .cluster
                .and_then(|c| c.server.as_deref().map(displayable_url)),
            auth: examined.auth,
            exec_command: examined.exec.as_ref().map(|(base, _)| base.clone()),
            exec_provider: examined.exec.as_ref().map(|(_, provider)| *provider),
            credential: credential_summary(examined.user, examined.auth),
            verdict,
            recommended_remote_identity: recommended,
        });
    }

    Diagnosis {
        current_context: config.current_context.clone().filter(|c| !c.is_empty()),
        contexts,
        findings,
        journey: journey.clone(),
    }
}
