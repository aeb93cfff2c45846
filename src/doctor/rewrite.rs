//! The path-less rewrite, like SkyPilot's own converter: every exec command becomes its
//! basename, so the kubeconfig works where the plugin is on `PATH` (inside a pod). Everything
//! else is kept as it is.

use serde_yaml::Value;

use super::auth::{command_basename, is_path};

/// The rewritten kubeconfig as YAML, or `None` when no exec command has a path (or the text
/// is not a kubeconfig the doctor reads: it passes the same preflight as the diagnosis).
pub fn pathless_kubeconfig(text: &str) -> Option<String> {
    let text = super::parse::admitted(text).ok()?;
    let mut root: Value = serde_yaml::from_str(text).ok()?;
    let users = root.get_mut("users")?.as_sequence_mut()?;
    let mut changed = false;
    for user in users {
        let Some(command) = user
            .get_mut("user")
            .and_then(|u| u.get_mut("exec"))
            .and_then(|e| e.get_mut("command"))
        else {
            continue;
        };
        if let Some(path) = command.as_str().filter(|c| is_path(c)) {
            let base = command_basename(path).trim_end_matches(".exe").to_owned();
            *command = Value::String(base);
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    // Writing the YAML back can change how odd input reads (a tagged empty value becomes
    // `!tag null`, found by fuzzing); a rewrite that does not read back is never offered.
    let rewritten = crate::yaml_out::to_string(&root).ok()?;
    super::parse::parse(&rewritten).ok().map(|_| rewritten)
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
