//! The dependency table of the outputs (`Part::reads`): for random valid setups, changing one
//! field (to another valid value, or to an invalid one) leaves every part that does not read
//! it byte-identical, and the partial form shows exactly the parts no error blocks. A part
//! that starts reading a field its entry does not name fails here.

use crate::support::fixtures;

use proptest::prelude::*;
use skyauth::generate::{generate, generate_partial, Output, Part};
use skyauth::setup::Deployment;
use skyauth::setup::{validate, AllowedContexts, Field, PortsSetting, Setup, SubjectKind};

/// What the page shows of `part`, as text.
fn view(part: Part, output: &Output) -> String {
    match part {
        Part::Manifest => format!(
            "{:?}{:?}{:?}{:?}",
            output.objects, output.manifest, output.manifest_file, output.manifest_note
        ),
        Part::Config => output.config.clone(),
        Part::HelmValues => format!("{:?}", output.helm.as_ref().map(|h| &h.values)),
        Part::OtherClusters => format!(
            "{:?}",
            output
                .helm
                .as_ref()
                .map(|h| (&h.other_clusters_manifest, &h.other_clusters_script))
        ),
        Part::NextSteps => format!("{:?}", output.next_steps),
        Part::KubeconfigScript => format!("{:?}", output.kubeconfig_script),
        Part::Notes => format!("{:?}", output.notes),
        Part::Teams => format!("{:?}{:?}", output.teams, output.team_steps),
    }
}

