//! How generated objects are written: each k8s-openapi object through a view that serializes
//! exactly the fields skyauth sets (typed sub-objects included), in kubectl's key order.
//!
//! k8s-openapi's own `Serialize` for `ObjectMeta` carries timestamp formatting (the `jiff`
//! crate) that no generated object uses; writing metadata through [`MetaView`] keeps that out
//! of the web page. Round-trip tests parse the output back with k8s-openapi's types.

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1::{RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::Resource;
use serde::Serialize;

use super::object::Object;

/// The serialized form of one object, without its rules (written separately, with comments).
#[derive(Serialize)]
pub struct ObjectView<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    kind: &'static str,
    metadata: MetaView<'a>,
    #[serde(rename = "roleRef", skip_serializing_if = "Option::is_none")]
    role_ref: Option<&'a RoleRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subjects: Option<&'a [Subject]>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    type_: Option<&'a str>,
}

/// The metadata fields skyauth sets.
#[derive(Serialize)]
struct MetaView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations: Option<&'a BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<&'a str>,
}

impl<'a> MetaView<'a> {
    fn of(meta: &'a ObjectMeta) -> Self {
        MetaView {
            annotations: meta.annotations.as_ref(),
            labels: meta.labels.as_ref(),
            name: meta.name.as_deref(),
            namespace: meta.namespace.as_deref(),
        }
    }
}

impl<'a> ObjectView<'a> {
    /// The view of `object`.
    pub fn of(object: &'a Object) -> Self {
        fn ids<T: Resource>() -> (&'static str, &'static str) {
            (T::API_VERSION, T::KIND)
        }
        let ((api_version, kind), role_ref, subjects, type_) = match object {
            Object::Namespace(_) => (
                ids::<k8s_openapi::api::core::v1::Namespace>(),
                None,
                None,
                None,
            ),
            Object::ServiceAccount(_) => (
                ids::<k8s_openapi::api::core::v1::ServiceAccount>(),
                None,
                None,
                None,
            ),
            Object::Secret(secret) => (
                ids::<k8s_openapi::api::core::v1::Secret>(),
                None,
                None,
                secret.type_.as_deref(),
            ),
            Object::Role(_) => (ids::<k8s_openapi::api::rbac::v1::Role>(), None, None, None),
            Object::ClusterRole(_) => (
                ids::<k8s_openapi::api::rbac::v1::ClusterRole>(),
                None,
                None,
                None,
            ),
            Object::RoleBinding(binding) => (
                ids::<k8s_openapi::api::rbac::v1::RoleBinding>(),
                Some(&binding.role_ref),
                binding.subjects.as_deref(),
                None,
            ),
            Object::ClusterRoleBinding(binding) => (
                ids::<k8s_openapi::api::rbac::v1::ClusterRoleBinding>(),
                Some(&binding.role_ref),
                binding.subjects.as_deref(),
                None,
            ),
        };
        ObjectView {
            api_version,
            kind,
            metadata: MetaView::of(object.metadata()),
            role_ref,
            subjects,
            type_,
        }
    }
}
