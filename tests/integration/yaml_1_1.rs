//! Oracles: every YAML skyauth writes reads back to the same strings under YAML 1.1 readers
//! (issue #17, item 6). Names that YAML 1.1 reads as booleans (`n`, `y`, `on`, `no`, `off`,
//! `yes`, any case), numbers (`1_000`, `017`, `0o17`, `0x1f`, `1:20`, `1e3`, `.inf`), dates
//! (`2024-01-01`), nulls (`~`, `null`), the merge key `<<` and the value key `=` go through
//! `skyauth::generate::generate` as namespace, account name, launcher subject, context name
//! and per-context identity and namespace; the manifest, the config snippet, the audit's patch
//! and the doctor's path-less rewrite are then read by
//!
//! - PyYAML (`yaml.safe_load_all`, what SkyPilot reads its config with), which must read
//!   exactly what serde_yaml reads: the same strings, nothing turned into `True`, a number or
//!   a date (`SKYAUTH_SKYPILOT_PYTHON`, the venv python `make test` points at);
//! - kubectl, which must decode every manifest and patch into typed objects with the names
//!   written (`SKYAUTH_KUBECTL`): `kubectl annotate --local -f FILE -o name`, which decodes
//!   like `kubectl create --dry-run=client` but needs no cluster (`create --dry-run=client`
//!   asks the API server for its resource list).
//!
//! Without an oracle the test fails when `SKYAUTH_REQUIRE_ORACLES=1`, and otherwise says loudly
//! that it skipped.

use crate::support::fixtures;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde::Deserialize;
use skyauth::audit::{audit, AuditRequest};
use skyauth::catalogue::Feature;
use skyauth::generate::generate;
use skyauth::setup::{AllowedContexts, AuthMethod, Setup, SubjectKind};

/// Valid Kubernetes names (RFC 1123 labels) that YAML 1.1 reads as something else, or nearly.
const VALID_LOOKALIKES: &[&str] = &[
    "n",
    "y",
    "on",
    "no",
    "off",
    "yes",
    "true",
    "false",
    "null",
    "1-0",
    "017",
    "0o17",
    "0x1f",
    "1e3",
    "1000",
    "2024",
    "0b101",
    "2024-01-01",
    "1e-3",
    "0",
    "nan",
    "inf",
    "08",
    "0x1-f",
];

/// Context names may be anything: the rest of YAML 1.1's lookalikes.
const OTHER_LOOKALIKES: &[&str] = &[
    "N",
    "Y",
    "On",
    "ON",
    "Off",
    "YES",
    "No",
    "NO",
    "True",
    "Null",
    "NULL",
    "~",
    "<<",
    "=",
    "1:20",
    "1:20.5",
    "1_000",
    "-1",
    "+1",
    ".inf",
    "-.Inf",
    ".NaN",
    "2024-01-01T10:00:00Z",
    "1.5",
    "0.",
    "0x1F",
    "1_000.5",
    "6.02E+23",
    "190:20:30",
    "2001-12-14 21:59:43.10 -5",
];

fn valid_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(VALID_LOOKALIKES).prop_map(str::to_owned),
        1 => "[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?",
    ]
}

fn context_name() -> impl Strategy<Value = String> {
    prop_oneof![
        valid_name(),
        proptest::sample::select(OTHER_LOOKALIKES).prop_map(str::to_owned),
    ]
}

