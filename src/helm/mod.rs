//! The API-server journey: SkyPilot deployed with its Helm chart. From the same setup as the
//! CLI journey it derives the server's own setup (which identity runs pods in the hosting
//! cluster, which RBAC that needs), the chart's `values.yaml`, the RBAC and kubeconfig for
//! other clusters, and the steps to deploy (`docs/skypilot-facts.md` §8).

mod model;
mod plan;
mod values;

pub use model::{ApiServer, Journey, ServerIdentity, IN_CLUSTER};
pub use plan::{effective_setup, hosting_setup, other_cluster_setup, HELM_REPO};
pub use values::{render_values, VALUES_FILE};
