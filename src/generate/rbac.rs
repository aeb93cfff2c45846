//! Builds the RBAC objects of a valid setup as typed k8s-openapi values, in apply order:
//! Namespaces, ServiceAccount, Secret, Roles, RoleBindings, ClusterRole, ClusterRoleBinding,
//! then the other namespaces' Roles and RoleBindings. Names follow reference §4.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Namespace, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::object::Object;
use crate::catalogue::rules::RuleSpec;
use crate::catalogue::{Feature, FeatureSet, Grant, Place, SKYPILOT_SYSTEM};
use crate::setup::{CustomAccount, Launcher, Setup};

/// Launcher object names (reference §4e has no names for them; these say what they are).
pub const LAUNCHER_ROLE: &str = "skypilot-launcher-role";
pub const LAUNCHER_ROLE_BINDING: &str = "skypilot-launcher-role-binding";
pub const LAUNCHER_CLUSTER_ROLE: &str = "skypilot-launcher-cluster-role";
pub const LAUNCHER_CLUSTER_ROLE_BINDING: &str = "skypilot-launcher-cluster-role-binding";

/// A generated object with the reasons for its rules (one per rule, in order).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub object: Object,
    pub reasons: Vec<&'static str>,
}

/// The objects for `setup`, which must be valid. Empty when nothing needs applying.
pub fn build(setup: &Setup) -> Vec<Entry> {
    let mut plan = Plan::default();
    if setup.auth == crate::setup::AuthMethod::Custom {
        plan.custom_account(&setup.account, &setup.features);
    } else if setup.wants_launcher_rbac() {
        plan.launcher(&setup.launcher);
    }
    plan.into_entries()
}

/// Objects grouped by apply stage, concatenated at the end.
#[derive(Default)]
struct Plan {
    namespaces: Vec<Entry>,
    accounts: Vec<Entry>,
    secrets: Vec<Entry>,
    roles: Vec<Entry>,
    role_bindings: Vec<Entry>,
    cluster_roles: Vec<Entry>,
    cluster_role_bindings: Vec<Entry>,
    other_namespaces: Vec<Entry>,
}

/// Rules sorted by where they apply, each place in the order it first appears.
#[derive(Default)]
struct RulesByPlace(Vec<(Place, Vec<RuleSpec>)>);

impl RulesByPlace {
    fn add(&mut self, grants: &[Grant], skip_launch: bool) {
        for grant in grants {
            if skip_launch && grant.place == Place::Launch {
                continue;
            }
            match self.0.iter_mut().find(|(place, _)| *place == grant.place) {
                Some((_, rules)) if rules.contains(&grant.rule) => {}
                Some((_, rules)) => rules.push(grant.rule),
                None => self.0.push((grant.place, vec![grant.rule])),
            }
        }
    }

    fn take(&mut self, place: Place) -> Vec<RuleSpec> {
        match self.0.iter().position(|(p, _)| *p == place) {
            Some(index) => self.0.remove(index).1,
            None => Vec::new(),
        }
    }
}

impl Plan {
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

    fn custom_account(&mut self, account: &CustomAccount, features: &FeatureSet) {
        let (sa, ns) = (account.name.as_str(), account.namespace.as_str());
        let profile = account.profile.entry();
        let subject = service_account_subject(sa, ns);

        // A built-in namespace is never created: `kubectl delete -f` would then try to delete it.
        if account.create_namespace && !crate::setup::names::is_builtin_namespace(ns) {
            self.namespaces.push(plain(namespace(ns)));
        }
        if features.contains(Feature::ObjectStore)
            && !account.profile.is_cluster_admin()
            && ns != SKYPILOT_SYSTEM
        {
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
                &format!("{sa}-cluster-admin"),
                "cluster-admin",
                subject,
            )));
            return;
        }

        let mut rules = RulesByPlace::default();
        rules.add(profile.base, false);
        for feature in features.iter() {
            rules.add(
                feature.grants(profile.namespace_wide),
                profile.namespace_wide,
            );
        }
        let role_name = format!("{sa}-role");
        self.roles
            .push(role(&role_name, ns, &rules.take(Place::Launch)));
        self.role_bindings.push(plain(role_binding(
            &format!("{sa}-rb"),
            ns,
            &role_name,
            subject.clone(),
        )));
        let cluster_role_name = format!("{sa}-cluster-role");
        self.cluster_roles.push(cluster_role(
            &cluster_role_name,
            &rules.take(Place::Cluster),
        ));
        self.cluster_role_bindings.push(plain(cluster_role_binding(
            &format!("{sa}-cluster-role-binding"),
            &cluster_role_name,
            subject.clone(),
        )));
        for (place, specs) in rules.0 {
            let (namespace, role_name, binding_name) = match place {
                Place::IngressController => (
                    account.ingress_namespace.as_str(),
                    format!("{sa}-role-ingress-nginx"),
                    format!("{sa}-rolebinding-ingress-nginx"),
                ),
                Place::Fixed(SKYPILOT_SYSTEM) => (
                    SKYPILOT_SYSTEM,
                    "skypilot-system-service-account-role".to_owned(),
                    format!("{sa}-skypilot-system-role-binding-{ns}"),
                ),
                Place::Fixed(other) => (
                    other,
                    format!("{sa}-role-{other}"),
                    format!("{sa}-rolebinding-{other}-{ns}"),
                ),
                Place::Launch | Place::Cluster => continue,
            };
            self.other_namespaces
                .push(role(&role_name, namespace, &specs));
            self.other_namespaces.push(plain(role_binding(
                &binding_name,
                namespace,
                &role_name,
                subject.clone(),
            )));
        }
    }

    fn launcher(&mut self, launcher: &Launcher) {
        let subject = Subject {
            api_group: Some("rbac.authorization.k8s.io".into()),
            kind: launcher.subject_kind.as_rbac_kind().into(),
            name: launcher.subject.clone(),
            namespace: None,
        };
        let ns = launcher.namespace.as_str();
        let mut rules = RulesByPlace::default();
        rules.add(Feature::ManagedAccount.group().grants, false);
        self.roles
            .push(role(LAUNCHER_ROLE, ns, &rules.take(Place::Launch)));
        self.role_bindings.push(plain(role_binding(
            LAUNCHER_ROLE_BINDING,
            ns,
            LAUNCHER_ROLE,
            subject.clone(),
        )));
        self.cluster_roles.push(cluster_role(
            LAUNCHER_CLUSTER_ROLE,
            &rules.take(Place::Cluster),
        ));
        self.cluster_role_bindings.push(plain(cluster_role_binding(
            LAUNCHER_CLUSTER_ROLE_BINDING,
            LAUNCHER_CLUSTER_ROLE,
            subject,
        )));
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
    Object::RoleBinding(RoleBinding {
        metadata: meta(name, Some(namespace)),
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: "Role".into(),
            name: role.to_owned(),
        },
        subjects: Some(vec![subject]),
    })
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