/// A setup naming everything it can with lookalikes.
fn setup() -> impl Strategy<Value = Setup> {
    (
        (valid_name(), valid_name(), valid_name()),
        (valid_name(), valid_name(), 0..3u8, any::<bool>()),
        proptest::collection::btree_set(context_name(), 1..5),
        proptest::collection::vec((valid_name(), valid_name()), 5),
        any::<bool>(),
    )
        .prop_map(
            |(
                (namespace, name, launch_namespace),
                (sa_ns, sa_name, kind, custom),
                names,
                per,
                token,
            )| {
                let mut setup = Setup {
                    auth: if custom {
                        AuthMethod::Custom
                    } else {
                        AuthMethod::LocalCredentials
                    },
                    ..Setup::default()
                };
                setup.account.namespace = namespace;
                setup.account.name = name;
                setup.account.token_secret = token;
                setup.launcher.enabled = !custom;
                setup.launcher.namespace = launch_namespace;
                (setup.launcher.subject_kind, setup.launcher.subject) = match kind {
                    0 => (SubjectKind::User, sa_name.clone()),
                    1 => (SubjectKind::Group, sa_ns.clone()),
                    _ => (SubjectKind::ServiceAccount, format!("{sa_ns}/{sa_name}")),
                };
                let names: Vec<String> = names.into_iter().collect();
                let identities: BTreeMap<String, String> = names
                    .iter()
                    .zip(&per)
                    .map(|(context, (identity, _))| (context.clone(), identity.clone()))
                    .collect();
                let namespaces = names
                    .iter()
                    .zip(&per)
                    .map(|(context, (_, namespace))| (context.clone(), namespace.clone()))
                    .collect();
                setup.contexts.allowed = AllowedContexts::List;
                setup.contexts.per_context = true;
                setup.contexts.identities = identities;
                setup.contexts.namespaces = namespaces;
                setup.contexts.names = names;
                setup
            },
        )
}

/// What serde_yaml (YAML 1.2, the reading skyauth meant) reads: one JSON value per document.
fn serde_reading(text: &str) -> Vec<serde_json::Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|document| serde_json::Value::deserialize(document).expect("serde_yaml reads it"))
        .filter(|value| !value.is_null())
        .collect()
}

/// One written YAML file and its kind.
struct Written {
    path: PathBuf,
    /// A manifest or patch, for kubectl.
    objects: bool,
}

/// Generates and writes everything for `setups` into `dir`.
fn write_all(setups: &[Setup], dir: &Path) -> Vec<Written> {
    let mut files = Vec::new();
    let mut write = |name: String, text: &str, objects: bool| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        files.push(Written { path, objects });
    };
    for (index, setup) in setups.iter().enumerate() {
        let output = generate(setup).unwrap_or_else(|errors| panic!("{setup:?}: {errors:?}"));
        write(format!("{index:03}.config.yaml"), &output.config, false);
        if let Some(manifest) = &output.manifest {
            write(format!("{index:03}.rbac.yaml"), manifest, true);
        }
        // The audit's patch for a subject with nothing granted names the subject and its
        // namespaces, as written by the same writer.
        let unrelated =
            "kind: Role\nmetadata: {name: unrelated, namespace: elsewhere}\nrules: []\n";
        let mut request = AuditRequest::for_setup(setup);
        request.selected = Feature::ALL.to_vec();
        if let Ok(result) = audit(unrelated, &request) {
            if let Some(patch) = result.patch {
                write(format!("{index:03}.patch.yaml"), &patch, true);
            }
        }
        // The path-less rewrite of a kubeconfig whose names are the same lookalikes, quoted
        // in the input.
        let names = &setup.contexts.names;
        let mut kubeconfig = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
        let quote = |text: &str| format!("'{}'", text.replace('\'', "''"));
        for name in names {
            kubeconfig += &format!(
                "- name: {n}\n  cluster: {{server: 'https://example.com', namespace: {n}}}\n",
                n = quote(name)
            );
        }
        kubeconfig += "contexts:\n";
        for name in names {
            kubeconfig += &format!(
                "- name: {n}\n  context: {{cluster: {n}, user: {n}, namespace: {ns}}}\n",
                n = quote(name),
                ns = quote(&setup.account.namespace)
            );
        }
        kubeconfig += "users:\n";
        for name in names {
            kubeconfig += &format!(
                "- name: {n}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /usr/local/bin/aws\n      args: [eks, get-token, --cluster-name, {n}]\n      env: [{{name: {n}, value: {n}}}]\n",
                n = quote(name)
            );
        }
        kubeconfig += &format!("current-context: {}\n", quote(&names[0]));
        let rewritten = skyauth::doctor::pathless_kubeconfig(&kubeconfig)
            .unwrap_or_else(|| panic!("a rewrite of\n{kubeconfig}"));
        assert_eq!(
            serde_reading(&rewritten)[0]["contexts"][0]["name"].as_str(),
            Some(names[0].as_str()),
            "{rewritten}"
        );
        write(format!("{index:03}.pathless.yaml"), &rewritten, false);
    }
    files
}

