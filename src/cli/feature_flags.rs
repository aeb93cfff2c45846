//! The optional permission groups as CLI flags, one `--ID` flag per catalogue entry with its
//! reason as help: a new group gets its flag without a change here.

use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};
use skyauth::catalogue::{Feature, FeatureSet};

/// `--gpu-list`, `--ingress`, ...: the features turned on.
#[derive(Clone, Debug, Default)]
pub struct FeatureFlags(pub FeatureSet);

impl FromArgMatches for FeatureFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(FeatureFlags(
            Feature::optional()
                .filter(|feature| matches.get_flag(feature.id()))
                .collect(),
        ))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = FeatureFlags::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for FeatureFlags {
    fn augment_args(command: Command) -> Command {
        Feature::optional().fold(command, |command, feature| {
            command.arg(
                Arg::new(feature.id())
                    .long(feature.id())
                    .action(ArgAction::SetTrue)
                    .help(feature.why())
                    .help_heading("Features"),
            )
        })
    }

    fn augment_args_for_update(command: Command) -> Command {
        FeatureFlags::augment_args(command)
    }
}

/// The audit's `--features` list: ids separated by commas, or `all`. An empty list or an
/// unknown id is an error that names the ids.
pub fn parse_feature_list(text: &str) -> Result<Vec<Feature>, String> {
    if text.trim() == "all" {
        return Ok(Feature::ALL.to_vec());
    }
    let features = text
        .split(',')
        .filter(|id| !id.trim().is_empty())
        .map(|id| id.parse::<Feature>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<Feature>, String>>()?;
    if features.is_empty() {
        return Err(format!(
            "--features is empty: name at least one of {}, or `all`",
            Feature::id_list(Feature::ALL.iter().copied())
        ));
    }
    Ok(features)
}

/// The help text of a `--features` flag, listing every id.
pub fn feature_list_help() -> String {
    let ids: Vec<String> = Feature::ALL
        .iter()
        .map(|f| format!("{} ({})", f.id(), f.label()))
        .collect();
    format!(
        "The features that must be granted, comma-separated, or `all`: {}. Every feature is \
         reported either way.",
        ids.join(", ")
    )
}

/// A `--namespace` flag's value, checked as Kubernetes checks a namespace name.
pub fn namespace_flag(namespace: &Option<String>) -> Result<Option<String>, String> {
    match namespace {
        Some(namespace) if !skyauth::setup::names::is_rfc1123_label(namespace) => Err(format!(
            "--namespace: `{namespace}` is not a valid namespace: use {}",
            skyauth::setup::names::LABEL_RULE
        )),
        other => Ok(other.clone()),
    }
}

/// A `--metrics-namespace` flag's value, checked as Kubernetes checks a namespace name.
pub fn metrics_namespace_flag(namespace: &str) -> Result<String, String> {
    if skyauth::setup::names::is_rfc1123_label(namespace) {
        Ok(namespace.to_owned())
    } else {
        Err(format!(
            "--metrics-namespace: `{namespace}` is not a valid namespace: use {}",
            skyauth::setup::names::LABEL_RULE
        ))
    }
}
