//! Fuzz target: any text as a share link's fragment must read back as a Setup or an error,
//! never a panic (nor a stack overflow: issue #17); and a fragment that reads back must
//! re-serialize to a fragment that reads back to the same Setup.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skyauth::setup::Setup;
use skyauth::share::{from_fragment, to_fragment};

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else { return };
    let Ok(setup) = from_fragment::<Setup>(fragment) else { return };
    let again = to_fragment(&setup);
    let reread = from_fragment::<Setup>(&again)
        .unwrap_or_else(|error| panic!("{again:?} does not read back: {error}"));
    assert_eq!(reread, setup, "{again:?} reads back as another setup");
});
