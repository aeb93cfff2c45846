//! The API-server journey's output: the server's own setup generated as in the CLI journey
//! (its `kubernetes:` config and the hosting cluster's RBAC), wrapped in the chart's values,
//! plus the custom account, RBAC and static-token kubeconfig of other clusters.

use super::helm_values::{render_values, VALUES_FILE};
use super::{cli_output, internal, HelmOutput, NextStep, Output};
use crate::setup::{
    hosting_setup, other_cluster_setup, Deployment, ServerIdentity, HELM_REPO, IN_CLUSTER,
};
use crate::setup::{validate, AuthMethod, Setup, SetupError};

/// The errors of the server's own setup, in the Helm journey, when it has any (names derived
/// from the release can be too long even when every field is valid).
pub fn hosting_errors(setup: &Setup) -> Option<Vec<SetupError>> {
    if setup.deployment != Deployment::Helm {
        return None;
    }
    let errors = validate(&hosting_setup(setup));
    (!errors.is_empty()).then_some(errors)
}

/// The output of a Helm-journey setup (validated by the caller).
pub fn helm_output(setup: &Setup) -> Result<Output, Vec<SetupError>> {
    let hosting = hosting_setup(setup);
    let mut output = cli_output(&hosting)?;
    let server = &setup.server;
    if chart_grants_everything(setup) {
        output.objects.clear();
        output.manifest = None;
        // The chart does not create SkyPilot's own account: with a cloud identity it is made
        // ahead, annotated (the chart's own account gets its annotations from the values).
        let own: Vec<_> = super::rbac::build(&hosting)
            .into_iter()
            .filter(|entry| {
                matches!(&entry.object, super::Object::ServiceAccount(account)
                    if account.metadata.name.as_deref()
                        .is_some_and(crate::setup::cloud_identity::is_skypilot_account))
            })
            .collect();
        if !own.is_empty() {
            let file = super::manifest::file_name(&hosting);
            output.manifest = Some(super::manifest::render(&own, &file).map_err(internal)?);
            output.manifest_file = file;
            output.objects = own.into_iter().map(|entry| entry.object).collect();
        }
    }
    if chart_grants_everything(setup) && output.manifest.is_none() {
        output.manifest_note = Some(format!(
            "Nothing to apply in the hosting cluster: the chart creates {} and its roles{}.",
            server.service_account(),
            match server.identity {
                ServerIdentity::ChartManaged => ", and lets it create SkyPilot's own account",
                _ => ", and pods run as it",
            }
        ));
    }
    output.kubeconfig_script = None;
    // The chart's account carries the annotations when pods run as it (minimum permissions).
    let annotations = match (server.identity, hosting.cloud_identity_account()) {
        (ServerIdentity::Minimal, Some(_)) => hosting.cloud_identity.annotations(),
        _ => Vec::new(),
    };
    let values = render_values(server, &output.config, setup.skypilot_version, &annotations)
        .map_err(internal)?;
    // The other clusters' files are named for what they are, and say so in their headers.
    let others = match other_cluster_setup(setup) {
        Some(other) => {
            // With each other cluster's own account where its context's values say so.
            let theirs = setup.other_cluster_context_setups();
            let entries = super::merge::merge(
                super::rbac::build(&other)
                    .into_iter()
                    .chain(theirs.iter().flat_map(super::rbac::build)),
            );
            Some(Others {
                manifest: super::manifest::render(&entries, OTHER_CLUSTERS_FILE)
                    .map_err(internal)?,
                script: super::kubeconfig_script::render(&other.account, OTHER_CLUSTERS_FILE),
                account: other.account,
            })
        }
        None => None,
    };
    let hosting_rbac = output
        .manifest
        .is_some()
        .then(|| output.manifest_file.clone());
    if setup.reaches_other_clusters() {
        let account = &setup.account;
        output.notes.push(format!(
            "The other clusters are reached as service account `{}/{}` (step \"Account and \
             namespace\"; the kubeconfig secret holds its token): pods there run as it, in \
             namespace `{}`, unless a context's own settings say otherwise.",
            account.namespace, account.name, account.namespace
        ));
    }
    if !setup.skypilot_version.is_nightly() {
        output.notes.push(format!(
            "SkyPilot's deployment guide installs the nightly chart (`skypilot/skypilot-nightly \
             --devel`), whose server behaves as the nightly does; these values and the install \
             command are for SkyPilot {}'s chart (`{}`). Choose the nightly as the SkyPilot \
             version to follow the guide.",
            setup.skypilot_version,
            setup.skypilot_version.helm_chart()
        ));
    }
    output.next_steps = next_steps(setup, hosting_rbac.as_deref(), others.as_ref());
    output.helm = Some(HelmOutput {
        values,
        other_clusters_manifest: others.as_ref().map(|o| o.manifest.clone()),
        other_clusters_script: others.map(|o| o.script),
    });
    Ok(output)
}

/// The download name of the other clusters' RBAC, which its header and the steps name.
pub const OTHER_CLUSTERS_FILE: &str = "other-clusters-rbac.yaml";

/// What other clusters get: their account's RBAC and its kubeconfig script.
struct Others {
    manifest: String,
    script: String,
    account: crate::setup::CustomAccount,
}

