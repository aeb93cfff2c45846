//! Properties of generation over many setups: the manifest parses back into the same objects,
//! follows the reference's invariants, and no input changes the structure of the output.

use crate::support::fixtures;
use skyauth::release::Change;

use proptest::prelude::*;
use skyauth::catalogue;
use skyauth::generate::{generate, manifest, Object, Output};
use skyauth::setup::{AllowedContexts, AuthMethod, Feature, PermissionProfile, Setup};

/// The header line of the `kubernetes:` section's manifest when it shares objects with teams.
const SHARED_FIRST: &str =
    "Apply teams-shared-rbac.yaml first: it holds what this section shares with the teams.";

/// Every reason a rule comment may carry.
fn known_reasons() -> Vec<&'static str> {
    catalogue::every_grant()
        .map(|grant| grant.rule.why)
        .chain(catalogue::pod_security::Scc::ALL.map(|scc| scc.rule().why))
        .collect()
}

/// The `kubernetes:` section's objects: its manifest's, and with teams what it shares with
/// them (left to the shared file), in the order the same setup without teams writes them.
/// Errs when the manifest holds anything else, or leaves out an object no shared file holds.
fn section_objects(setup: &Setup, output: &Output) -> Result<Vec<Object>, String> {
    if !setup.has_teams() {
        return Ok(output.objects.clone());
    }
    let alone = Setup {
        teams: skyauth::setup::Teams::new(),
        ..setup.clone()
    };
    let whole = generate(&alone)
        .map_err(|errors| format!("without its teams the setup is invalid: {errors:?}"))?
        .objects;
    let key = |o: &Object| {
        (
            o.kind(),
            o.namespace().map(str::to_owned),
            o.name().to_owned(),
        )
    };
    let shared: Vec<_> = output
        .section_shared_file()
        .into_iter()
        .flat_map(|file| file.objects.iter().map(key))
        .collect();
    let mut own = output.objects.iter().peekable();
    for object in &whole {
        if own.peek() == Some(&object) {
            own.next();
        } else if !shared.contains(&key(object)) {
            return Err(format!(
                "{} is in neither the section's manifest nor the shared file",
                object.describe()
            ));
        }
    }
    match own.next() {
        Some(extra) => Err(format!(
            "the section's manifest has {}, which the setup without teams does not",
            extra.describe()
        )),
        None => Ok(whole),
    }
}

/// What is wrong with `subject` of binding `object` (in `namespace`) for `setup`'s accounts:
/// OpenShift's SCC bindings (#25 item 3) name the pods' account in each namespace the pods
/// run in (the launch namespace's, and the FUSE daemonset's `default`); any other binds the
/// account in its namespace, or a custom account's launcher beside it (#22 item 10).
fn subject_problem(
    setup: &Setup,
    object: &Object,
    namespace: Option<&str>,
    subject: &k8s_openapi::api::rbac::v1::Subject,
    scc: bool,
) -> Option<String> {
    if scc {
        let pods_account = match setup.auth {
            AuthMethod::Custom => setup.account.name.as_str(),
            _ => "skypilot-service-account",
        };
        let expected = if namespace == Some(catalogue::SKYPILOT_SYSTEM)
            && setup.launch_namespace() != catalogue::SKYPILOT_SYSTEM
        {
            "default"
        } else {
            pods_account
        };
        let right = subject.kind == "ServiceAccount"
            && subject.name == expected
            && subject.namespace.as_deref() == namespace;
        return (!right).then(|| {
            format!(
                "{} binds {} {} to an SCC, not the pods' account {expected}",
                object.describe(),
                subject.kind,
                subject.name
            )
        });
    }
    let account_namespace = match setup.launcher.service_account() {
        Some((namespace, _)) if setup.wants_launcher_rbac() => namespace,
        _ => setup.account.namespace.as_str(),
    };
    let bound_launcher = setup
        .launcher
        .service_account()
        .filter(|_| setup.wants_custom_launcher());
    let is_launcher = bound_launcher.is_some_and(|(namespace, name)| {
        subject.name == name && subject.namespace.as_deref() == Some(namespace)
    });
    (subject.kind == "ServiceAccount"
        && !is_launcher
        && subject.namespace.as_deref() != Some(account_namespace))
    .then(|| {
        format!(
            "{} binds the account outside its namespace",
            object.describe()
        )
    })
}