/// The field a change is about, and the setup changed to an invalid value (`bad`) or to
/// another valid one; `None` when the field has no such value in this setup.
fn change(setup: &Setup, field: &Field, bad: bool) -> Option<Setup> {
    let mut out = setup.clone();
    let pick = |invalid: &str, valid: &str| if bad { invalid } else { valid }.to_owned();
    match field {
        Field::Namespace => out.account.namespace = pick("", "other-ns"),
        Field::ServiceAccount => out.account.name = pick("Bad_Name", "other-sa"),
        Field::LauncherSubject => {
            out.launcher.subject = match out.launcher.subject_kind {
                SubjectKind::ServiceAccount => pick("no-slash", "other-ns/other-sa"),
                _ => pick("", "someone-else@example.com"),
            }
        }
        Field::LauncherNamespace => out.launcher.namespace = pick("Bad NS", "other-launch"),
        Field::AllowedContext(_) => {
            out.contexts.names.push(pick("", "another-context"));
        }
        Field::ContextIdentity(_) => {
            let context = out.contexts.names.first()?.clone();
            out.contexts.per_context = true;
            let value = pick("Bad_Identity", "NO_UPLOAD");
            out.contexts.identities.insert(context, value);
        }
        Field::ContextNamespace(_) => {
            let context = out.contexts.names.first()?.clone();
            out.contexts.per_context = true;
            out.contexts
                .namespaces
                .insert(context, pick("Bad_NS", "other-cns"));
        }
        Field::Ports => {
            let wants_ingress = skyauth::setup::effective_setup(setup).wants_ingress();
            out.ports = match (bad, wants_ingress, setup.ports) {
                (true, true, _) => PortsSetting::Loadbalancer,
                (true, false, _) => return None,
                (false, true, PortsSetting::Unset) => PortsSetting::Ingress,
                (false, true, _) => PortsSetting::Unset,
                (false, false, PortsSetting::Podip) => PortsSetting::Loadbalancer,
                (false, false, _) => PortsSetting::Podip,
            }
        }
        Field::HelmRelease => out.server.release = pick("", "other-release"),
        Field::HelmNamespace => out.server.namespace = pick("", "other-server"),
        Field::HelmServiceAccount => out.server.existing_account = pick("", "other-existing"),
        Field::HelmSecret => out.server.secret_name = pick("Bad_Secret", "other-secret"),
        Field::MetricsNamespace => {
            // Before 0.14 the namespace is fixed: only an invalid value is a change.
            if !bad
                && !out
                    .skypilot_version
                    .has(skyauth::release::Change::MetricsPrometheus)
            {
                return None;
            }
            out.metrics.prometheus.namespace = pick("Bad Prometheus", "other-metrics")
        }
        Field::TeamNamespace(_)
        | Field::TeamIdentity(_)
        | Field::TeamContexts(_)
        | Field::TeamLauncher(_) => {
            let team = out.teams.values_mut().next()?;
            match field {
                Field::TeamNamespace(_) => team.namespace = pick("Bad_NS", "other-team-ns"),
                Field::TeamIdentity(_) => team.identity = pick("Bad_Identity", "other-team-sa"),
                Field::TeamLauncher(_) => team.launcher_subject = pick(" ", "someone@example.com"),
                // An API server has only its own contexts.
                _ if !bad && setup.deployment == Deployment::Helm => return None,
                _ => team.contexts.push(pick("", "another-team-context")),
            }
        }
        Field::TeamContextNamespace(..) | Field::TeamContextIdentity(..) => {
            let (_, team) = out.teams.iter().next()?;
            let context = setup.team_contexts(team).first()?.clone();
            let team = out.teams.values_mut().next()?;
            match field {
                Field::TeamContextNamespace(..) => {
                    let value = pick("Bad_NS", "other-context-ns");
                    team.context_namespaces.insert(context, value);
                }
                _ => {
                    let value = pick("Bad_Identity", "other-context-sa");
                    team.context_identities.insert(context, value);
                }
            }
        }
        Field::Cloud(cloud) => {
            use skyauth::setup::{CloudField, CloudProvider};
            let identity = &mut out.cloud_identity;
            match (identity.provider, cloud) {
                (CloudProvider::EksIrsa | CloudProvider::EksPodIdentity, CloudField::RoleArn) => {
                    identity.role_arn = pick(
                        "arn:aws:iam::123:role/x",
                        "arn:aws:iam::210987654321:role/other",
                    )
                }
                (CloudProvider::EksPodIdentity, CloudField::EksCluster) => {
                    identity.eks_cluster = pick("-bad", "other-cluster")
                }
                (CloudProvider::Gke, CloudField::GcpServiceAccount) => {
                    identity.gcp_service_account = pick(
                        "Bad@x.iam.gserviceaccount.com",
                        "other-pods@other-project.iam.gserviceaccount.com",
                    )
                }
                (CloudProvider::Azure, CloudField::AzureClientId) => {
                    identity.azure_client_id =
                        pick("not-a-uuid", "99999999-8888-7777-6666-555555555555")
                }
                _ => return None,
            }
            // NONE has no account to give it to: the field is not read.
            setup.cloud_identity_account()?;
        }
        Field::Output | Field::SkyPilotVersion | Field::TeamName(_) => return None,
    }
    Some(out)
}

/// One field of each kind.
fn fields() -> Vec<Field> {
    vec![
        Field::Namespace,
        Field::ServiceAccount,
        Field::LauncherSubject,
        Field::LauncherNamespace,
        Field::AllowedContext(0),
        Field::ContextIdentity(String::new()),
        Field::ContextNamespace(String::new()),
        Field::Ports,
        Field::HelmRelease,
        Field::HelmNamespace,
        Field::HelmServiceAccount,
        Field::Cloud(skyauth::setup::CloudField::RoleArn),
        Field::Cloud(skyauth::setup::CloudField::EksCluster),
        Field::Cloud(skyauth::setup::CloudField::GcpServiceAccount),
        Field::Cloud(skyauth::setup::CloudField::AzureClientId),
        Field::HelmSecret,
        Field::MetricsNamespace,
        Field::TeamNamespace(String::new()),
        Field::TeamIdentity(String::new()),
        Field::TeamContexts(String::new()),
        Field::TeamLauncher(String::new()),
    ]
}

