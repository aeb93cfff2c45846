//! Unit tests of the cloud identity's format rules and outputs.
use super::*;

#[test]
fn role_arns_of_each_partition_and_with_a_path_are_accepted() {
    for arn in [
        "arn:aws:iam::123456789012:role/skypilot-s3",
        "arn:aws-cn:iam::000000000001:role/sky",
        "arn:aws-us-gov:iam::123456789012:role/service-role/team/Sky+Pods=1,x.y@z_",
        &format!("arn:aws:iam::123456789012:role/{}", "r".repeat(64)),
    ] {
        assert_eq!(role_arn_problem(arn), None, "{arn}");
    }
}

#[test]
fn bad_role_arns_say_what_is_wrong() {
    let cases = [
        ("", "empty"),
        ("skypilot-s3", "not an ARN"),
        (
            "arn:aws-iso:iam::123456789012:role/sky",
            "partition `aws-iso`",
        ),
        ("arn:aws:iam::12345678901:role/sky", "not 12 digits"),
        ("arn:aws:iam::1234567890123:role/sky", "not 12 digits"),
        ("arn:aws:iam::12345678901a:role/sky", "not 12 digits"),
        ("arn:aws:iam::123456789012:user/alice", "names a `user`"),
        (
            "arn:aws:sts::123456789012:assumed-role/sky/session",
            "assumed-role",
        ),
        ("arn:aws:s3:::my-bucket", "service `s3`"),
        (
            "arn:aws:iam:us-east-1:123456789012:role/sky",
            "names a region",
        ),
        ("arn:aws:iam::123456789012:role/", "1 to 64"),
        ("arn:aws:iam::123456789012:role/has space", "1 to 64"),
        (
            &format!("arn:aws:iam::123456789012:role/{}", "r".repeat(65)),
            "1 to 64",
        ),
        ("ARN:aws:iam::123456789012:role/sky", "start with `arn:`"),
        ("arn:aws:iam::123456789012:role/p\u{7}/sky", "path"),
    ];
    for (arn, expected) in cases {
        let message = role_arn_problem(arn).unwrap_or_default();
        assert!(message.contains(expected), "{arn}: {message}");
    }
}

#[test]
fn gcp_service_accounts_are_user_managed_lower_case_emails() {
    assert_eq!(
        gcp_service_account_problem("skypilot-pods@my-project.iam.gserviceaccount.com"),
        None
    );
    assert_eq!(
        gcp_service_account_problem("abcdef@p12345.iam.gserviceaccount.com"),
        None
    );
    let cases = [
        ("", "empty"),
        ("Skypilot@my-project.iam.gserviceaccount.com", "upper-case"),
        ("skypilot-pods", "not an email"),
        (
            "123-compute@developer.gserviceaccount.com",
            "default service account",
        ),
        (
            "my-project@appspot.gserviceaccount.com",
            "default service account",
        ),
        ("skypilot@my-project.example.com", "does not end in"),
        ("sky@my-project.iam.gserviceaccount.com", "the name `sky`"),
        ("9skypilot@my-project.iam.gserviceaccount.com", "the name"),
        ("skypilot-@my-project.iam.gserviceaccount.com", "the name"),
        (
            "skypilot_pods@my-project.iam.gserviceaccount.com",
            "the name",
        ),
        (
            &format!("{}@my-project.iam.gserviceaccount.com", "a".repeat(31)),
            "the name",
        ),
        ("skypilot@proj.iam.gserviceaccount.com", "project id `proj`"),
        ("skypilot@my-project-.iam.gserviceaccount.com", "project id"),
    ];
    for (email, expected) in cases {
        let message = gcp_service_account_problem(email).unwrap_or_default();
        assert!(message.contains(expected), "{email}: {message}");
    }
}

#[test]
fn azure_ids_are_uuids_and_the_tenant_is_optional() {
    assert_eq!(
        uuid_problem(
            "Azure client id",
            "00000000-1111-2222-3333-44444444abcd",
            false
        ),
        None
    );
    assert_eq!(
        uuid_problem(
            "Azure client id",
            "00000000-1111-2222-3333-44444444ABCD",
            false
        ),
        None
    );
    assert_eq!(uuid_problem("Azure tenant id", "", true), None);
    for bad in [
        "not-a-uuid",
        "00000000111122223333444444444444",
        "00000000-1111-2222-3333-4444444444",
        "0000000g-1111-2222-3333-444444444444",
        "{00000000-1111-2222-3333-444444444444}",
    ] {
        let message = uuid_problem("Azure client id", bad, false).unwrap_or_default();
        assert!(message.contains("not a UUID"), "{bad}: {message}");
    }
    assert!(uuid_problem("Azure client id", "", false)
        .unwrap_or_default()
        .contains("empty"));
}

#[test]
fn eks_cluster_names() {
    assert_eq!(eks_cluster_problem("prod-1_a"), None);
    assert!(eks_cluster_problem("")
        .unwrap_or_default()
        .contains("empty"));
    assert!(eks_cluster_problem("-prod").is_some());
    assert!(eks_cluster_problem("prod.1").is_some());
    assert!(eks_cluster_problem(&"a".repeat(101)).is_some());
}

#[test]
fn only_the_chosen_providers_values_are_checked() {
    let mut identity = CloudIdentity {
        role_arn: "bad".into(),
        gcp_service_account: "bad".into(),
        ..CloudIdentity::default()
    };
    assert!(identity.problems().is_empty());
    identity.provider = CloudProvider::Gke;
    assert_eq!(
        identity
            .problems()
            .iter()
            .map(|(field, _)| *field)
            .collect::<Vec<_>>(),
        [CloudField::GcpServiceAccount]
    );
    identity.provider = CloudProvider::EksPodIdentity;
    assert_eq!(
        identity
            .problems()
            .iter()
            .map(|(field, _)| *field)
            .collect::<Vec<_>>(),
        [CloudField::RoleArn, CloudField::EksCluster]
    );
    // With IRSA the cluster is optional.
    identity.provider = CloudProvider::EksIrsa;
    identity.role_arn = "arn:aws:iam::123456789012:role/sky".into();
    assert!(identity.problems().is_empty());
}

#[test]
fn each_provider_writes_its_annotations_and_labels() {
    let identity = CloudIdentity {
        provider: CloudProvider::Azure,
        azure_client_id: "00000000-1111-2222-3333-444444444444".into(),
        ..CloudIdentity::default()
    };
    assert_eq!(
        identity.annotations(),
        [(AZURE_CLIENT_ANNOTATION, identity.azure_client_id.clone())]
    );
    assert_eq!(identity.pod_labels(), [(AZURE_POD_LABEL, "true")]);
    let pod_identity = CloudIdentity {
        provider: CloudProvider::EksPodIdentity,
        role_arn: "arn:aws:iam::123456789012:role/sky".into(),
        ..CloudIdentity::default()
    };
    assert!(pod_identity.annotations().is_empty() && pod_identity.pod_labels().is_empty());
    let gke = CloudIdentity {
        provider: CloudProvider::Gke,
        gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
        ..CloudIdentity::default()
    };
    assert_eq!(gke.gcp_project(), Some("my-project"));
    assert_eq!(
        gke.workload_pool().as_deref(),
        Some("my-project.svc.id.goog")
    );
}

#[test]
fn provider_ids_read_back() {
    for provider in CloudProvider::ALL {
        assert_eq!(CloudProvider::from_id(provider.id()), Some(provider));
    }
    assert_eq!(CloudProvider::from_id("aws"), None);
}
