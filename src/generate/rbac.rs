//! Builds the RBAC objects of a valid setup as typed k8s-openapi values, in apply order:
//! Namespaces, ServiceAccount, Secret, Roles, RoleBindings, ClusterRole, ClusterRoleBinding,
//! then the other namespaces' Roles and RoleBindings. Rules come from the catalogue (`docs/skypilot-facts.md` §4-5).
//!
//! Kept in one file on purpose: the apply-ordered plan and the typed object builders it uses
//! (which the audit's patch reuses) change together.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Namespace, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::object::Object;
use crate::catalogue::pod_security::{namespace_needs, Scc, MODE_LABELS};
use crate::catalogue::rules::RuleSpec;
use crate::catalogue::{Feature, FeatureSet, Grant, Place, SKYPILOT_SYSTEM};
use crate::release::SkyPilotVersion;
use crate::setup::names::{account_object_name, Purpose};
use crate::setup::{CustomAccount, Launcher, Setup};

/// The name of every launcher object: `skypilot-launcher-` and the subject, so launchers of
/// different users, groups or namespaces never overwrite each other's bindings.
pub fn launcher_object_name(launcher: &Launcher) -> String {
    team_launcher_object_name(launcher, None)
}

/// [`launcher_object_name`] for a team's RBAC: the team's name comes first, so removing one
/// team's file never deletes a cluster role another team's launcher is bound to.
pub fn team_launcher_object_name(launcher: &Launcher, team: Option<&str>) -> String {
    let subject = format!("{}-{}", launcher.subject_kind.noun(), launcher.subject);
    let scoped = match team {
        Some(team) => format!("{team}-{subject}"),
        None => subject,
    };
    format!(
        "skypilot-launcher-{}",
        crate::setup::names::unique_label(&scoped, 63 - "skypilot-launcher-".len())
    )
}

/// A generated object with the reasons for its rules (one per rule, in order).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub object: Object,
    pub reasons: Vec<&'static str>,
}

/// The objects for `setup`, which must be valid. Empty when nothing needs applying. With them,
/// each context's own account or launcher rights ([`Setup::context_setups`]), each object
/// once, as a team's file holds each of its targets'.
pub fn build(setup: &Setup) -> Vec<Entry> {
    let entries = build_for_team(setup, None);
    let contexts = setup.context_setups();
    if contexts.is_empty() {
        return entries;
    }
    let theirs = contexts.iter().flat_map(|own| build_for_team(own, None));
    super::merge::merge(entries.into_iter().chain(theirs))
}

/// The objects for one of a team's setups ([`Setup::team_setups`]): as [`build`], with the
/// launcher's objects named for the team.
pub fn build_for_team(setup: &Setup, team: Option<&str>) -> Vec<Entry> {
    let mut plan = Plan {
        team: team.map(str::to_owned),
        ..Plan::default()
    };
    let metrics = setup.metrics.prometheus.namespace.as_str();
    let version = setup.skypilot_version;
    if setup.auth == crate::setup::AuthMethod::Custom {
        plan.custom_account(&setup.account, &setup.features, metrics, version);
        if setup.wants_custom_launcher() {
            plan.bind_also(launcher_subject(&setup.launcher));
        }
    } else {
        if setup.wants_launcher_rbac() {
            plan.launcher(&setup.launcher, &setup.features, metrics, version);
        }
        // SkyPilot's own account, made ahead of SkyPilot with the cloud identity's
        // annotations: SkyPilot creates it only when it is missing and never patches it
        // (`_configure_autoscaler_service_account`), so the annotations stay.
        // On a nightly the controllers' account too.
        if setup.writes_own_account() {
            for (namespace, name) in setup.cloud_identity_accounts() {
                plan.accounts
                    .push(plain(Object::ServiceAccount(ServiceAccount {
                        metadata: meta(&name, Some(&namespace)),
                        ..ServiceAccount::default()
                    })));
            }
        }
    }
    plan.annotate_cloud_identity(setup);
    if setup.generates_rbac() {
        plan.harden(setup);
    }
    plan.into_entries()
}

