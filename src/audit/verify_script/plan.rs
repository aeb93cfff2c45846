//! Where the check script runs: one [`VerifyRun`] per context, each with the request for the
//! identity and namespace SkyPilot uses there. A setup that lists its contexts is checked in
//! each of them, with that context's own identity and namespace (SkyPilot's precedence,
//! [`Setup::team_targets`]); otherwise the current context.

use super::VerifyRequest;
use crate::setup::{effective_setup, Deployment, Setup, Team};

/// The request checked in one context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyRun {
    /// The kubeconfig context (`kubectl --context`); `None`: the current one.
    pub context: Option<String>,
    pub request: VerifyRequest,
}

/// Every run of one script, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyPlan {
    pub runs: Vec<VerifyRun>,
}

impl VerifyPlan {
    /// `request` in the current context.
    pub fn single(request: VerifyRequest) -> VerifyPlan {
        VerifyPlan {
            runs: vec![VerifyRun {
                context: None,
                request,
            }],
        }
    }

    /// `request` in each of `contexts`, in order, each once (none: the current context).
    pub fn in_contexts(request: VerifyRequest, contexts: &[String]) -> VerifyPlan {
        if contexts.is_empty() {
            return VerifyPlan::single(request);
        }
        let mut plan = VerifyPlan { runs: Vec::new() };
        for context in contexts {
            plan.push(Some(context.clone()), request.clone());
        }
        plan
    }

    /// Adds a run, unless one for `context` is there already.
    pub fn push(&mut self, context: Option<String>, request: VerifyRequest) {
        if !self.runs.iter().any(|run| run.context == context) {
            self.runs.push(VerifyRun { context, request });
        }
    }

    /// The contexts the plan names (none: it runs in the current context).
    pub fn contexts(&self) -> Vec<&str> {
        self.runs
            .iter()
            .filter_map(|run| run.context.as_deref())
            .collect()
    }

    /// Whether `setup` has RBAC for a check script to check: the section's (or the API
    /// server's own), or a context's own account ([`Setup::context_setups`]).
    pub fn applies_to(setup: &Setup) -> bool {
        let effective = effective_setup(setup);
        effective.generates_rbac() || !effective.context_setups().is_empty()
    }

    /// The check of what `setup` is for ([`VerifyRequest::for_setup`]), in each context it
    /// lists, as SkyPilot resolves that context: its own namespace and identity from
    /// `context_configs`. An API server's setup is checked in the current context: its
    /// contexts are the server's, not the kubeconfig's of whoever runs the script.
    pub fn for_setup(setup: &Setup) -> VerifyPlan {
        // A keyword mode with no launcher named is checked as the kubeconfig's own identity:
        // on a laptop, the launcher.
        let mut as_me = setup.clone();
        if !as_me.launcher.enabled {
            as_me.launcher.enabled = true;
            as_me.launcher.subject.clear();
        }
        let request = VerifyRequest::for_setup(&as_me);
        if setup.deployment != Deployment::Cli {
            return VerifyPlan::single(request);
        }
        let base = effective_setup(setup);
        let section = Team::default();
        let mut runs: Vec<VerifyRun> = Vec::new();
        for target in setup.team_targets(&section) {
            let own = if target.identity == base.remote_identity()
                && target.namespace == base.launch_namespace()
            {
                request.clone()
            } else {
                match as_me.target_setup(&section, &target) {
                    Some(target_setup) => VerifyRequest::for_setup(&target_setup),
                    None => request.clone(),
                }
            };
            if target.contexts.is_empty() {
                runs.push(VerifyRun {
                    context: None,
                    request: own.clone(),
                });
            }
            for context in target.contexts {
                runs.push(VerifyRun {
                    context: Some(context),
                    request: own.clone(),
                });
            }
        }
        let order = |run: &VerifyRun| {
            run.context.as_ref().map(|context| {
                let listed = base.contexts.names.iter().position(|name| name == context);
                listed.unwrap_or(usize::MAX)
            })
        };
        runs.sort_by_key(order);
        VerifyPlan { runs }
    }
}
