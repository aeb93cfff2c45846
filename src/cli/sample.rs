//! `skyauth sample` (hidden): prints a generated input of a chosen size, for the benchmarks and
//! scale tests that are not written in Rust (`scripts/samples.cjs`).

use std::process::ExitCode;

/// What to generate.
#[derive(clap::Subcommand)]
pub enum Args {
    /// A kubeconfig of mixed auth kinds.
    Kubeconfig {
        /// Exactly this many contexts (default: as many as fit in --bytes).
        #[arg(long)]
        contexts: Option<usize>,
        /// About this many bytes.
        #[arg(long, default_value_t = 1024 * 1024)]
        bytes: usize,
        /// Context names start with this.
        #[arg(long, default_value = "ctx-")]
        prefix: String,
    },
    /// An RBAC export of Roles, ClusterRoles and their bindings.
    Rbac {
        /// This many objects.
        #[arg(long, default_value_t = 1000)]
        objects: usize,
        /// The namespace of the service account the RoleBindings bind (`NS/sky-sa`).
        #[arg(long, default_value = "default")]
        subject_namespace: String,
    },
}

pub fn run(args: Args) -> ExitCode {
    crate::emit(&match args {
        Args::Kubeconfig {
            contexts,
            bytes,
            prefix,
        } => skyauth::samples::kubeconfig(contexts, bytes, &prefix),
        Args::Rbac {
            objects,
            subject_namespace,
        } => skyauth::samples::rbac_export(objects, &subject_namespace),
    });
    ExitCode::SUCCESS
}
