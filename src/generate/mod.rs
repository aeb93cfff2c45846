//! Generation: turns a valid [`Setup`] into RBAC YAML, a SkyPilot config snippet, next steps
//! and (for a custom account) a kubeconfig script, and a script that checks the RBAC on the
//! cluster with `kubectl auth can-i`. An invalid setup yields only its errors.

pub mod cloud_steps;
pub mod config;
mod hardening_steps;
mod helm_output;
pub mod helm_values;
pub mod kubeconfig_script;
pub mod manifest;
mod merge;
mod next_steps;
mod object;
mod object_view;
mod parts;
pub mod rbac;
pub mod shell;
pub mod teams;

pub use helm_output::OTHER_CLUSTERS_FILE;
pub use helm_values::{render_values, VALUES_FILE};
pub use next_steps::NextStep;
pub use object::Object;
pub use parts::{generate_partial, Part, PartialOutput, Shape};
pub use teams::{TeamFileScope, TeamManifest, ALL_TEAMS_FILE, SHARED_FILE};

use crate::catalogue::Feature;
use crate::setup::{validate, AuthMethod, Setup, SetupError};

/// Everything generated for one setup.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// The objects to apply, in apply order (empty when nothing needs applying).
    pub objects: Vec<Object>,
    /// The YAML stream of `objects`, or `None` when there is nothing to apply.
    pub manifest: Option<String>,
    /// The file the manifest is saved as, named after what it holds.
    pub manifest_file: String,
    /// Why there is nothing to apply, when `manifest` is `None`.
    pub manifest_note: Option<String>,
    /// The `kubernetes:` snippet for `~/.sky/config.yaml`.
    pub config: String,
    /// What to run next.
    pub next_steps: Vec<NextStep>,
    /// A bash script writing a kubeconfig for the custom account.
    pub kubeconfig_script: Option<String>,
    /// A POSIX sh script checking on the cluster that the identity the RBAC is for holds
    /// what it grants, when RBAC is generated.

    /// Remarks on the setup (features a profile makes moot, ...).
    pub notes: Vec<String>,
    /// The API-server journey's extra outputs.
    pub helm: Option<HelmOutput>,
    /// Each team's RBAC file, then the file of them all (empty without teams).
    pub teams: Vec<TeamManifest>,
    /// What to run for the teams (apply each file in its contexts, check a team); part of
    /// [`Part::Teams`], since they follow from the teams' files.
    pub team_steps: Vec<NextStep>,
}

impl Output {
    /// Every step in the order to take them. When the `kubernetes:` section shares objects
    /// with the teams (its manifest leaves them to the shared file), applying the shared file
    /// comes first, and the section's own apply step goes when it has nothing of its own;
    /// then the section's steps, then the teams'.
    pub fn steps(&self) -> impl Iterator<Item = &NextStep> {
        // The shared file, when there is one, is the first team file and the first team step.
        let shares = self
            .section_shared_file()
            .is_some_and(|file| file.manifest.is_some())
            && !self.team_steps.is_empty();
        let (first, rest) = self.team_steps.split_at(usize::from(shares));
        // The section's apply step: `kubectl [--context C] apply -f FILE` on every line.
        let nothing_own = (shares && self.manifest.is_none())
            .then(|| format!(" apply -f {}", self.manifest_file));
        let section = self.next_steps.iter().filter(move |step| {
            !matches!((&nothing_own, &step.command),
                (Some(apply), Some(command)) if command.lines().all(|line| line.ends_with(apply.as_str())))
        });
        first.iter().chain(section).chain(rest)
    }

    /// The teams' shared file when the `kubernetes:` section shares objects with the teams:
    /// what its own manifest leaves there.
    pub fn section_shared_file(&self) -> Option<&TeamManifest> {
        self.teams
            .iter()
            .find(|file| matches!(file.scope, TeamFileScope::Shared { section: true, .. }))
    }
}

/// What the API-server journey adds: the chart's values and what other clusters need.
#[derive(Clone, Debug, PartialEq)]
pub struct HelmOutput {
    /// The chart's `values.yaml`.
    pub values: String,
    /// RBAC for the custom account of each cluster reached through the kubeconfig secret.
    pub other_clusters_manifest: Option<String>,
    /// The script that writes that account's static-token kubeconfig.
    pub other_clusters_script: Option<String>,
}

