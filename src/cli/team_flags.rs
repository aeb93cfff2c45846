//! `--workspace NAME --config FILE`, the team flags of `skyauth audit` and `skyauth verify`:
//! the flags, the config read from its file, and the other flags turned into the core's
//! [`TeamChoice`]; [`TeamRequest::resolve`] decides the rest.

use std::path::{Path, PathBuf};

use serde_yaml::Mapping;
use skyauth::audit::verify_script::Identity;
use skyauth::audit::verify_script::VerifyPlan;
use skyauth::audit::{section_verify_plan, team_verify_plan, Purpose, TeamChoice, TeamRequest};
use skyauth::release::SkyPilotVersion;
use skyauth::setup::DEFAULT_WORKSPACE;

use crate::feature_flags::{metrics_namespace_flag, namespace_flag, parse_feature_list};

/// The team flags, flattened into a subcommand's.
#[derive(clap::Args)]
pub struct TeamFlags {
    /// Check one team (SkyPilot workspace) of --config: its own service account in its
    /// namespace, or in a keyword mode the launcher the identity flags name (checked with
    /// managed-account); --namespace picks one of a team's namespaces, --features adds
    /// optional groups to core.
    #[arg(
        long,
        value_name = "NAME",
        requires = "config",
        allow_hyphen_values = true
    )]
    pub workspace: Option<String>,
    /// The config whose team --workspace names: a `~/.sky/config.yaml`, or the chart's
    /// values (its `apiService.config`); `-` reads standard input. Without --workspace: its
    /// `kubernetes:` section (`verify` checks it in each of its `allowed_contexts`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The other flags a team's check reads, as given.
pub struct TeamArgs<'a> {
    pub purpose: Purpose,
    pub launcher: Option<Identity>,
    pub namespace: &'a Option<String>,
    pub features: &'a str,
    pub metrics_namespace: &'a str,
    pub version: SkyPilotVersion,
}

impl TeamFlags {
    /// The team the flags name (without --workspace: the config's `kubernetes:` section),
    /// resolved in the config they name; `None` without --config. The message of an error
    /// names the flag to change.
    pub fn resolve(&self, args: TeamArgs) -> Option<Result<TeamRequest, String>> {
        let config = self.config.as_ref()?;
        let workspace = self.workspace.as_deref().unwrap_or(DEFAULT_WORKSPACE);
        Some(resolve(workspace, config, args))
    }

    /// The check script's plan for the config the flags name: each target of the team
    /// --workspace names, or without it the `kubernetes:` section as the page checks it, in
    /// the contexts `only` keeps; `None` without --config.
    pub fn verify_plan(
        &self,
        args: TeamArgs,
        only: &[String],
    ) -> Option<Result<VerifyPlan, String>> {
        let config = self.config.as_ref()?;
        let workspace = self.workspace.as_deref().unwrap_or(DEFAULT_WORKSPACE);
        let plan = choice(workspace, config, args).and_then(|(settings, choice)| {
            match &self.workspace {
                Some(_) => TeamRequest::resolve_each(&settings, &choice)
                    .and_then(|requests| team_verify_plan(&requests, only)),
                None => section_verify_plan(&settings, &choice, only),
            }
            .map_err(|error| error.to_string())
        });
        Some(plan)
    }

    /// The config's file as the user named it, for the report's commands.
    pub fn config_name(&self) -> String {
        self.config
            .as_ref()
            .map(|config| config.display().to_string())
            .unwrap_or_default()
    }
}

fn resolve(workspace: &str, config: &Path, args: TeamArgs) -> Result<TeamRequest, String> {
    let (settings, choice) = choice(workspace, config, args)?;
    TeamRequest::resolve(&settings, &choice).map_err(|error| error.to_string())
}

/// The config's settings, and the other flags as the core's choice.
fn choice(workspace: &str, config: &Path, args: TeamArgs) -> Result<(Mapping, TeamChoice), String> {
    let choice = TeamChoice {
        purpose: args.purpose,
        workspace: workspace.to_owned(),
        launcher: args.launcher,
        namespace: namespace_flag(args.namespace)?,
        features: parse_feature_list(args.features)?,
        metrics_namespace: metrics_namespace_flag(args.metrics_namespace)?,
        skypilot_version: args.version,
    };
    let settings = crate::read_config_settings(config, "--config")?;
    Ok((settings, choice))
}