/// Checks the invariants of reference §4 on one output; returns the first broken one.
fn check_invariants(setup: &Setup, output: &Output) -> Result<(), String> {
    let objects = &output.objects;
    match &output.manifest {
        None => {
            if !objects.is_empty() || output.manifest_note.is_none() {
                return Err("no manifest needs a note and no objects".into());
            }
        }
        Some(stream) => {
            let parsed =
                manifest::parse(stream).map_err(|e| format!("manifest does not parse: {e}"))?;
            if &parsed != objects {
                return Err("manifest does not parse back into the same objects".into());
            }
            let reasons = known_reasons();
            for line in stream.lines().filter(|line| line.starts_with('#')) {
                let text = line.trim_start_matches("# ");
                if !reasons.contains(&text)
                    && !text.starts_with("Generated by skyauth")
                    && !text.starts_with("Apply with")
                    && text != SHARED_FIRST
                {
                    return Err(format!("unexpected comment line {line:?}"));
                }
            }
        }
    }
    // The rest holds for the section's objects as applying its files gives them: with teams,
    // what it shares with them is in the shared file, applied first.
    let whole = section_objects(setup, output)?;
    let objects = &whole;
    // Each context with its own namespace or identity: its account (or its launcher's rights
    // there) is in the section's RBAC, as a team's targets are in the team's file.
    let contexts_objects: Vec<(&str, Option<String>, String)> = (setup.applied())
        .context_setups()
        .iter()
        .flat_map(|own| skyauth::generate::rbac::build_for_team(own, None))
        .map(|entry| {
            let object = entry.object;
            (
                object.kind(),
                object.namespace().map(str::to_owned),
                object.name().to_owned(),
            )
        })
        .collect();
    for (kind, namespace, name) in &contexts_objects {
        let held = objects.iter().any(|o| {
            o.kind() == *kind && o.namespace() == namespace.as_deref() && o.name() == name
        });
        if !held {
            return Err(format!(
                "a context's own {kind} {name} is not in the section's RBAC"
            ));
        }
    }
    check_cloud_annotations(setup, objects)?;
    for (index, object) in objects.iter().enumerate() {
        let meta = object.metadata();
        let labelled = meta
            .labels
            .as_ref()
            .and_then(|l| l.get("parent"))
            .map(String::as_str)
            == Some("skypilot");
        if !labelled {
            return Err(format!("{} lacks parent: skypilot", object.describe()));
        }
        if object.is_cluster_scoped() != object.namespace().is_none() {
            return Err(format!("{} has the wrong scope", object.describe()));
        }
        // A built-in namespace is never an object here: `kubectl delete -f` would delete it.
        if matches!(object, Object::Namespace(_))
            && skyauth::setup::names::is_builtin_namespace(object.name())
        {
            return Err(format!("{} is a built-in namespace", object.describe()));
        }
        // A namespace created here comes before anything in it.
        if let Some(namespace) = object.namespace() {
            let created_later = objects[index..]
                .iter()
                .any(|o| matches!(o, Object::Namespace(_)) && o.name() == namespace);
            if created_later {
                return Err(format!("{} comes before its Namespace", object.describe()));
            }
        }
        // Every binding's role is in the output, earlier, or is cluster-admin.
        let role_ref = match object {
            Object::RoleBinding(b) => {
                Some((&b.role_ref, object.namespace(), b.subjects.as_deref()))
            }
            Object::ClusterRoleBinding(b) => Some((&b.role_ref, None, b.subjects.as_deref())),
            _ => None,
        };
        if let Some((role_ref, namespace, subjects)) = role_ref {
            let resolved = role_ref.name == "cluster-admin" && role_ref.kind == "ClusterRole"
                || objects[..index].iter().any(|o| {
                    o.kind() == role_ref.kind
                        && o.name() == role_ref.name
                        && (role_ref.kind == "ClusterRole" || o.namespace() == namespace)
                });
            if !resolved {
                return Err(format!(
                    "{} refers to a missing {} {}",
                    object.describe(),
                    role_ref.kind,
                    role_ref.name
                ));
            }
            // The section's own account, or a context's with its own namespace or identity
            // (`Setup::context_setups`): a subject is right when it is right for one of them.
            let scc = setup.hardening.openshift && role_ref.name.starts_with("skypilot-scc-");
            let setups: Vec<Setup> = std::iter::once(setup.clone())
                .chain(setup.applied().context_setups())
                .collect();
            for subject in subjects.unwrap_or_default() {
                let problems: Vec<String> = setups
                    .iter()
                    .filter_map(|own| subject_problem(own, object, namespace, subject, scc))
                    .collect();
                if problems.len() == setups.len() {
                    return Err(problems.into_iter().next().unwrap_or_default());
                }
            }
        }
    }
    if setup.auth == AuthMethod::Custom {
        let (sa, ns) = (&setup.account.name, &setup.account.namespace);
        let has =
            |kind: &str, name: &str| objects.iter().any(|o| o.kind() == kind && o.name() == name);
        if !has("ServiceAccount", sa) {
            return Err("no ServiceAccount".into());
        }
        let profile = setup.account.profile.entry();
        let expected: Vec<(&str, String)> = match setup.account.profile {
            PermissionProfile::ClusterAdmin => {
                vec![("ClusterRoleBinding", format!("{sa}.{ns}.cluster-admin"))]
            }
            _ => {
                let mut names = vec![
                    ("Role", format!("{sa}-role")),
                    ("RoleBinding", format!("{sa}-rb")),
                ];
                if setup
                    .account
                    .profile
                    .grants(false, setup.skypilot_version)
                    .any(|g| g.place == catalogue::Place::Cluster)
                {
                    names.push(("ClusterRole", format!("{sa}.{ns}.cluster-role")));
                    names.push((
                        "ClusterRoleBinding",
                        format!("{sa}.{ns}.cluster-role-binding"),
                    ));
                }
                let fixed =
                    |feature: Feature| profile.can_launch && setup.features.contains(feature);
                // A Role in each other namespace a feature needs (one in the launch namespace
                // is the launch Role).
                let metrics = setup.metrics.prometheus.namespace.as_str();
                let elsewhere = [
                    (Feature::Ingress, catalogue::INGRESS_NGINX),
                    (Feature::ObjectStore, catalogue::SKYPILOT_SYSTEM),
                    (Feature::GpuMetrics, metrics),
                ]
                .into_iter()
                .any(|(feature, namespace)| fixed(feature) && namespace != ns.as_str());
                if elsewhere {
                    names.push(("Role", format!("{sa}.{ns}.role")));
                    names.push(("RoleBinding", format!("{sa}.{ns}.role")));
                }
                names
            }
        };
        // Cluster-scoped names differ between two accounts of the same name; the SCC
        // ClusterRoles grant only `use` of one SCC, and are shared on purpose. (A context's
        // own account or launcher names its own.)
        if objects.iter().any(|o| {
            matches!(o.kind(), "ClusterRole" | "ClusterRoleBinding")
                && !o.name().contains(ns.as_str())
                && !o.name().starts_with("skypilot-scc-")
                && !contexts_objects
                    .iter()
                    .any(|(kind, _, name)| *kind == o.kind() && name == o.name())
        }) {
            return Err("a cluster-scoped name does not carry the namespace".into());
        }
        for (kind, name) in expected {
            if !has(kind, &name) {
                return Err(format!("missing {kind} {name}"));
            }
        }
        if setup.account.token_secret && !has("Secret", sa) {
            return Err("missing token Secret".into());
        }
    }
    check_teams(setup, output)?;
    check_config(setup, &output.config)
}