/// Prints PyYAML's reading of each file, as JSON (anything JSON has no type for, a date or a
/// set, becomes a marker that cannot equal serde_yaml's reading).
const PYYAML: &str = r#"
import json, sys, yaml
def other(value):
    return {"not JSON": repr(value)}
for path in sys.argv[1:]:
    with open(path) as f:
        documents = [d for d in yaml.safe_load_all(f) if d is not None]
    print(json.dumps(documents, default=other))
"#;

fn setups() -> Vec<Setup> {
    let mut runner = TestRunner::deterministic();
    let strategy = setup();
    let mut setups: Vec<Setup> = (0..120)
        .map(|_| strategy.new_tree(&mut runner).expect("a setup").current())
        .collect();
    // Every lookalike in every place at least once.
    for (index, name) in VALID_LOOKALIKES.iter().enumerate() {
        let mut custom = setups[index].clone();
        custom.auth = AuthMethod::Custom;
        custom.launcher.enabled = false;
        custom.account.namespace = (*name).to_owned();
        custom.account.name = VALID_LOOKALIKES[(index + 1) % VALID_LOOKALIKES.len()].to_owned();
        let mut launcher = custom.clone();
        launcher.auth = AuthMethod::ServiceAccount;
        launcher.launcher.enabled = true;
        launcher.launcher.namespace = (*name).to_owned();
        launcher.launcher.subject_kind = SubjectKind::ServiceAccount;
        launcher.launcher.subject = format!("{name}/{name}");
        setups.push(custom);
        setups.push(launcher);
    }
    for name in OTHER_LOOKALIKES {
        let mut setup = setups[0].clone();
        setup.contexts.names = vec![(*name).to_owned()];
        setup.contexts.identities = BTreeMap::from([((*name).to_owned(), "on".to_owned())]);
        setup.contexts.namespaces = BTreeMap::from([((*name).to_owned(), "no".to_owned())]);
        setups.push(setup);
    }
    setups
}

