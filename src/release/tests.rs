use super::*;

fn v(text: &str) -> SkyPilotVersion {
    text.parse().unwrap()
}

#[test]
fn reads_releases_nightlies_and_words() {
    assert_eq!(v("0.14.1"), SkyPilotVersion::LATEST);
    assert_eq!(v("v0.13.0"), SkyPilotVersion::PREVIOUS);
    assert_eq!(v("0.13"), SkyPilotVersion::PREVIOUS);
    assert_eq!(v("0.12.3.post1"), SkyPilotVersion::OLDER);
    assert_eq!(v("latest"), SkyPilotVersion::LATEST);
    assert_eq!(v("Nightly"), SkyPilotVersion::NIGHTLY);
    assert_eq!(v("1.0.0.dev20261027"), SkyPilotVersion::NIGHTLY);
    assert_eq!(v("1.0.0-dev20261013"), SkyPilotVersion::Nightly(20261013));
    assert_eq!(v("older"), SkyPilotVersion::OLDER);
}

#[test]
fn refuses_what_it_cannot_write_for() {
    for bad in [
        "",
        "0",
        "0.14.x",
        "1.2.3.4",
        "0.-1.0",
        "1.0.0.dev2026",
        "0.14.1rc1",
    ] {
        let error = bad.parse::<SkyPilotVersion>().unwrap_err().to_string();
        assert!(
            error.contains("is not a SkyPilot version"),
            "{bad}: {error}"
        );
    }
    let old = "0.9.3".parse::<SkyPilotVersion>().unwrap_err().to_string();
    assert!(old.contains("0.10.0 and later"), "{old}");
    let nightly = "1.0.0.dev20260101"
        .parse::<SkyPilotVersion>()
        .unwrap_err()
        .to_string();
    assert!(nightly.contains("pick the release"), "{nightly}");
}

#[test]
fn round_trips_through_text_and_serde() {
    for (version, _) in SkyPilotVersion::CHOICES {
        assert_eq!(v(&version.to_string()), version);
        let json = serde_json::to_string(&version).unwrap();
        assert_eq!(
            serde_json::from_str::<SkyPilotVersion>(&json).unwrap(),
            version
        );
    }
    assert!(serde_json::from_str::<SkyPilotVersion>("\"0.9\"").is_err());
}

#[test]
fn changes_follow_the_reference() {
    let latest = SkyPilotVersion::LATEST;
    assert!(latest.has(Change::Namespace) && latest.has(Change::MetricsPrometheus));
    assert!(!latest.has(Change::ControllerAccount) && !latest.has(Change::RemoteIdentityNone));
    assert!(SkyPilotVersion::PREVIOUS.has(Change::Namespace));
    assert!(!SkyPilotVersion::PREVIOUS.has(Change::MetricsPrometheus));
    assert!(!SkyPilotVersion::OLDER.has(Change::Namespace));
    assert!(SkyPilotVersion::OLDER.has(Change::NoUpload));
    assert!(!v("0.11.1").has(Change::NoUpload));
    assert!(
        !v("0.10.3").has(Change::AllowedContextsAll) && v("0.10.5").has(Change::AllowedContextsAll)
    );
    for change in Change::ALL {
        assert!(SkyPilotVersion::NIGHTLY.has(change), "{change:?}");
    }
    assert!(!v("1.0.0.dev20261001").has(Change::RemoteIdentityNone));
    // A release newer than the latest known carries what the nightlies added.
    assert!(v("0.15.0").has(Change::ControllerAccount));
}

#[test]
fn versions_order_releases_before_nightlies() {
    assert!(SkyPilotVersion::OLDER < SkyPilotVersion::PREVIOUS);
    assert!(SkyPilotVersion::PREVIOUS < SkyPilotVersion::LATEST);
}

#[test]
fn charts_and_messages_name_the_version() {
    assert_eq!(
        SkyPilotVersion::LATEST.helm_chart(),
        "skypilot/skypilot --version 0.14.1"
    );
    assert_eq!(
        SkyPilotVersion::NIGHTLY.helm_chart(),
        "skypilot/skypilot-nightly --devel"
    );
    assert_eq!(
        SkyPilotVersion::Nightly(20261013).helm_chart(),
        "skypilot/skypilot-nightly --version 1.0.0-dev20261013"
    );
    assert_eq!(
        Change::Namespace.missing_in(SkyPilotVersion::OLDER),
        "`kubernetes.namespace` (and `context_configs.<ctx>.namespace`) needs SkyPilot 0.13.0 or later; the chosen version is 0.12.3"
    );
    assert!(Change::RemoteIdentityNone
        .first_version()
        .contains("no release has it yet"));
}