/// Checks one setup: every change of every field keeps the parts that do not read it.
fn check(setup: &Setup) -> Result<(), String> {
    let base = generate(setup).map_err(|e| format!("not valid: {e:?}"))?;
    for field in fields() {
        // Another valid value: the parts that do not read the field are unchanged.
        if let Some(changed) = change(setup, &field, false) {
            if let Ok(output) = generate(&changed) {
                for part in Part::ALL.into_iter().filter(|part| {
                    // The change may give the setup its shape (a context's first value).
                    let shapes = [setup, &changed].map(skyauth::generate::Shape::of);
                    !shapes.iter().any(|shape| part.reads_in(&field, *shape))
                }) {
                    if view(part, &output) != view(part, &base) {
                        return Err(format!(
                            "{part:?} changed with {field:?} (valid), which it does not declare"
                        ));
                    }
                }
            }
        }
        // An invalid value: the setup's errors are the field's, each part no error blocks is shown
        // as it was, each blocked one is empty.
        let Some(changed) = change(setup, &field, true) else {
            continue;
        };
        let partial = generate_partial(&changed);
        if partial.errors.is_empty() {
            continue; // the field does not apply to this setup
        }
        // The API server's own setup, validated when the setup itself is, may name the
        // fields it derives from this one (a context's namespace from the account's).
        // Outputs are made from the choices the page shows (`Setup::applied`).
        for error in &validate(&changed.applied()) {
            if error.field.control() != field.control()
                && !matches!(
                    (&error.field, &field),
                    (Field::ContextIdentity(_), Field::ContextIdentity(_))
                        | (Field::ContextNamespace(_), Field::ContextNamespace(_))
                        | (Field::TeamNamespace(_), Field::TeamNamespace(_))
                        | (Field::TeamIdentity(_), Field::TeamIdentity(_))
                        | (Field::TeamContexts(_), Field::TeamContexts(_))
                        | (Field::TeamLauncher(_), Field::TeamLauncher(_))
                )
            {
                return Err(format!("changing {field:?} made {error:?}"));
            }
        }
        for part in Part::ALL {
            let shown = view(part, &partial.output);
            match partial.blocker(part) {
                None if shown != view(part, &base) => {
                    return Err(format!(
                        "{part:?} is shown with {field:?} invalid but differs from the valid \
                         setup's: it reads a field it does not declare"
                    ))
                }
                Some(_) if shown != view(part, &empty_of(part, &base)) => {
                    return Err(format!("{part:?} is blocked but not empty"))
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// `output` with `part` as a blocked part shows it.
fn empty_of(part: Part, output: &Output) -> Output {
    let mut output = output.clone();
    part.clear(&mut output);
    output
}

#[test]
fn the_golden_matrix_keeps_undeclared_parts() {
    for (name, setup) in fixtures::golden_cases() {
        check(&setup).unwrap_or_else(|problem| panic!("{name}: {problem}"));
    }
}

/// The checker catches a part reading an undeclared field: the config reads the launch
/// namespace, so a table without it would fail.
#[test]
fn the_checker_sees_an_undeclared_read() {
    let setup = Setup::default();
    let changed = change(&setup, &Field::LauncherNamespace, false).expect("applies");
    let (a, b) = (generate(&setup).unwrap(), generate(&changed).unwrap());
    assert_ne!(view(Part::Config, &a), view(Part::Config, &b));
    assert_eq!(
        view(Part::KubeconfigScript, &a),
        view(Part::KubeconfigScript, &b)
    );
}

#[test]
fn the_page_case_a_launcher_without_a_subject_keeps_the_config() {
    let mut setup = Setup::default();
    setup.launcher.enabled = true;
    let partial = generate_partial(&setup);
    assert_eq!(
        partial.blocker(Part::Manifest).map(|e| &e.field),
        Some(&Field::LauncherSubject)
    );
    assert_eq!(
        partial.output.config,
        generate(&Setup::default()).unwrap().config
    );
    assert!(validate(&setup).len() == 1 && setup.contexts.allowed == AllowedContexts::Current);
    assert_eq!(setup.deployment, Deployment::Cli);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_setups_keep_undeclared_parts(setup in fixtures::valid_setup()) {
        check(&setup).map_err(TestCaseError::fail)?;
    }
}