/// Objects grouped by apply stage, concatenated at the end.
#[derive(Default)]
struct Plan {
    /// The team the objects are for, named in the launcher's objects.
    team: Option<String>,
    namespaces: Vec<Entry>,
    accounts: Vec<Entry>,
    secrets: Vec<Entry>,
    roles: Vec<Entry>,
    role_bindings: Vec<Entry>,
    cluster_roles: Vec<Entry>,
    cluster_role_bindings: Vec<Entry>,
    other_namespaces: Vec<Entry>,
}

/// Rules sorted by the namespace they apply in (`None`: cluster-wide), each in the order it
/// first appears. Places are resolved to namespaces first, so a place that names the launch
/// namespace or another place's namespace (the Prometheus namespace is a setting) shares its
/// Role instead of writing a second object of the same name.
struct RulesByPlace {
    launch: String,
    metrics: String,
    rules: Vec<(Option<String>, Vec<RuleSpec>)>,
}

impl RulesByPlace {
    fn new(launch: &str, metrics: &str) -> RulesByPlace {
        RulesByPlace {
            launch: launch.to_owned(),
            metrics: metrics.to_owned(),
            rules: Vec::new(),
        }
    }

    fn namespace(&self, place: Place) -> Option<String> {
        match place {
            Place::Launch => Some(self.launch.clone()),
            Place::Cluster => None,
            Place::Fixed(namespace) => Some(namespace.to_owned()),
            Place::Metrics => Some(self.metrics.clone()),
        }
    }

    /// Adds `grants`; with `skip_launch`, not those in the launch namespace (which the
    /// holder already has everything in).
    fn add<'a>(&mut self, grants: impl IntoIterator<Item = &'a Grant>, skip_launch: bool) {
        for grant in grants {
            let target = self.namespace(grant.place);
            if skip_launch && target.as_deref() == Some(self.launch.as_str()) {
                continue;
            }
            match self.rules.iter_mut().find(|(place, _)| *place == target) {
                Some((_, rules)) if rules.iter().any(|rule| covers(rule, &grant.rule)) => {}
                Some((_, rules)) => rules.push(grant.rule),
                None => self.rules.push((target, vec![grant.rule])),
            }
        }
    }

    fn take(&mut self, namespace: Option<&str>) -> Vec<RuleSpec> {
        match self
            .rules
            .iter()
            .position(|(p, _)| p.as_deref() == namespace)
        {
            Some(index) => self.rules.remove(index).1,
            None => Vec::new(),
        }
    }

    fn take_launch(&mut self) -> Vec<RuleSpec> {
        let launch = self.launch.clone();
        self.take(Some(&launch))
    }
}

/// True when `held` already grants everything `wanted` does (same groups and resources, a
/// superset of the verbs, no narrower names): the wanted rule would only repeat it.
fn covers(held: &RuleSpec, wanted: &RuleSpec) -> bool {
    let superset = |held: &[&str], wanted: &[&str]| {
        held.contains(&"*") || wanted.iter().all(|item| held.contains(item))
    };
    superset(held.api_groups, wanted.api_groups)
        && superset(held.resources, wanted.resources)
        && superset(held.verbs, wanted.verbs)
        && (held.resource_names.is_empty() || held.resource_names == wanted.resource_names)
}