/// Each team's file holds its own accounts, every object once, and the file of all teams holds
/// every team's objects; no two teams' launcher objects share a name.
fn check_teams(setup: &Setup, output: &skyauth::generate::Output) -> Result<(), String> {
    if !setup.has_teams() {
        return if output.teams.is_empty() {
            Ok(())
        } else {
            Err("team files without teams".into())
        };
    }
    let team_files: Vec<_> = output.teams.iter().filter(|f| f.team().is_some()).collect();
    let shared: Vec<_> = output
        .teams
        .iter()
        .filter(|f| matches!(f.scope, skyauth::generate::TeamFileScope::Shared { .. }))
        .collect();
    if team_files.len() != setup.teams.len() || shared.len() > 1 {
        return Err(format!(
            "{} team files and {} shared for {} teams",
            team_files.len(),
            shared.len(),
            setup.teams.len()
        ));
    }
    let id = |o: &skyauth::generate::Object| {
        (
            o.kind(),
            o.namespace().map(str::to_owned),
            o.name().to_owned(),
        )
    };
    let all = output.teams.last().ok_or("no file of all teams")?;
    if all.scope != skyauth::generate::TeamFileScope::AllTeams {
        return Err(format!(
            "the last file is {}, not the file of all teams",
            all.file
        ));
    }
    let all_ids: Vec<_> = all.objects.iter().map(id).collect();
    let unique: std::collections::HashSet<_> = all_ids.iter().collect();
    if unique.len() != all_ids.len() {
        return Err("the file of all teams repeats an object".into());
    }
    // No object is in two teams' files (nor in one and the shared file, nor in the
    // `kubernetes:` section's own manifest and another): deleting one team's file, or the
    // section's, never deletes what another uses.
    let shared_objects: Vec<_> = shared.iter().flat_map(|f| &f.objects).collect();
    let mut owned = std::collections::HashSet::new();
    for object in team_files
        .iter()
        .flat_map(|f| &f.objects)
        .chain(shared_objects.iter().copied())
        .chain(&output.objects)
    {
        if !owned.insert(id(object)) {
            return Err(format!(
                "{} {} is in two of the teams' files (or also in the shared one, or the \
                 section's manifest)",
                object.kind(),
                object.name()
            ));
        }
        if !unique.contains(&id(object)) {
            return Err(format!(
                "{} {} is not in the file of all teams",
                object.kind(),
                object.name()
            ));
        }
    }
    // An object in a team's file, the shared file or the section's manifest is the one the
    // file of all teams holds: every file writes the same object the same way.
    for object in team_files
        .iter()
        .flat_map(|f| &f.objects)
        .chain(shared_objects.iter().copied())
    {
        if !all.objects.contains(object) {
            return Err(format!(
                "{} {} differs from its version in the file of all teams",
                object.kind(),
                object.name()
            ));
        }
    }
    check_teams_keep_their_labels(setup, &all.objects)?;
    for (file, (name, team)) in team_files.iter().zip(&setup.teams) {
        if file.team() != Some(name.as_str()) || !file.file.contains(name.as_str()) {
            return Err(format!("team {name}'s file is {}", file.file));
        }
        if file.manifest.is_none() != file.objects.is_empty()
            || file.manifest.is_some() == file.note.is_some()
        {
            return Err(format!("team {name}: manifest, objects and note disagree"));
        }
        for object in &file.objects {
            if !unique.contains(&id(object)) {
                return Err(format!(
                    "team {name}'s {} {} is not in the file of all teams",
                    object.kind(),
                    object.name()
                ));
            }
            if object.name().starts_with("skypilot-launcher-")
                && !object.name().contains(name.as_str())
            {
                return Err(format!(
                    "team {name}'s launcher object {} does not carry the team",
                    object.name()
                ));
            }
        }
        for target in setup.team_targets(team) {
            if let skyauth::setup::RemoteIdentity::Custom(account) = &target.identity {
                let found = file
                    .objects
                    .iter()
                    .chain(shared_objects.iter().copied())
                    .any(|o| {
                        o.kind() == "ServiceAccount"
                            && o.name() == account
                            && o.namespace() == Some(target.namespace.as_str())
                    });
                if !found {
                    return Err(format!(
                        "team {name} has no ServiceAccount {}/{account}",
                        target.namespace
                    ));
                }
            }
        }
    }
    Ok(())
}

