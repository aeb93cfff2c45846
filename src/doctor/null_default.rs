//! Deserializers that read YAML `null` (an empty key or list item) as the empty value, as Go's
//! decoder does for kubeconfigs and Kubernetes objects.

use serde::Deserialize;

/// A list whose `null` items (an empty `- `) read as empty entries, as Go's decoder does.
pub(crate) fn nulls_as_default<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    let items = Option::<Vec<Option<T>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items.into_iter().map(Option::unwrap_or_default).collect())
}

/// `null` (as YAML writes an empty key) reads as the empty value, as Go's decoder does.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