#[test]
fn everything_written_reads_back_the_same_under_yaml_1_1() {
    let dir = std::env::temp_dir().join(format!("skyauth-yaml11-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let setups = setups();
    let files = write_all(&setups, &dir);
    assert!(files.len() > 300, "{} files", files.len());

    // The config's remote identity and context keys are the strings chosen.
    let config = std::fs::read_to_string(dir.join("000.config.yaml")).unwrap();
    let read = &serde_reading(&config)[0]["kubernetes"];
    for name in &setups[0].contexts.names {
        assert!(
            read["context_configs"].get(name).is_some(),
            "{name:?} in\n{config}"
        );
    }

    if let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "PyYAML") {
        let output = Command::new(&python)
            .arg("-c")
            .arg(PYYAML)
            .args(files.iter().map(|file| &file.path))
            .output()
            .expect("python runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), files.len());
        for (file, line) in files.iter().zip(lines) {
            let text = std::fs::read_to_string(&file.path).unwrap();
            let pyyaml: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(
                pyyaml,
                serde_json::Value::Array(serde_reading(&text)),
                "PyYAML reads {} differently:\n{text}",
                file.path.display()
            );
        }
    }

    if let Some(kubectl) = fixtures::oracle("SKYAUTH_KUBECTL", "kubectl") {
        let objects: Vec<&Written> = files.iter().filter(|file| file.objects).collect();
        assert!(objects.len() > 100);
        for chunk in objects.chunks(64) {
            let mut command = Command::new(&kubectl);
            command
                .env("KUBECONFIG", "/dev/null")
                .args(["annotate", "--local", "-o", "name"]);
            let mut expected = String::new();
            for file in chunk {
                command.arg("-f").arg(&file.path);
                let text = std::fs::read_to_string(&file.path).unwrap();
                for object in serde_reading(&text) {
                    let kind = object["kind"].as_str().unwrap().to_lowercase();
                    let group = object["apiVersion"]
                        .as_str()
                        .unwrap()
                        .rsplit_once('/')
                        .map(|(group, _)| format!(".{group}"))
                        .unwrap_or_default();
                    let name = object["metadata"]["name"].as_str().unwrap();
                    expected += &format!("{kind}{group}/{name}\n");
                }
            }
            command.arg("skyauth.dev/checked=yes");
            let output = command.output().expect("kubectl runs");
            assert!(
                output.status.success(),
                "kubectl cannot decode: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// #22 item 14 for `--sky-config`: merge keys read as SkyPilot's PyYAML reads them (explicit
/// keys win over merged ones, in a list the earlier mapping wins), checked against PyYAML.
#[test]
fn sky_config_merge_keys_read_as_pyyaml_reads_them() {
    let Some(python) = fixtures::oracle("SKYAUTH_SKYPILOT_PYTHON", "PyYAML") else {
        return;
    };
    let cases = [
        "base: &b {remote_identity: NO_UPLOAD, allowed_contexts: [a, b]}\nkubernetes:\n  remote_identity: SERVICE_ACCOUNT\n  <<: *b\n",
        "one: &one {remote_identity: sky-sa}\ntwo: &two {allowed_contexts: all}\nkubernetes:\n  <<: [*one, *two]\n",
        "one: &one {remote_identity: sky-sa}\ntwo: &two {remote_identity: NO_UPLOAD, allowed_contexts: all}\nkubernetes:\n  remote_identity: SERVICE_ACCOUNT\n  <<: [*one, *two]\n",
        "kubernetes:\n  <<: {allowed_contexts: [x], remote_identity: LOCAL_CREDENTIALS}\n",
    ];
    for text in cases {
        let output = Command::new(&python)
            .arg("-c")
            .arg("import json, sys, yaml; k = yaml.safe_load(sys.stdin.read())['kubernetes']; print(json.dumps([k.get('remote_identity'), k.get('allowed_contexts')]))")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("stdin").write_all(text.as_bytes())?;
                child.wait_with_output()
            })
            .expect("python runs");
        let pyyaml: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let ours = skyauth::doctor::read_sky_config(text).expect("reads");
        let allowed = match ours.allowed_contexts {
            None => serde_json::Value::Null,
            Some(skyauth::doctor::AllowedSetting::All) => "all".into(),
            Some(skyauth::doctor::AllowedSetting::List(names)) => names.into(),
        };
        assert_eq!(
            serde_json::json!([ours.remote_identity, allowed]),
            pyyaml,
            "{text}"
        );
    }
}

/// A key that two mappings of one merge list set is read differently by PyYAML 6.0.3 and 6.0.4:
/// the sky config reader refuses it with the fix instead of guessing.
#[test]
fn a_key_two_merged_mappings_set_is_refused_for_the_sky_config() {
    let text = "one: &one {remote_identity: sky-sa}\ntwo: &two {remote_identity: NO_UPLOAD}\nkubernetes:\n  <<: [*one, *two]\n";
    let error = skyauth::doctor::read_sky_config(text).expect_err("ambiguous");
    assert!(
        error
            .to_string()
            .contains("write `remote_identity:` in this mapping itself"),
        "{error}"
    );
}
