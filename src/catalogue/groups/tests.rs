//! Unit tests of `groups`.
use super::*;

#[test]
fn every_feature_has_a_distinct_id_a_label_a_reason_and_rules() {
    let mut ids: Vec<&str> = Feature::ALL.iter().map(|f| f.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Feature::ALL.len());
    for &feature in Feature::ALL {
        assert_eq!(feature.id().parse::<Feature>(), Ok(feature));
        assert!(!feature.label().is_empty() && feature.why().ends_with('.'));
        assert!(
            !feature.group().grants.is_empty(),
            "{feature:?} grants nothing"
        );
        let id = feature.id();
        assert!(
            id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{id}"
        );
    }
    let retired = "in-pod-launch".parse::<Feature>().unwrap_err().to_string();
    assert!(retired.contains("no longer"), "{retired}");
    assert!("gpu"
        .parse::<Feature>()
        .unwrap_err()
        .to_string()
        .contains("gpu-list"));
}

#[test]
fn all_lists_every_variant_once_in_declaration_order() {
    let mut sorted = Feature::ALL.to_vec();
    sorted.sort();
    assert_eq!(sorted, Feature::ALL);
}
