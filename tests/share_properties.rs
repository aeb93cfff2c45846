//! Shared links round-trip every valid setup exactly, and are short for common ones.

mod common;

use proptest::prelude::*;
use skyauth::setup::{AuthMethod, Setup};
use skyauth::share::{from_fragment, to_fragment};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_setup_round_trips_through_its_link(setup in common::valid_setup()) {
        let fragment = to_fragment(&setup);
        prop_assert!(!fragment.contains([' ', '#', '\n']), "{}", fragment);
        prop_assert_eq!(from_fragment::<Setup>(&fragment).expect("readable"), setup);
    }

    #[test]
    fn any_text_reads_back_or_fails_cleanly(fragment in "[ -~]{0,80}") {
        let _ = from_fragment::<Setup>(&fragment);
    }
}

#[test]
fn a_typical_custom_setup_has_a_short_readable_link() {
    let mut setup = Setup {
        auth: AuthMethod::Custom,
        ..Setup::default()
    };
    setup.account.namespace = "ml".into();
    setup.account.features.ingress = true;
    assert_eq!(
        to_fragment(&setup),
        "auth=custom&account.namespace=ml&account.features.ingress=true"
    );
}
