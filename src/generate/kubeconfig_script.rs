//! A bash script, like SkyPilot's kubeconfig generator, that after the manifest is applied
//! writes a kubeconfig for the custom service account (token from the long-lived Secret, or a
//! bound token from `kubectl create token`).

use super::shell::quote;
use crate::setup::CustomAccount;

/// The script's download name.
pub const SCRIPT_FILE: &str = "generate-kubeconfig.sh";

/// The kubeconfig the script writes by default, named after the account.
pub fn default_output(account: &CustomAccount) -> String {
    format!("kubeconfig-{}", account.name)
}

/// The script for `account` (which must be valid), run after `manifest_file` is applied.
pub fn render(account: &CustomAccount, manifest_file: &str) -> String {
    let ns = quote(&account.namespace);
    let sa = quote(&account.name);
    // A valid account name is a DNS label: nothing in it needs quoting.
    let output = format!("./{}", default_output(account));
    let token = if account.token_secret {
        format!(
            "# The long-lived token of the Secret {sa} (created by the manifest).\n\
             TOKEN=$(kubectl -n \"$NAMESPACE\" get secret \"$SA\" -o jsonpath='{{.data.token}}' | base64 --decode)\n"
        )
    } else {
        "# A bound token (the manifest has no long-lived token Secret); renew it before it expires.\n\
         TOKEN=$(kubectl -n \"$NAMESPACE\" create token \"$SA\" --duration=\"${DURATION:-8760h}\")\n"
            .to_owned()
    };
    format!(
        r#"#!/usr/bin/env bash
# Writes a kubeconfig that authenticates as the service account {sa} in {ns}.
# Run after `kubectl apply -f {manifest_file}`, with your admin kubeconfig active.
# Usage: bash {SCRIPT_FILE} [OUTPUT]   (default: {output}; replaced if it exists)
# The token is never on a command line, where `ps` would show it: the shell's own printf
# writes the kubeconfig.
set -euo pipefail

NAMESPACE={ns}
SA={sa}
OUTPUT="${{1:-{output}}}"

{token}[ -n "$TOKEN" ] || {{ echo "error: no token for $NAMESPACE/$SA" >&2; exit 1; }}

CONTEXT=$(kubectl config current-context)
CLUSTER=$(kubectl config view --raw --minify -o jsonpath='{{.clusters[0].name}}')
SERVER=$(kubectl config view --raw --minify -o jsonpath='{{.clusters[0].cluster.server}}')
CA_DATA=$(kubectl config view --raw --minify --flatten -o jsonpath='{{.clusters[0].cluster.certificate-authority-data}}')

# A YAML single-quoted scalar: a quote inside is doubled.
quote() {{ local text=${{1//\'/\'\'}}; printf "'%s'" "$text"; }}

TMP=$(mktemp "$OUTPUT.XXXXXX")
trap 'rm -f "$TMP"' EXIT
{{
  printf 'apiVersion: v1\nkind: Config\n'
  printf 'clusters:\n- name: %s\n  cluster:\n    server: %s\n' "$(quote "$CLUSTER")" "$(quote "$SERVER")"
  if [ -n "$CA_DATA" ]; then
    printf '    certificate-authority-data: %s\n' "$(quote "$CA_DATA")"
  fi
  printf 'users:\n- name: %s\n  user:\n    token: %s\n' "$(quote "$SA")" "$(quote "$TOKEN")"
  printf 'contexts:\n- name: %s\n  context:\n    cluster: %s\n    user: %s\n    namespace: %s\n' \
    "$(quote "$CONTEXT")" "$(quote "$CLUSTER")" "$(quote "$SA")" "$(quote "$NAMESPACE")"
  printf 'current-context: %s\n' "$(quote "$CONTEXT")"
}} > "$TMP"
mv -f "$TMP" "$OUTPUT"
trap - EXIT
kubectl --kubeconfig="$OUTPUT" config view > /dev/null
echo "Wrote $OUTPUT for $NAMESPACE/$SA. Try: KUBECONFIG=$OUTPUT kubectl auth can-i create pods"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(token_secret: bool) -> CustomAccount {
        CustomAccount {
            token_secret,
            ..crate::setup::Setup::default().account
        }
    }

    /// The token is never an argument of a command (issue #17): no `--token`, and every line
    /// that names it assigns it, tests it with the `[` builtin, or passes it to the `quote`
    /// function (the `printf` builtin).
    #[test]
    fn the_token_is_never_on_a_command_line() {
        for token_secret in [false, true] {
            let script = render(&account(token_secret), "create-sky-sa.yaml");
            assert!(!script.contains("--token"), "{script}");
            assert!(!script.contains("set-credentials"), "{script}");
            for line in script.lines().filter(|line| line.contains("TOKEN")) {
                let line = line.trim_start();
                assert!(
                    line.starts_with("TOKEN=$(kubectl ")
                        || line.starts_with("[ -n \"$TOKEN\" ]")
                        || line.starts_with("printf ") && line.contains("\"$(quote \"$TOKEN\")\""),
                    "{line}"
                );
            }
        }
    }
}
