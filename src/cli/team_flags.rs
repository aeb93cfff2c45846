//! `--workspace NAME --config FILE`, the team flags of `skyauth audit` and `skyauth verify`:
//! the flags, the config read from its file, and the other flags turned into the core's
//! [`TeamChoice`]; [`TeamRequest::resolve`] decides the rest.

use std::path::{Path, PathBuf};

use skyauth::audit::verify_script::Identity;
use skyauth::audit::{Purpose, TeamChoice, TeamRequest};
use skyauth::release::SkyPilotVersion;

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
    /// values (its `apiService.config`); `-` reads standard input.
    #[arg(long, value_name = "FILE", requires = "workspace")]
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
    /// The team the flags name, resolved in the config they name; `None` without
    /// --workspace. The message of an error names the flag to change.
    pub fn resolve(&self, args: TeamArgs) -> Option<Result<TeamRequest, String>> {
        let (workspace, config) = (self.workspace.as_ref()?, self.config.as_ref()?);
        Some(resolve(workspace, config, args))
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
    TeamRequest::resolve(&settings, &choice).map_err(|error| error.to_string())
}
