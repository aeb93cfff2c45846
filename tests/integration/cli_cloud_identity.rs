//! `--cloud-identity` on `skyauth rbac`, `config` and `helm`, run as a user would: the
//! outputs are the golden files', a bad format or a value the kind does not read exits 2
//! with the message, and the cloud side's commands come on stderr.

use crate::support::cli::skyauth;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn golden(file: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("golden file")
}

const ARN: &str = "arn:aws:iam::123456789012:role/skypilot-s3";

#[test]
fn rbac_annotates_the_custom_account_as_the_golden_file() {
    let output = skyauth(
        &[
            "rbac",
            "-n",
            "ml",
            "--profile",
            "minimal",
            "--cloud-identity",
            "eks-irsa",
            "--role-arn",
            ARN,
            "--eks-cluster",
            "prod",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        golden("cloud-eks-irsa-custom.rbac.yaml")
    );
    let steps = text(&output.stderr);
    assert!(
        steps.contains("\"${OIDC}:sub\": \"system:serviceaccount:ml:sky-sa\""),
        "{steps}"
    );
    assert!(steps.contains("eksctl utils associate-iam-oidc-provider --cluster prod --approve"));
}

#[test]
fn config_writes_the_label_and_no_upload_as_the_golden_file() {
    let output = skyauth(
        &[
            "config",
            "--remote-identity",
            "NO_UPLOAD",
            "--cloud-identity",
            "eks-pod-identity",
            "--role-arn",
            ARN,
            "--eks-cluster",
            "prod",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        golden("cloud-eks-pod-identity-no-upload.config.yaml")
    );
    assert!(text(&output.stderr).contains(
        "aws eks create-pod-identity-association --cluster-name prod --namespace default \
         --service-account skypilot-service-account --role-arn arn:aws:iam::123456789012:role/skypilot-s3"
    ));
}

#[test]
fn helm_puts_the_annotations_on_the_charts_account() {
    let output = skyauth(
        &[
            "helm",
            "--minimal-rbac",
            "--cloud-identity",
            "azure",
            "--azure-client-id",
            "00000000-1111-2222-3333-444444444444",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        golden("helm-minimal-rbac-azure.values.yaml")
    );
    assert!(
        text(&output.stderr).contains("--subject system:serviceaccount:skypilot:skypilot-api-sa")
    );
}

#[test]
fn bad_formats_exit_2_with_the_message() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["rbac", "--cloud-identity", "eks-irsa", "--role-arn", "arn:aws-iso:iam::123456789012:role/x"],
            "error: role_arn: IAM role ARN `arn:aws-iso:iam::123456789012:role/x` has partition `aws-iso`",
        ),
        (
            &["rbac", "--cloud-identity", "eks-irsa", "--role-arn", "arn:aws:iam::123456789012:user/alice"],
            "names a `user`",
        ),
        (
            &["config", "--cloud-identity", "gke", "--gcp-service-account", "Sky-Pods@my-project.iam.gserviceaccount.com"],
            "error: gcp_service_account: Google service account `Sky-Pods@my-project.iam.gserviceaccount.com` has upper-case letters",
        ),
        (
            &["config", "--cloud-identity", "azure", "--azure-client-id", "12345"],
            "error: azure_client_id: Azure client id `12345` is not a UUID",
        ),
        (
            &["config", "--cloud-identity", "eks-pod-identity", "--role-arn", ARN],
            "error: eks_cluster: EKS cluster name is empty",
        ),
        (
            &["helm", "--cloud-identity", "gke", "--role-arn", ARN],
            "error: role_arn: --role-arn is for --cloud-identity eks-irsa or eks-pod-identity",
        ),
    ];
    for (args, expected) in cases {
        let output = skyauth(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn no_token_has_no_identity_to_give() {
    let output = skyauth(
        &[
            "config",
            "--skypilot-version",
            "nightly",
            "--remote-identity",
            "NONE",
            "--cloud-identity",
            "gke",
            "--gcp-service-account",
            "skypilot-pods@my-project.iam.gserviceaccount.com",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("error: cloud_identity: A cloud identity needs pods"));
}

/// Every command of the cloud-side steps, for each golden cloud setup (on both journeys) and
/// with values that need quoting, parses as `sh` and passes `shellcheck -s sh`.
#[test]
fn the_cloud_steps_pass_sh_n_and_shellcheck() {
    use skyauth::generate::cloud_steps::cloud_steps;
    use std::process::Command;
    let mut setups: Vec<(String, skyauth::setup::Setup)> =
        crate::support::fixtures::cloud_identity_cases();
    for (name, setup) in crate::support::fixtures::cloud_identity_cases() {
        let mut helm = setup.clone();
        helm.deployment = skyauth::setup::Deployment::Helm;
        setups.push((format!("{name}-helm"), helm));
    }
    // An IAM role name and path with `+=,.@` (valid, some need quoting).
    let (_, mut odd) = crate::support::fixtures::cloud_identity_cases().remove(0);
    odd.cloud_identity.role_arn = "arn:aws:iam::123456789012:role/a=b/x+y,z.w@v".into();
    setups.push(("odd-role".into(), odd));
    let dir = std::env::temp_dir().join(format!("skyauth-cloud-steps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, setup) in setups {
        let hosting = skyauth::setup::effective_setup(&setup);
        let commands: Vec<String> = cloud_steps(&hosting)
            .into_iter()
            .filter_map(|step| step.command)
            .collect();
        assert!(!commands.is_empty(), "{name}");
        let path = dir.join(format!("{name}.sh"));
        std::fs::write(&path, format!("#!/bin/sh\n{}\n", commands.join("\n"))).unwrap();
        let syntax = Command::new("sh").arg("-n").arg(&path).output().unwrap();
        assert!(syntax.status.success(), "{name}: {}", text(&syntax.stderr));
        match Command::new("shellcheck")
            .args(["-s", "sh"])
            .arg(&path)
            .output()
        {
            Ok(check) => assert!(check.status.success(), "{name}: {}", text(&check.stdout)),
            Err(_) => eprintln!("\n*** SKIPPED shellcheck: not installed ***\n"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
