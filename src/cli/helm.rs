//! `skyauth helm`: prints the `values.yaml` for SkyPilot's Helm chart (the API-server
//! journey), with the server's `kubernetes:` config from the same flags as `skyauth config`.

use std::process::ExitCode;

use skyauth::release::SkyPilotVersion;

use skyauth::generate::generate;
use skyauth::setup::{Deployment, ServerIdentity};

use crate::config::ConfigFlags;
use crate::report_setup_errors;

/// Flags of `skyauth helm`.
#[derive(clap::Args)]
pub struct Args {
    /// The Helm release name (lowercase, at most 53 characters).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "skypilot",
        allow_hyphen_values = true
    )]
    release: String,
    /// The namespace the API server is deployed in (and its pods launch in).
    #[arg(
        short = 'n',
        long,
        value_name = "NS",
        default_value = "skypilot",
        allow_hyphen_values = true
    )]
    namespace: String,
    /// Minimum permissions: pods run as the server's own account `<release>-api-sa`
    /// (`rbac.manageRbacPolicies=false`).
    #[arg(long, conflicts_with = "service_account")]
    minimal_rbac: bool,
    /// Use an existing service account instead of the chart's (`rbac.create=false`).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    service_account: Option<String>,
    /// No object-store mounting (`rbac.manageSystemComponents=false`).
    #[arg(long)]
    no_object_store: bool,
    /// Do not use the hosting cluster (`kubernetesCredentials.useApiServerCluster=false`).
    #[arg(long)]
    no_in_cluster: bool,
    /// Reach other clusters through a kubeconfig in this secret (`useKubeconfig`); their
    /// contexts are the --allowed-context values.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    kubeconfig_secret: Option<String>,
    #[command(flatten)]
    config: ConfigFlags,
}

pub fn run(args: Args, version: SkyPilotVersion) -> ExitCode {
    let mut setup = match args.config.setup(&args.namespace, version) {
        Ok(setup) => setup,
        Err(error) => return report_setup_errors(&[error]),
    };
    setup.deployment = Deployment::Helm;
    let server = &mut setup.server;
    server.release = args.release;
    server.namespace = args.namespace;
    server.identity = match (&args.service_account, args.minimal_rbac) {
        (Some(_), _) => ServerIdentity::Existing,
        (None, true) => ServerIdentity::Minimal,
        (None, false) => ServerIdentity::ChartManaged,
    };
    server.existing_account = args.service_account.unwrap_or_default();
    server.object_store = !args.no_object_store;
    server.in_cluster = !args.no_in_cluster;
    server.other_clusters = args.kubeconfig_secret.is_some();
    if let Some(secret) = args.kubeconfig_secret {
        server.secret_name = secret;
    }
    crate::report_setup_warnings(&setup);
    match generate(&setup) {
        Ok(output) => {
            if let Some(helm) = output.helm {
                crate::emit(&helm.values);
            }
            crate::report_cloud_steps(&setup);
            for note in output.notes {
                eprintln!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => report_setup_errors(&errors),
    }
}
