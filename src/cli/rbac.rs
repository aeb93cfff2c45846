//! `skyauth rbac`: prints the RBAC manifest for a custom service account.

use std::process::ExitCode;

use clap::ValueEnum;
use skyauth::generate::generate;
use skyauth::setup::{AuthMethod, CustomAccount, PermissionProfile, Setup};

use crate::feature_flags::FeatureFlags;

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
    #[arg(long, value_enum, default_value = "documented")]
    profile: Profile,
    #[command(flatten)]
    features: FeatureFlags,
    /// Namespace of the ingress controller.
    #[arg(long, value_name = "NS", default_value = "ingress-nginx")]
    ingress_namespace: String,
    /// Also create the namespace.
    #[arg(long)]
    create_namespace: bool,
    /// Also create a long-lived token Secret for the account.
    #[arg(long)]
    token_secret: bool,
}

/// A permission profile as a CLI value: the catalogue's ids and descriptions.
#[derive(Clone, Copy)]
struct Profile(PermissionProfile);

impl ValueEnum for Profile {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [Profile; PermissionProfile::ALL.len()] = {
            let mut all = [Profile(PermissionProfile::Documented); PermissionProfile::ALL.len()];
            let mut i = 0;
            while i < all.len() {
                all[i] = Profile(PermissionProfile::ALL[i]);
                i += 1;
            }
            all
        };
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let entry = self.0.entry();
        Some(clap::builder::PossibleValue::new(entry.id).help(entry.description))
    }
}

pub fn run(args: Args) -> ExitCode {
    let setup = Setup {
        auth: AuthMethod::Custom,
        account: CustomAccount {
            namespace: args.namespace,
            name: args.service_account,
            profile: args.profile.0,
            ingress_namespace: args.ingress_namespace,
            create_namespace: args.create_namespace,
            token_secret: args.token_secret,
        },
        features: args.features.0,
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
