//! A bash script, like SkyPilot's kubeconfig generator, that after the manifest is applied
//! writes a kubeconfig for the custom service account (token from the long-lived Secret, or a
//! bound token from `kubectl create token`).

use super::shell::quote;
use crate::setup::CustomAccount;

/// The script's download name.
pub const SCRIPT_FILE: &str = "generate-kubeconfig.sh";

/// The script for `account` (which must be valid).
pub fn render(account: &CustomAccount) -> String {
    let ns = quote(&account.namespace);
    let sa = quote(&account.name);
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
# Run after `kubectl apply -f create-sky-sa.yaml`, with your admin kubeconfig active.
# Usage: bash {SCRIPT_FILE} [OUTPUT]   (default: ./kubeconfig-sky-sa)
set -euo pipefail

NAMESPACE={ns}
SA={sa}
OUTPUT="${{1:-./kubeconfig-sky-sa}}"

{token}[ -n "$TOKEN" ] || {{ echo "error: no token for $NAMESPACE/$SA" >&2; exit 1; }}

CONTEXT=$(kubectl config current-context)
CLUSTER=$(kubectl config view --raw --minify -o jsonpath='{{.clusters[0].name}}')
SERVER=$(kubectl config view --raw --minify -o jsonpath='{{.clusters[0].cluster.server}}')
CA_DATA=$(kubectl config view --raw --minify --flatten -o jsonpath='{{.clusters[0].cluster.certificate-authority-data}}')

CA_FILE=$(mktemp)
trap 'rm -f "$CA_FILE"' EXIT
printf '%s' "$CA_DATA" | base64 --decode > "$CA_FILE"

kubectl config --kubeconfig="$OUTPUT" set-cluster "$CLUSTER" --server="$SERVER" \
  --certificate-authority="$CA_FILE" --embed-certs=true
kubectl config --kubeconfig="$OUTPUT" set-credentials "$SA" --token="$TOKEN"
kubectl config --kubeconfig="$OUTPUT" set-context "$CONTEXT" --cluster="$CLUSTER" \
  --user="$SA" --namespace="$NAMESPACE"
kubectl config --kubeconfig="$OUTPUT" use-context "$CONTEXT"
chmod 600 "$OUTPUT"
echo "Wrote $OUTPUT for $NAMESPACE/$SA. Try: KUBECONFIG=$OUTPUT kubectl auth can-i create pods"
"#
    )
}
