//! `skyauth rbac`: prints the RBAC manifest for a custom service account.

use std::process::ExitCode;

use clap::ValueEnum;
use skyauth::generate::generate;
use skyauth::setup::{AuthMethod, CustomAccount, Features, PermissionProfile, Setup};

use crate::report_setup_errors;

/// Flags of `skyauth rbac`.
#[derive(clap::Args)]
pub struct Args {
    /// Name of the service account to create.
    #[arg(long, value_name = "NAME", default_value = "sky-sa")]
    service_account: String,
    /// Namespace of the service account.
    #[arg(long, value_name = "NS", default_value = "default")]
    namespace: String,
    /// How much the account may do.
    #[arg(long, value_enum, default_value_t = Profile::Documented)]
    profile: Profile,
    /// Add the ingress role (for `ports: ingress`) in the ingress controller's namespace.
    #[arg(long)]
    ingress: bool,
    /// Namespace of the ingress controller.
    #[arg(long, value_name = "NS", default_value = "ingress-nginx")]
    ingress_namespace: String,
    /// Let `sky gpus list` show free GPUs (cluster-wide pod reads).
    #[arg(long)]
    gpu_list: bool,
    /// Allow GPU metrics federation (get the kube-system namespace).
    #[arg(long)]
    gpu_metrics: bool,
    /// Allow object-store mounting (role in skypilot-system).
    #[arg(long)]
    object_store: bool,
    /// Also create the namespace.
    #[arg(long)]
    create_namespace: bool,
    /// Also create a long-lived token Secret for the account.
    #[arg(long)]
    token_secret: bool,
}

/// The permission profiles, as CLI values.
#[derive(Clone, Copy, ValueEnum)]
enum Profile {
    /// SkyPilot's example: everything in the namespace, read access to a few cluster kinds.
    Documented,
    /// SkyPilot's documented minimum.
    Minimal,
    /// Bind the built-in cluster-admin role.
    ClusterAdmin,
}

impl From<Profile> for PermissionProfile {
    fn from(profile: Profile) -> Self {
        match profile {
            Profile::Documented => PermissionProfile::Documented,
            Profile::Minimal => PermissionProfile::Minimal,
            Profile::ClusterAdmin => PermissionProfile::ClusterAdmin,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let setup = Setup {
        auth: AuthMethod::Custom,
        account: CustomAccount {
            namespace: args.namespace,
            name: args.service_account,
            profile: args.profile.into(),
            features: Features {
                ingress: args.ingress,
                ingress_namespace: args.ingress_namespace,
                gpu_list: args.gpu_list,
                gpu_metrics: args.gpu_metrics,
                object_store: args.object_store,
                create_namespace: args.create_namespace,
                token_secret: args.token_secret,
            },
        },
        ..Setup::default()
    };
    match generate(&setup) {
        Ok(output) => {
            print!("{}", output.manifest.unwrap_or_default());
            for note in output.notes {
                eprintln!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => report_setup_errors(&errors),
    }
}