/// Validates `setup` and generates its output, from [`Setup::applied`].
pub fn generate(setup: &Setup) -> Result<Output, Vec<SetupError>> {
    // A choice the page hides for this setup never shapes its output.
    let setup = &*setup.applied();
    let errors = validate(setup);
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(errors) = helm_output::hosting_errors(setup) {
        return Err(errors);
    }
    build(setup)
}

/// The output of `setup` without validating it. Each part reads only the fields
/// [`Part::reads`] names, so a part whose fields are valid is right even when others are not
/// ([`generate_partial`]); what the invalid fields feed is discarded.
fn build(setup: &Setup) -> Result<Output, Vec<SetupError>> {
    let mut output = match setup.deployment {
        crate::setup::Deployment::Cli => cli_output(setup)?,
        crate::setup::Deployment::Helm => helm_output::helm_output(setup)?,
    };
    if setup.has_teams() {
        // The file of all teams holds the section's own objects too (none when the chart
        // grants them).
        let base = if output.objects.is_empty() {
            Vec::new()
        } else {
            rbac::build(&crate::setup::effective_setup(setup))
        };
        output.teams = teams::team_manifests(setup, &base).map_err(internal)?;
        output.team_steps = teams::team_steps(setup, &output.teams);
        teams::leave_shared_to_the_teams(&mut output, &base).map_err(internal)?;
    }
    Ok(output)
}

/// The CLI journey's output for a valid setup.
fn cli_output(setup: &Setup) -> Result<Output, Vec<SetupError>> {
    let entries = rbac::build(setup);
    let file = manifest::file_name(setup);
    let manifest = if entries.is_empty() {
        None
    } else {
        Some(manifest::render(&entries, &file).map_err(internal)?)
    };
    Ok(Output {
        objects: entries.into_iter().map(|entry| entry.object).collect(),
        manifest_note: manifest.is_none().then(|| nothing_to_apply(setup)),
        kubeconfig_script: (setup.auth == AuthMethod::Custom)
            .then(|| kubeconfig_script::render(&setup.account, &file)),
        manifest_file: file,
        manifest,
        config: config::render(setup).map_err(internal)?,
        next_steps: next_steps::next_steps(setup),
        notes: notes(setup),
        helm: None,
        teams: Vec::new(),
        team_steps: Vec::new(),
    })
}

fn nothing_to_apply(setup: &Setup) -> String {
    match setup.auth {
        AuthMethod::ServiceAccount | AuthMethod::NoUpload | AuthMethod::LocalCredentials => {
            let also = if setup.auth == AuthMethod::LocalCredentials {
                " (with LOCAL_CREDENTIALS too: pods run as that account, and also get a copy of \
                 your kubeconfig)"
            } else {
                ""
            };
            format!(
                "Nothing to apply: with {}, SkyPilot creates skypilot-service-account and its \
                 roles itself on every launch{also}. The identity that launches needs the rights \
                 to do so, in skypilot-system too; turn on launcher RBAC to generate them.",
                setup.remote_identity()
            )
        }
        AuthMethod::NoToken => "Nothing to apply: with NONE, pods get no API token. SkyPilot \
             still creates skypilot-service-account (with no roles) and, for its controllers, \
             which ignore NONE, skypilot-controller-service-account and its roles, with the \
             launcher's rights; turn on launcher RBAC to generate them."
            .to_owned(),
        AuthMethod::Custom => String::new(),
    }
}