/// An object two teams (or a team and the section) need is written once, with what each
/// asked for: a namespace admits the pods of every team that launches there (the most
/// permissive Pod Security level any needs), an account carries the cloud identity of every
/// team whose pods run as it. Written once, with one team's version only, applying the
/// files one after the other would take back what the other asked for.
fn check_teams_keep_their_labels(setup: &Setup, all: &[Object]) -> Result<(), String> {
    let find = |kind: &str, namespace: Option<&str>, name: &str| {
        all.iter()
            .find(|o| o.kind() == kind && o.namespace() == namespace && o.name() == name)
    };
    for (team_name, team) in &setup.teams {
        for team_setup in setup.team_setups(team) {
            if team_setup.hardening.pod_security_labels {
                let (launch, _) = team_setup.pods_account();
                let needs =
                    catalogue::pod_security::namespace_needs(launch, &team_setup.pod_features());
                for need in needs {
                    let Some(namespace) = find("Namespace", None, &need.namespace) else {
                        continue;
                    };
                    let labels = namespace.metadata().labels.clone().unwrap_or_default();
                    for label in catalogue::pod_security::MODE_LABELS {
                        let level = labels
                            .get(label)
                            .and_then(|v| catalogue::pod_security::PodSecurityLevel::from_label(v));
                        if level
                            .is_none_or(|level| !catalogue::pod_security::admits(level, need.level))
                        {
                            return Err(format!(
                                "namespace {} has {label}={level:?}: team {team_name}'s pods need {}",
                                need.namespace,
                                need.level.as_label()
                            ));
                        }
                    }
                }
            }
            if let Some((namespace, name)) = team_setup.cloud_identity_account() {
                let Some(account) = find("ServiceAccount", Some(&namespace), &name) else {
                    continue;
                };
                let has = account.metadata().annotations.clone().unwrap_or_default();
                for (key, value) in team_setup.cloud_identity.annotations() {
                    if has.get(key) != Some(&value) {
                        return Err(format!(
                            "account {namespace}/{name} lacks {key}: {value}, team {team_name}'s \
                             cloud identity"
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Only the accounts the cloud identity is for carry its annotations, exactly those: the
/// pods' account and, in a keyword mode on a nightly with the controller account, the
/// controllers' beside it.
fn check_cloud_annotations(setup: &Setup, objects: &[Object]) -> Result<(), String> {
    let pods = setup.cloud_identity_account();
    let controllers = pods.clone().filter(|_| {
        setup.auth != skyauth::setup::AuthMethod::Custom
            && setup
                .skypilot_version
                .has(skyauth::release::Change::ControllerAccount)
    });
    let wanted: std::collections::BTreeMap<String, String> = setup
        .cloud_identity
        .annotations()
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    for object in objects {
        let Object::ServiceAccount(account) = object else {
            continue;
        };
        let meta = &account.metadata;
        let is_target = pods.as_ref().is_some_and(|(namespace, name)| {
            meta.namespace.as_ref() == Some(namespace) && meta.name.as_ref() == Some(name)
        }) || controllers.as_ref().is_some_and(|(namespace, _)| {
            meta.namespace.as_ref() == Some(namespace)
                && meta.name.as_deref() == Some("skypilot-controller-service-account")
        });
        let has = meta.annotations.clone().unwrap_or_default();
        let cloud: std::collections::BTreeMap<String, String> = has
            .into_iter()
            .filter(|(key, _)| {
                key.contains("eks.amazonaws.com")
                    || key.contains("iam.gke.io")
                    || key.contains("azure.workload.identity")
            })
            .collect();
        let expected = if is_target {
            wanted.clone()
        } else {
            Default::default()
        };
        if cloud != expected {
            return Err(format!(
                "account {:?} has cloud annotations {cloud:?}",
                meta.name
            ));
        }
    }
    Ok(())
}

/// The config snippet is one `kubernetes:` mapping with schema keys and the setup's values.
fn check_config(setup: &Setup, config: &str) -> Result<(), String> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(config).map_err(|e| format!("config does not parse: {e}"))?;
    let root = value.as_mapping().ok_or("config is not a mapping")?;
    let version = setup.skypilot_version;
    let prometheus = &setup.metrics.prometheus.namespace;
    let metrics_key = setup.wants_gpu_metrics()
        && prometheus != skyauth::catalogue::SKYPILOT_METRICS
        && version.has(Change::MetricsPrometheus);
    let workspaces_key = setup.has_teams();
    // A cloud identity writes its cloud's `remote_identity: NO_UPLOAD`.
    let cloud_key = setup
        .cloud_identity_account()
        .and(setup.cloud_identity.provider.sky_cloud());
    if root.len()
        != 1 + usize::from(metrics_key)
            + usize::from(workspaces_key)
            + usize::from(cloud_key.is_some())
    {
        return Err(
            "config has keys besides kubernetes (and metrics, workspaces and the cloud \
             identity's cloud where written)"
                .into(),
        );
    }
    if let Some(cloud) = cloud_key {
        if root
            .get(cloud)
            .and_then(|c| c.get("remote_identity"))
            .and_then(|v| v.as_str())
            != Some("NO_UPLOAD")
        {
            return Err(format!("{cloud}.remote_identity is not NO_UPLOAD"));
        }
    }
    if workspaces_key {
        // The teams read back as they were set.
        let read = skyauth::setup::setup_from_settings(root, version)?;
        // The config does not say what an account may do or who launches: those are the
        // RBAC's.
        let mut teams = setup.teams.clone();
        let default = skyauth::setup::Team::default();
        for team in teams.values_mut() {
            team.profile = default.profile;
            team.launcher_kind = default.launcher_kind;
            team.launcher_subject.clear();
        }
        if read.teams != teams {
            return Err(format!("workspaces read back as {:?}", read.teams));
        }
    }
    if metrics_key
        && root
            .get("metrics")
            .and_then(|m| m.get("prometheus"))
            .and_then(|p| p.get("namespace"))
            .and_then(|n| n.as_str())
            != Some(prometheus.as_str())
    {
        return Err("metrics.prometheus.namespace is not the setup's".into());
    }
    if !version.has(Change::Namespace) && config.contains("namespace:") {
        return Err(format!(
            "SkyPilot {version} rejects `namespace`, but the config writes it"
        ));
    }
    let kubernetes = root
        .get("kubernetes")
        .and_then(|v| v.as_mapping())
        .ok_or("no kubernetes: mapping")?;
    for key in kubernetes.keys() {
        let key = key.as_str().unwrap_or_default();
        if ![
            "allowed_contexts",
            "remote_identity",
            "namespace",
            "ports",
            "context_configs",
            "pod_config",
        ]
        .contains(&key)
        {
            return Err(format!("unexpected key {key}"));
        }
    }
    // Azure's pod label, exactly when the cloud identity is Azure's.
    let label = kubernetes
        .get("pod_config")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("labels"))
        .and_then(|l| l.get("azure.workload.identity/use"))
        .and_then(|v| v.as_str());
    let azure = setup.cloud_identity_account().is_some()
        && setup.cloud_identity.provider == skyauth::setup::CloudProvider::Azure;
    if label != azure.then_some("true") {
        return Err(format!("the Azure pod label is {label:?}"));
    }
    let identity = kubernetes
        .get("remote_identity")
        .ok_or("no remote_identity")?;
    if identity.as_str() != Some(setup.remote_identity().as_config_value()) {
        return Err(format!("remote_identity is {identity:?}"));
    }
    if !version.has(Change::Namespace) {
        // The namespaces are set on the contexts instead (the next steps' commands).
        return Ok(());
    }
    let namespace = kubernetes
        .get("namespace")
        .and_then(|v| v.as_str())
        .unwrap_or("default");
    if namespace != setup.launch_namespace() {
        return Err(format!("namespace is {namespace:?}"));
    }
    let own = |context: &str, key: &str| {
        kubernetes
            .get("context_configs")
            .and_then(|c| c.get(context))
            .and_then(|c| c.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    if setup.contexts.per_context {
        for (context, value) in &setup.contexts.identities {
            let effective = own(context, "remote_identity")
                .unwrap_or_else(|| setup.remote_identity().as_config_value().to_owned());
            if effective != *value {
                return Err(format!("context {context:?} lost its identity"));
            }
        }
        for (context, value) in &setup.contexts.namespaces {
            let effective = own(context, "namespace").unwrap_or_else(|| namespace.to_owned());
            if effective != *value {
                return Err(format!("context {context:?} lost its namespace"));
            }
        }
    } else if kubernetes.contains_key("context_configs") {
        return Err("context_configs without per-context settings".into());
    }
    match setup.contexts.allowed {
        AllowedContexts::Current => {
            if kubernetes.contains_key("allowed_contexts") {
                return Err("allowed_contexts written for the current context".into());
            }
        }
        AllowedContexts::All => {
            if kubernetes.get("allowed_contexts").and_then(|v| v.as_str()) != Some("all") {
                return Err("allowed_contexts is not `all`".into());
            }
        }
        AllowedContexts::List => {
            let listed: Vec<&str> = kubernetes
                .get("allowed_contexts")
                .and_then(|v| v.as_sequence())
                .ok_or("allowed_contexts is not a list")?
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            if listed
                != setup
                    .contexts
                    .names
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
            {
                return Err(format!("allowed_contexts changed: {listed:?}"));
            }
        }
    }
    if setup.wants_ingress() && kubernetes.get("ports").and_then(|v| v.as_str()) != Some("ingress")
    {
        return Err("ingress did not imply ports: ingress".into());
    }
    Ok(())
}

#[test]
fn the_golden_matrix_keeps_the_invariants() {
    for (name, setup) in fixtures::golden_cases() {
        let output = generate(&setup).expect("valid");
        check_invariants(&setup, &output).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_checker_catches_a_broken_manifest() {
    // The invariant checker itself must be able to fail.
    let setup = fixtures::golden_cases().remove(0).1;
    let mut output = generate(&setup).expect("valid");
    output.objects.swap(0, 1);
    assert!(check_invariants(&setup, &output).is_err());
    let mut output = generate(&setup).expect("valid");
    output.config = "kubernetes:\n  remote_identity: SERVICE_ACCOUNT\n".into();
    assert!(check_invariants(&setup, &output).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_setups_keep_the_invariants(setup in fixtures::valid_setup()) {
        let output = generate(&setup).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        // Outputs are made from the choices the page shows (#22 item 4).
        let setup = skyauth::setup::effective_setup(&setup);
        if setup.deployment == skyauth::setup::Deployment::Helm {
            // The server's own setup decides the config; its RBAC may be the chart's.
            check_config(&setup, &output.config).map_err(TestCaseError::fail)?;
            prop_assert!(output.helm.is_some());
        } else {
            check_invariants(&setup, &output).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn invalid_names_are_rejected_naming_their_field(
        bad in "[A-Z_ :\n#]{1,3}",
        which in 0..3u8,
    ) {
        let mut setup = Setup { auth: AuthMethod::Custom, ..Setup::default() };
        let field = match which {
            0 => { setup.account.namespace = format!("a{bad}"); "namespace" }
            1 => { setup.account.name = format!("a{bad}"); "service_account" }
            _ => {
                setup.auth = AuthMethod::ServiceAccount;
                setup.launcher.namespace = format!("a{bad}");
                "launcher_namespace"
            }
        };
        let errors = generate(&setup).err().unwrap_or_default();
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(errors[0].field.to_string(), field);
    }
}
