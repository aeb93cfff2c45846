//! `skyauth config`: prints the `kubernetes:` snippet for ~/.sky/config.yaml.

use std::process::ExitCode;

use clap::ValueEnum;
use skyauth::generate::generate;
use skyauth::setup::{
    AllowedContexts, Field, PortsSetting, RemoteIdentity, Setup, SetupEdit, SetupError,
};

use crate::report_setup_errors;

/// Flags of `skyauth config`.
#[derive(clap::Args)]
pub struct Args {
    /// SERVICE_ACCOUNT, LOCAL_CREDENTIALS, NO_UPLOAD, or the name of an existing service account.
    #[arg(long, value_name = "VALUE", default_value = "SERVICE_ACCOUNT")]
    remote_identity: String,
    /// A context SkyPilot may use (repeat for several), or `all`.
    #[arg(long = "allowed-context", value_name = "CTX")]
    allowed_contexts: Vec<String>,
    /// A per-context identity, CTX=VALUE (repeat); every allowed context then needs one.
    #[arg(long = "context-identity", value_name = "CTX=VALUE")]
    context_identities: Vec<String>,
    /// How to expose ports.
    #[arg(long, value_enum, value_name = "MODE")]
    ports: Option<Ports>,
}

/// `kubernetes.ports` values.
#[derive(Clone, Copy, ValueEnum)]
enum Ports {
    Loadbalancer,
    Ingress,
    Podip,
}

pub fn run(args: Args) -> ExitCode {
    let mut setup = Setup::default();
    setup.apply(SetupEdit::UseIdentity(RemoteIdentity::from_config_value(
        &args.remote_identity,
    )));
    if args.allowed_contexts.iter().any(|context| context == "all") {
        setup.contexts.allowed = AllowedContexts::All;
    } else if !args.allowed_contexts.is_empty() {
        setup.contexts.allowed = AllowedContexts::List;
        setup.contexts.names = args.allowed_contexts;
    }
    for pair in &args.context_identities {
        let Some((context, value)) = pair.split_once('=') else {
            return report_setup_errors(&[SetupError {
                field: Field::ContextIdentity(pair.clone()),
                message: format!("`{pair}` is not CTX=VALUE, e.g. `gke-prod=sky-sa`."),
            }]);
        };
        setup.contexts.per_context = true;
        setup
            .contexts
            .identities
            .insert(context.to_owned(), value.to_owned());
    }
    setup.ports = match args.ports {
        None => PortsSetting::Unset,
        Some(Ports::Loadbalancer) => PortsSetting::Loadbalancer,
        Some(Ports::Ingress) => PortsSetting::Ingress,
        Some(Ports::Podip) => PortsSetting::Podip,
    };
    match generate(&setup) {
        Ok(output) => {
            print!("{}", output.config);
            ExitCode::SUCCESS
        }
        Err(errors) => report_setup_errors(&errors),
    }
}