fn notes(setup: &Setup) -> Vec<String> {
    let mut notes = Vec::new();
    let profile = setup.account.profile;
    if setup.auth == AuthMethod::Custom && !setup.features.is_empty() {
        let labels: Vec<&str> = setup.features.iter().map(|f| f.label()).collect();
        if profile.is_cluster_admin() {
            notes.push(format!(
                "cluster-admin already grants everything, so no roles are generated for: {}.",
                labels.join(", ")
            ));
        } else if !profile.entry().can_launch {
            notes.push(format!(
                "The workload account cannot launch, so these features are not granted: {}.",
                labels.join(", ")
            ));
        }
    }
    if setup.auth == AuthMethod::Custom && !profile.entry().can_launch {
        notes.push(
            "This account can only tear its own cluster down (autodown): SkyPilot cannot \
             launch with it. Use it as the pods' account while the launching identity has a \
             launching profile."
                .into(),
        );
    }
    let namespace = setup.account.namespace.as_str();
    if setup.auth == AuthMethod::Custom
        && setup.account.create_namespace
        && crate::setup::names::is_builtin_namespace(namespace)
    {
        notes.push(format!(
            "`{namespace}` exists in every cluster, so no Namespace object is generated for it."
        ));
    }
    // On an API server the server's account launches; on a laptop, the user's identity.
    if setup.wants_custom_launcher() {
        let launcher = &setup.launcher;
        notes.push(format!(
            "The launcher ({} {}) is bound to the same roles: SkyPilot creates the account's \
             pods with the identity in your kubeconfig, which needs these permissions too.",
            launcher.subject_kind.noun(),
            launcher.subject
        ));
    } else if setup.auth == AuthMethod::Custom
        && profile.entry().can_launch
        && setup.deployment == crate::setup::Deployment::Cli
    {
        let how = if setup.custom_launcher_applies() {
            ": bind it with \"Bind the launcher to these roles too\" (`skyauth rbac \
             --bind-launcher user:NAME`), or ask your admin to"
        } else {
            ""
        };
        notes.push(format!(
            "The identity in your own kubeconfig (the launcher) needs these permissions too, \
             not only the service account{how}."
        ));
    }
    let metrics = setup.metrics.prometheus.namespace.as_str();
    let fixed: Vec<String> = [
        (
            crate::catalogue::Feature::Ingress,
            "ingress-nginx (the ingress controller's)".to_owned(),
        ),
        (
            crate::catalogue::Feature::GpuMetrics,
            format!("{metrics} (SkyPilot's Prometheus)"),
        ),
    ]
    .into_iter()
    .filter(|(feature, _)| setup.generates_rbac() && setup.features.contains(*feature))
    .map(|(_, namespace)| namespace)
    .collect();
    let binds_cluster_admin = setup.auth == AuthMethod::Custom && profile.is_cluster_admin();
    if !fixed.is_empty() && !binds_cluster_admin {
        notes.push(format!(
            "Roles in {} need the namespace to exist: apply after installing what lives there.",
            fixed.join(" and ")
        ));
    }
    if setup.wants_gpu_metrics()
        && !binds_cluster_admin
        && metrics != crate::catalogue::SKYPILOT_METRICS
    {
        notes.push(format!(
            "GPU metrics are granted in namespace `{metrics}`: set `metrics.prometheus.namespace: \
             {metrics}` in the API server's config (SkyPilot 0.14.0+), or SkyPilot looks for \
             its Prometheus in `{}`.",
            crate::catalogue::SKYPILOT_METRICS
        ));
    }
    let ingress_ports = setup.ports == crate::setup::PortsSetting::Ingress;
    if ingress_ports && setup.generates_rbac() && !setup.features.contains(Feature::Ingress) {
        notes.push(
            "Ports is `ingress`, but the Ingress feature is off: the RBAC grants no ingress \
             classes, Ingress objects or ingress-nginx reads, so exposing a port fails with a \
             403. Turn the Ingress feature on."
                .into(),
        );
    }
    notes.extend(cloud_steps::cloud_notes(setup));
    if setup.wants_launcher_rbac() {
        notes.push(
            "The launcher may create, change and delete every ClusterRole and \
             ClusterRoleBinding: SkyPilot's own cluster role grants that, and Kubernetes lets \
             only a holder grant it, so it cannot be narrowed to SkyPilot's objects. Kubernetes' \
             escalation checks still stop the launcher from granting itself more than it holds."
                .into(),
        );
    }
    notes
}

fn internal(error: crate::yaml::node::NodeError) -> Vec<SetupError> {
    vec![SetupError {
        field: crate::setup::Field::Output,
        message: format!("internal error while writing YAML: {error}"),
    }]
}