/// The file the kubeconfig script writes for `context`, and the merged file of them all.
fn context_kubeconfig(context: &str) -> String {
    format!(
        "kubeconfig-{}",
        crate::setup::names::unique_label(context, 63 - "kubeconfig-".len())
    )
}

/// The merged kubeconfig the secret is made from.
const MERGED_KUBECONFIG: &str = "kube-credentials.yaml";

/// True when the chart itself creates everything the hosting cluster needs.
fn chart_grants_everything(setup: &Setup) -> bool {
    match setup.server.identity {
        ServerIdentity::Minimal => true,
        ServerIdentity::ChartManaged => setup.auth != AuthMethod::Custom,
        ServerIdentity::Existing => false,
    }
}

fn step(text: &str, command: Option<String>) -> NextStep {
    NextStep {
        text: text.to_owned(),
        command,
    }
}

/// From an empty cluster to a verified server.
/// `hosting_rbac` is the hosting cluster's manifest file, when there is one to apply.
fn next_steps(setup: &Setup, hosting_rbac: Option<&str>, others: Option<&Others>) -> Vec<NextStep> {
    use super::shell::quote;
    let server = &setup.server;
    let ns = quote(&server.namespace);
    let mut steps = vec![step(
        "Add SkyPilot's chart repository.",
        Some(format!(
            "helm repo add skypilot {} && helm repo update",
            HELM_REPO
        )),
    )];
    let own_account = format!("{}.yaml", crate::setup::cloud_identity::SKYPILOT_ACCOUNT);
    match hosting_rbac {
        // SkyPilot's own account with the cloud identity, before the chart makes the namespace.
        Some(file) if file == own_account => steps.push(step(
            "Create the server's namespace and SkyPilot's own account in it, with the cloud identity's annotations (SkyPilot keeps an account that exists).",
            Some(format!(
                "kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f - && kubectl apply -f {file}"
            )),
        )),
        Some(file) => steps.push(step(
            "Apply the RBAC manifest in the hosting cluster (as a cluster admin).",
            Some(format!("kubectl apply -f {file}")),
        )),
        None => {}
    }
    if let Some(others) = others {
        let contexts: Vec<&String> = setup
            .contexts
            .names
            .iter()
            .filter(|name| name.as_str() != IN_CLUSTER)
            .collect();
        let each = |command: &dyn Fn(&str) -> String| {
            contexts
                .iter()
                .map(|context| command(context))
                .collect::<Vec<_>>()
                .join("\n")
        };
        steps.push(step(
            "In each other cluster, apply the RBAC for other clusters (as its admin).",
            Some(each(&|context| {
                format!(
                    "kubectl --context {} apply -f {OTHER_CLUSTERS_FILE}",
                    quote(context)
                )
            })),
        ));
        steps.push(step(
            &format!(
                "In each other cluster, write a static-token kubeconfig for `{}/{}` with the kubeconfig script (it reads the current context).",
                others.account.namespace, others.account.name
            ),
            Some(each(&|context| {
                format!(
                    "kubectl config use-context {} && bash {} {}",
                    quote(context),
                    super::kubeconfig_script::SCRIPT_FILE,
                    context_kubeconfig(context)
                )
            })),
        ));
        let files: Vec<String> = contexts.iter().map(|c| context_kubeconfig(c)).collect();
        steps.push(step(
            "Merge them into one kubeconfig, every credential inline.",
            Some(format!(
                "KUBECONFIG={} kubectl config view --raw --flatten > {MERGED_KUBECONFIG}",
                files.join(":")
            )),
        ));
        steps.push(step(
            "Put that kubeconfig into the secret the server reads (before installing the chart).",
            Some(format!(
                "kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f - && kubectl create secret generic {} -n {ns} --from-file=config={MERGED_KUBECONFIG}",
                quote(&server.secret_name)
            )),
        ));
        steps.push(step(
            "Check that kubeconfig as the server will use it: the doctor's API-server journey.",
            Some(format!("skyauth doctor {MERGED_KUBECONFIG} --api-server")),
        ));
    }
    steps.push(step(
        "Install or upgrade the API server with these values (apiService.config is only read on the first install: later, change the config in the dashboard).",
        Some(format!(
            "helm upgrade --install {} {} --namespace {ns} --create-namespace -f {}",
            quote(&server.release),
            setup.skypilot_version.helm_chart(),
            VALUES_FILE
        )),
    ));
    let account = quote(&format!(
        "--as=system:serviceaccount:{}:{}",
        server.namespace,
        server.service_account()
    ));
    steps.push(step(
        "Check what the server's account may do in its namespace.",
        Some(format!("kubectl auth can-i --list {account} -n {ns}")),
    ));
    if server.identity == ServerIdentity::ChartManaged {
        steps.push(step(
            "Check that it can create SkyPilot's cluster role (expect `yes`).",
            Some(format!("kubectl auth can-i create clusterroles {account}")),
        ));
    }
    let hosting = hosting_setup(setup);
    if hosting.generates_rbac() {
        // The namespaces the server's pods run in, hardened as on the CLI journey.
        steps.extend(super::hardening_steps::section(&hosting));
    }
    steps.extend(super::cloud_steps::cloud_steps(&hosting));
    steps
}