impl Plan {
    /// What `setup.hardening` asks for: the Pod Security level SkyPilot's pods need on each
    /// namespace the plan creates, and on OpenShift a ClusterRole per SCC they need and a
    /// RoleBinding for the pods' account in each namespace they run in.
    fn harden(&mut self, setup: &Setup) {
        let hardening = &setup.hardening;
        let (launch, account) = setup.pods_account();
        let needs = namespace_needs(launch, &setup.pod_features());
        if hardening.openshift {
            // The SCC bindings in skypilot-system need it before SkyPilot's first launch.
            for need in needs.iter().filter(|need| need.namespace != launch) {
                let ns = need.namespace.as_str();
                if !self
                    .namespaces
                    .iter()
                    .any(|entry| entry.object.name() == ns)
                {
                    self.namespaces.push(plain(namespace(ns)));
                }
            }
        }
        if hardening.pod_security_labels {
            for need in &needs {
                for entry in &mut self.namespaces {
                    let Object::Namespace(object) = &mut entry.object else {
                        continue;
                    };
                    if object.metadata.name.as_deref() == Some(need.namespace.as_str()) {
                        let labels = object.metadata.labels.get_or_insert_with(BTreeMap::new);
                        for label in MODE_LABELS {
                            labels.insert(label.to_owned(), need.level.as_label().to_owned());
                        }
                    }
                }
            }
        }
        if !hardening.openshift {
            return;
        }
        // Each SCC once, in the catalogue's order.
        let sccs = Scc::ALL
            .into_iter()
            .filter(|scc| needs.iter().any(|need| need.scc == *scc));
        for scc in sccs {
            let role = scc_role_name(scc);
            if !self
                .cluster_roles
                .iter()
                .any(|entry| entry.object.name() == role)
            {
                self.cluster_roles.push(cluster_role(&role, &[scc.rule()]));
            }
        }
        for need in &needs {
            let sa = need.account.unwrap_or(account);
            let ns = need.namespace.as_str();
            let binding = Entry {
                object: binding_in(
                    &format!(
                        "{}-scc-{}",
                        crate::setup::names::unique_label(sa, 40),
                        need.scc.name()
                    ),
                    ns,
                    "ClusterRole",
                    &scc_role_name(need.scc),
                    service_account_subject(sa, ns),
                ),
                reasons: Vec::new(),
            };
            // After the ClusterRoles it names.
            self.other_namespaces.push(binding);
        }
    }

    fn into_entries(self) -> Vec<Entry> {
        [
            self.namespaces,
            self.accounts,
            self.secrets,
            self.roles,
            self.role_bindings,
            self.cluster_roles,
            self.cluster_role_bindings,
            self.other_namespaces,
        ]
        .concat()
    }

    fn custom_account(
        &mut self,
        account: &CustomAccount,
        features: &FeatureSet,
        metrics: &str,
        version: SkyPilotVersion,
    ) {
        let (sa, ns) = (account.name.as_str(), account.namespace.as_str());
        let profile = account.profile.entry();
        let subject = service_account_subject(sa, ns);

        // A built-in namespace is never created: `kubectl delete -f` would then try to delete it.
        if account.create_namespace && !crate::setup::names::is_builtin_namespace(ns) {
            self.namespaces.push(plain(namespace(ns)));
        }
        // SkyPilot creates this namespace only for its own account (keyword modes); with a
        // custom account its FUSE daemonset create gets a 404 without it, whatever the profile
        // (the conformance tier's cluster-admin run found it).
        if features.contains(Feature::ObjectStore) && ns != SKYPILOT_SYSTEM {
            self.namespaces.push(plain(namespace(SKYPILOT_SYSTEM)));
        }
        self.accounts
            .push(plain(Object::ServiceAccount(ServiceAccount {
                metadata: meta(sa, Some(ns)),
                ..ServiceAccount::default()
            })));
        if account.token_secret {
            self.secrets.push(plain(token_secret(sa, ns)));
        }
        if account.profile.is_cluster_admin() {
            self.cluster_role_bindings.push(plain(cluster_role_binding(
                &account_object_name(sa, ns, Purpose::ClusterAdmin),
                "cluster-admin",
                subject,
            )));
            return;
        }

        let mut rules = RulesByPlace::new(ns, metrics);
        let docs_secrets = account.docs_secrets && !profile.docs_parity.is_empty();
        rules.add(account.profile.grants(docs_secrets, version), false);
        if profile.can_launch {
            for feature in features.iter() {
                rules.add(feature.grants_for(false, version), profile.namespace_wide);
            }
        }
        let role_name = format!("{sa}-role");
        self.roles.push(role(&role_name, ns, &rules.take_launch()));
        self.role_bindings.push(plain(role_binding(
            &format!("{sa}-rb"),
            ns,
            &role_name,
            subject.clone(),
        )));
        // Cluster-scoped names carry the namespace (`account_object_name`): a second team's
        // account, of the same name or not, never replaces this one's binding.
        let cluster_rules = rules.take(None);
        if !cluster_rules.is_empty() {
            let cluster_role_name = account_object_name(sa, ns, Purpose::ClusterRole);
            self.cluster_roles
                .push(cluster_role(&cluster_role_name, &cluster_rules));
            self.cluster_role_bindings.push(plain(cluster_role_binding(
                &account_object_name(sa, ns, Purpose::ClusterRoleBinding),
                &cluster_role_name,
                subject.clone(),
            )));
        }
        // In the other namespaces, names carry the account's namespace too, and never
        // SkyPilot's own (`skypilot-system-service-account-role`), which it reconciles.
        self.other_namespace_roles(rules, &account_object_name(sa, ns, Purpose::Role), &subject);
    }

