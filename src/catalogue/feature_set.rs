//! The optional permission groups a setup turns on, as a set. In a setup (and so in share
//! links) it is a mapping from feature id to `true`: `features.gpu-list=true`.
//!
//! A bit per feature, not a `BTreeSet`: a setup is cloned, compared and hashed on every edit,
//! and the set's generic tree code cost the page's first load more than the rest of this file.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Feature;

/// A set of optional features.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FeatureSet(u64);

// One bit per feature.
const _: () = assert!(Feature::ALL.len() <= 64);

/// `feature`'s bit.
fn bit(feature: Feature) -> u64 {
    1 << feature as u32
}

impl FeatureSet {
    /// The empty set.
    pub fn new() -> FeatureSet {
        FeatureSet::default()
    }

    /// Every optional feature.
    pub fn all_optional() -> FeatureSet {
        Feature::optional().collect()
    }

    pub fn contains(&self, feature: Feature) -> bool {
        self.0 & bit(feature) != 0
    }

    /// Turns `feature` on or off.
    pub fn set(&mut self, feature: Feature, on: bool) {
        if on {
            self.0 |= bit(feature);
        } else {
            self.0 &= !bit(feature);
        }
    }

    /// The features on, in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = Feature> + '_ {
        Feature::ALL
            .iter()
            .copied()
            .filter(|feature| self.contains(*feature))
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

impl fmt::Debug for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> FeatureSet {
        let mut set = FeatureSet::new();
        for feature in iter {
            set.set(feature, true);
        }
        set
    }
}

impl Serialize for FeatureSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.count_ones() as usize))?;
        for feature in self.iter() {
            map.serialize_entry(feature.id(), &true)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for FeatureSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FeatureSet, D::Error> {
        struct SetVisitor;

        impl<'de> Visitor<'de> for SetVisitor {
            type Value = FeatureSet;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from feature id to true or false")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FeatureSet, A::Error> {
                let mut set = FeatureSet::new();
                while let Some((id, on)) = map.next_entry::<String, bool>()? {
                    let feature = id
                        .parse::<Feature>()
                        .ok()
                        .filter(|feature| feature.is_optional())
                        .ok_or_else(|| {
                            serde::de::Error::custom(format!(
                                "`{id}` is not an optional feature; use one of {}",
                                Feature::id_list(Feature::optional())
                            ))
                        })?;
                    set.set(feature, on);
                }
                Ok(set)
            }
        }

        deserializer.deserialize_map(SetVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_a_mapping_of_ids() {
        let set: FeatureSet = [Feature::GpuList, Feature::Ingress].into_iter().collect();
        let yaml = serde_yaml::to_string(&set).unwrap();
        assert_eq!(yaml, "gpu-list: true\ningress: true\n");
        assert_eq!(serde_yaml::from_str::<FeatureSet>(&yaml).unwrap(), set);
        let off: FeatureSet = serde_yaml::from_str("gpu-list: false").unwrap();
        assert!(off.is_empty());
        let error = serde_yaml::from_str::<FeatureSet>("core: true").unwrap_err();
        assert!(error.to_string().contains("not an optional feature"));
    }

    #[test]
    fn holds_every_feature_apart_in_catalogue_order() {
        let mut set = FeatureSet::new();
        for feature in Feature::ALL.iter().rev() {
            set.set(*feature, true);
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), Feature::ALL);
        for feature in Feature::ALL {
            let mut without = set;
            without.set(*feature, false);
            assert!(!without.contains(*feature));
            assert_eq!(without.iter().count(), Feature::ALL.len() - 1);
        }
        assert_eq!(
            format!("{:?}", FeatureSet::from_iter([Feature::Ingress])),
            "{Ingress}"
        );
    }
}
