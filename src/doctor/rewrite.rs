//! The path-less rewrite, as SkyPilot's own converter writes it (`format_kubeconfig_exec_auth`,
//! `skypilot-facts §7`): every exec command becomes its basename, so the kubeconfig works where
//! the plugin is on `PATH` (inside a pod), and a Nebius plugin's `--profile X` becomes
//! `--profile sky`, the profile SkyPilot sets up on its controllers. Everything else is kept.

use serde_yaml::Value;

use super::auth::{command_basename, is_path};
use crate::yaml::merge::{self, MergeRules};

/// The rewritten kubeconfig as YAML, or `None` when nothing changes (or the text is not a
/// kubeconfig the doctor reads: it passes the same preflight as the diagnosis).
pub fn pathless_kubeconfig(text: &str) -> Option<String> {
    let text = super::parse::admitted(text).ok()?;
    let mut root: Value = serde_yaml::from_str(text).ok()?;
    // Merge keys as the diagnosis reads them (kubectl's rules); the rewrite writes them out.
    merge::resolve(&mut root, MergeRules::Kubectl).ok()?;
    let users = root.get_mut("users")?.as_sequence_mut()?;
    let mut changed = false;
    for user in users {
        let Some(exec) = user.get_mut("user").and_then(|u| u.get_mut("exec")) else {
            continue;
        };
        let Some(command) = exec.get_mut("command") else {
            continue;
        };
        let nebius = command
            .as_str()
            .is_some_and(|c| command_basename(c).trim_end_matches(".exe") == "nebius");
        if let Some(path) = command.as_str().filter(|c| is_path(c)) {
            let base = command_basename(path).trim_end_matches(".exe").to_owned();
            *command = Value::String(base);
            changed = true;
        }
        if nebius {
            changed |= nebius_profile_to_sky(exec);
        }
    }
    if !changed {
        return None;
    }
    // Writing the YAML back can change how odd input reads (a tagged empty value becomes
    // `!tag null`, found by fuzzing); a rewrite that does not read back is never offered.
    let rewritten = crate::yaml::writer::to_string(&root).ok()?;
    super::parse::parse(&rewritten).ok().map(|_| rewritten)
}

/// The argument after the first `--profile` of a Nebius plugin becomes `sky`, as SkyPilot
/// does (`--profile=X` is left alone: SkyPilot does not touch it either).
fn nebius_profile_to_sky(exec: &mut Value) -> bool {
    let Some(args) = exec.get_mut("args").and_then(Value::as_sequence_mut) else {
        return false;
    };
    let Some(flag) = args
        .iter()
        .position(|arg| arg.as_str() == Some("--profile"))
    else {
        return false;
    };
    match args.get_mut(flag + 1) {
        Some(profile) if profile.as_str() != Some("sky") => {
            *profile = Value::String("sky".into());
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_lose_their_paths_and_nothing_else_changes() {
        let text = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /Users/me/google-cloud-sdk/bin/gke-gcloud-auth-plugin\n      args: [--x]\n- name: t\n  user: {token: abc}\n";
        let out = pathless_kubeconfig(text).expect("rewritten");
        let before: Value = serde_yaml::from_str(text).unwrap();
        let mut after: Value = serde_yaml::from_str(&out).unwrap();
        assert_eq!(
            after["users"][0]["user"]["exec"]["command"],
            "gke-gcloud-auth-plugin"
        );
        after["users"][0]["user"]["exec"]["command"] =
            before["users"][0]["user"]["exec"]["command"].clone();
        assert_eq!(after, before);
        assert_eq!(pathless_kubeconfig(&out), None, "already path-less");
    }

    #[test]
    fn nebius_profiles_become_sky() {
        let text = "users:\n- name: n\n  user:\n    exec:\n      command: nebius\n      args: [mk8s, v1, cluster, get-token, --profile, work, --format, json]\n- name: m\n  user:\n    exec: {command: /opt/nebius/bin/nebius, args: [--profile=dev]}\n- name: o\n  user:\n    exec: {command: other, args: [--profile, keep]}\n";
        let out = pathless_kubeconfig(text).expect("rewritten");
        let after: Value = serde_yaml::from_str(&out).unwrap();
        assert_eq!(after["users"][0]["user"]["exec"]["args"][5], "sky");
        assert_eq!(after["users"][0]["user"]["exec"]["args"][6], "--format");
        assert_eq!(after["users"][1]["user"]["exec"]["command"], "nebius");
        assert_eq!(
            after["users"][1]["user"]["exec"]["args"][0],
            "--profile=dev"
        );
        assert_eq!(after["users"][2]["user"]["exec"]["args"][1], "keep");
        assert_eq!(
            pathless_kubeconfig(&out),
            None,
            "already as SkyPilot writes it"
        );
    }

    #[test]
    fn hostile_input_is_refused_before_a_tree_is_built() {
        // Nine levels of nine aliases, hidden behind CR and LS line breaks.
        let mut text =
            String::from("users:\n- name: u\n  user: {exec: {command: /bin/aws}}\na: &a [lol]\n");
        for level in b'b'..=b'j' {
            let (prev, name) = (char::from(level - 1), char::from(level));
            let items = vec![format!("\r*{prev}"); 9].join(",\u{2028}");
            text.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        text.push_str("clusters: *j\n");
        let start = std::time::Instant::now();
        assert_eq!(pathless_kubeconfig(&text), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn a_rewrite_that_would_not_read_back_is_not_offered() {
        let text = "clusters:\n- name: c\n  cluster:\n   !odd-tag\nusers:\n- name: u\n  user: {exec: {command: /bin/aws}}\n";
        assert!(crate::doctor::parse(text).is_ok());
        assert_eq!(pathless_kubeconfig(text), None);
    }
}