    /// A Role and RoleBinding, both called `name`, in each other namespace `rules` holds.
    fn other_namespace_roles(&mut self, rules: RulesByPlace, name: &str, subject: &Subject) {
        for (place, specs) in rules.rules {
            let Some(namespace) = place else {
                continue;
            };
            self.other_namespaces.push(role(name, &namespace, &specs));
            self.other_namespaces.push(plain(role_binding(
                name,
                &namespace,
                name,
                subject.clone(),
            )));
        }
    }

    /// Puts the cloud identity's annotations on the accounts it is for.
    fn annotate_cloud_identity(&mut self, setup: &Setup) {
        let accounts = setup.cloud_identity_accounts();
        let annotations = setup.cloud_identity.annotations();
        if annotations.is_empty() {
            return;
        }
        for entry in &mut self.accounts {
            let Object::ServiceAccount(account) = &mut entry.object else {
                continue;
            };
            let metadata = &mut account.metadata;
            if accounts.iter().any(|(namespace, name)| {
                metadata.name.as_deref() == Some(name)
                    && metadata.namespace.as_deref() == Some(namespace)
            }) {
                let map = metadata.annotations.get_or_insert_with(BTreeMap::new);
                for (key, value) in &annotations {
                    map.insert((*key).to_owned(), value.clone());
                }
            }
        }
    }

    /// Adds `subject` to every binding made so far: the launcher of a custom account holds
    /// what the account may do, since SkyPilot creates its pods with the launcher's rights.
    fn bind_also(&mut self, subject: Subject) {
        let bindings = self
            .role_bindings
            .iter_mut()
            .chain(&mut self.cluster_role_bindings)
            .chain(&mut self.other_namespaces);
        for entry in bindings {
            let subjects = match &mut entry.object {
                Object::RoleBinding(binding) => &mut binding.subjects,
                Object::ClusterRoleBinding(binding) => &mut binding.subjects,
                _ => continue,
            };
            subjects.get_or_insert_with(Vec::new).push(subject.clone());
        }
    }

    /// What the launching identity needs in the keyword modes: what SkyPilot creates with
    /// it, and holds it must have to grant (its namespace, cluster-wide, skypilot-system), and
    /// each feature's rules (in its namespace it already holds everything).
    fn launcher(
        &mut self,
        launcher: &Launcher,
        features: &FeatureSet,
        metrics: &str,
        version: SkyPilotVersion,
    ) {
        let subject = launcher_subject(launcher);
        let ns = launcher.namespace.as_str();
        let name = team_launcher_object_name(launcher, self.team.as_deref());
        let mut rules = RulesByPlace::new(ns, metrics);
        rules.add(Feature::ManagedAccount.grants_for(true, version), false);
        for feature in features.iter() {
            rules.add(feature.grants_for(true, version), true);
        }
        self.roles.push(role(&name, ns, &rules.take_launch()));
        self.role_bindings
            .push(plain(role_binding(&name, ns, &name, subject.clone())));
        self.cluster_roles
            .push(cluster_role(&name, &rules.take(None)));
        self.cluster_role_bindings
            .push(plain(cluster_role_binding(&name, &name, subject.clone())));
        self.other_namespace_roles(rules, &name, &subject);
    }
}

/// The launcher as an RBAC subject: a service account as `NAMESPACE/NAME`, else a user or a
/// group.
fn launcher_subject(launcher: &Launcher) -> Subject {
    match launcher.service_account() {
        Some((namespace, name)) => service_account_subject(name, namespace),
        None => Subject {
            api_group: Some("rbac.authorization.k8s.io".into()),
            kind: launcher.subject_kind.as_rbac_kind().into(),
            name: launcher.subject.clone(),
            namespace: None,
        },
    }
}

pub(crate) fn plain(object: Object) -> Entry {
    Entry {
        object,
        reasons: Vec::new(),
    }
}

/// Metadata with the `parent: skypilot` label every object carries.
fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: namespace.map(str::to_owned),
        labels: Some(BTreeMap::from([(
            "parent".to_owned(),
            "skypilot".to_owned(),
        )])),
        ..ObjectMeta::default()
    }
}

fn namespace(name: &str) -> Object {
    Object::Namespace(Namespace {
        metadata: meta(name, None),
        ..Namespace::default()
    })
}

fn token_secret(sa: &str, ns: &str) -> Object {
    let mut metadata = meta(sa, Some(ns));
    metadata.annotations = Some(BTreeMap::from([(
        "kubernetes.io/service-account.name".to_owned(),
        sa.to_owned(),
    )]));
    Object::Secret(Secret {
        metadata,
        type_: Some("kubernetes.io/service-account-token".into()),
        ..Secret::default()
    })
}

fn policy_rules(specs: &[RuleSpec]) -> Vec<PolicyRule> {
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    specs
        .iter()
        .map(|spec| PolicyRule {
            api_groups: Some(strings(spec.api_groups)),
            resources: Some(strings(spec.resources)),
            verbs: strings(spec.verbs),
            resource_names: (!spec.resource_names.is_empty()).then(|| strings(spec.resource_names)),
            non_resource_urls: None,
        })
        .collect()
}

fn role(name: &str, namespace: &str, specs: &[RuleSpec]) -> Entry {
    role_with_rules(
        name,
        Some(namespace),
        policy_rules(specs),
        specs.iter().map(|spec| spec.why).collect(),
    )
}

fn cluster_role(name: &str, specs: &[RuleSpec]) -> Entry {
    role_with_rules(
        name,
        None,
        policy_rules(specs),
        specs.iter().map(|spec| spec.why).collect(),
    )
}

/// A Role in `namespace`, or a ClusterRole without one, holding `rules` (one reason each).
pub(crate) fn role_with_rules(
    name: &str,
    namespace: Option<&str>,
    rules: Vec<PolicyRule>,
    reasons: Vec<&'static str>,
) -> Entry {
    let object = match namespace {
        Some(namespace) => Object::Role(Role {
            metadata: meta(name, Some(namespace)),
            rules: Some(rules),
        }),
        None => Object::ClusterRole(ClusterRole {
            metadata: meta(name, None),
            rules: Some(rules),
            aggregation_rule: None,
        }),
    };
    Entry { object, reasons }
}

/// A subject for the service account `sa` in `ns`; bindings in other namespaces keep `ns`.
pub(crate) fn service_account_subject(sa: &str, ns: &str) -> Subject {
    Subject {
        api_group: None,
        kind: "ServiceAccount".into(),
        name: sa.to_owned(),
        namespace: Some(ns.to_owned()),
    }
}

pub(crate) fn role_binding(name: &str, namespace: &str, role: &str, subject: Subject) -> Object {
    binding_in(name, namespace, "Role", role, subject)
}

/// A RoleBinding in `namespace` to the `kind` (Role or ClusterRole) named `role`.
fn binding_in(name: &str, namespace: &str, kind: &str, role: &str, subject: Subject) -> Object {
    Object::RoleBinding(RoleBinding {
        metadata: meta(name, Some(namespace)),
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: kind.into(),
            name: role.to_owned(),
        },
        subjects: Some(vec![subject]),
    })
}

/// The ClusterRole that lets its holders use `scc` (shared by every account that needs it).
fn scc_role_name(scc: Scc) -> String {
    format!("skypilot-scc-{}", scc.name())
}

pub(crate) fn cluster_role_binding(name: &str, cluster_role: &str, subject: Subject) -> Object {
    Object::ClusterRoleBinding(ClusterRoleBinding {
        metadata: meta(name, None),
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: "ClusterRole".into(),
            name: cluster_role.to_owned(),
        },
        subjects: Some(vec![subject]),
    })
}
