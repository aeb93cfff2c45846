//! Cloud identity for SkyPilot's pods: the cloud role a pod's Kubernetes service account is
//! bound to (EKS IRSA or Pod Identity, GKE Workload Identity, Azure Workload Identity), so
//! pods reach buckets without uploaded keys. The choice, its format rules (each problem a
//! message the user can act on), and what it writes: the account's annotations, the pods'
//! label and the cloud's `remote_identity: NO_UPLOAD` (`docs/cloud-identity.md`).

use serde::{Deserialize, Serialize};

/// The account SkyPilot creates in the keyword modes (`DEFAULT_SERVICE_ACCOUNT_NAME` in
/// `sky/provision/kubernetes/utils.py`).
pub const SKYPILOT_ACCOUNT: &str = "skypilot-service-account";
/// The account SkyPilot's controllers (managed jobs, serve) run as in the keyword modes on a
/// nightly with [`crate::release::Change::ControllerAccount`] (`CONTROLLER_SERVICE_ACCOUNT_NAME`
/// in `sky/provision/kubernetes/utils.py`); made the same way, only when missing.
pub const CONTROLLER_ACCOUNT: &str = "skypilot-controller-service-account";

/// Whether `name` is an account SkyPilot itself creates (and skyauth may make ahead of it).
pub fn is_skypilot_account(name: &str) -> bool {
    name == SKYPILOT_ACCOUNT || name == CONTROLLER_ACCOUNT
}

/// IRSA's service-account annotation (the EKS Pod Identity Webhook reads it).
pub const IRSA_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
/// GKE Workload Identity's service-account annotation.
pub const GKE_ANNOTATION: &str = "iam.gke.io/gcp-service-account";
/// Azure Workload Identity's service-account annotations.
pub const AZURE_CLIENT_ANNOTATION: &str = "azure.workload.identity/client-id";
pub const AZURE_TENANT_ANNOTATION: &str = "azure.workload.identity/tenant-id";
/// The pod label Azure Workload Identity's webhook mutates pods by.
pub const AZURE_POD_LABEL: &str = "azure.workload.identity/use";

/// Which cloud's identity federation the pods' account uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CloudProvider {
    /// No cloud identity (the default): nothing is written.
    #[default]
    None,
    /// EKS IAM roles for service accounts: the role's ARN on the account.
    EksIrsa,
    /// EKS Pod Identity: an association of the account with the role (no annotation).
    EksPodIdentity,
    /// GKE Workload Identity: a Google service account on the account.
    Gke,
    /// Azure (AKS) Workload Identity: a managed identity's client id on the account, and a
    /// label on the pods.
    Azure,
}

impl CloudProvider {
    /// Every provider, in the order the page and `--cloud-identity` list them.
    pub const ALL: [CloudProvider; 5] = [
        CloudProvider::None,
        CloudProvider::EksIrsa,
        CloudProvider::EksPodIdentity,
        CloudProvider::Gke,
        CloudProvider::Azure,
    ];

    /// The id in links and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            CloudProvider::None => "none",
            CloudProvider::EksIrsa => "eks-irsa",
            CloudProvider::EksPodIdentity => "eks-pod-identity",
            CloudProvider::Gke => "gke",
            CloudProvider::Azure => "azure",
        }
    }

    /// The provider an id names.
    pub fn from_id(id: &str) -> Option<CloudProvider> {
        CloudProvider::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            CloudProvider::None => "None",
            CloudProvider::EksIrsa => "EKS: IAM roles for service accounts (IRSA)",
            CloudProvider::EksPodIdentity => "EKS Pod Identity",
            CloudProvider::Gke => "GKE Workload Identity",
            CloudProvider::Azure => "Azure Workload Identity (AKS)",
        }
    }

    /// The SkyPilot config section whose `remote_identity: NO_UPLOAD` stops SkyPilot from
    /// copying the laptop's keys for that cloud into the pods (which would win over the
    /// pod's identity).
    pub fn sky_cloud(self) -> Option<&'static str> {
        match self {
            CloudProvider::None => None,
            CloudProvider::EksIrsa | CloudProvider::EksPodIdentity => Some("aws"),
            CloudProvider::Gke => Some("gcp"),
            CloudProvider::Azure => Some("azure"),
        }
    }

    /// The documentation pages for it: the cloud's own, and SkyPilot's where it has one.
    pub fn docs(self) -> &'static [(&'static str, &'static str)] {
        match self {
            CloudProvider::None => &[],
            CloudProvider::EksIrsa => &[
                ("SkyPilot: IAM roles for S3 on EKS", SKYPILOT_EKS_DOCS),
                (
                    "AWS: IAM roles for service accounts",
                    "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
                ),
            ],
            CloudProvider::EksPodIdentity => &[
                ("SkyPilot: IAM roles for S3 on EKS", SKYPILOT_EKS_DOCS),
                (
                    "AWS: EKS Pod Identity",
                    "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
                ),
            ],
            CloudProvider::Gke => &[
                ("SkyPilot: remote_identity", SKYPILOT_IDENTITY_DOCS),
                (
                    "Google Cloud: Workload Identity Federation for GKE",
                    "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
                ),
            ],
            CloudProvider::Azure => &[
                ("SkyPilot: remote_identity", SKYPILOT_IDENTITY_DOCS),
                (
                    "Azure: Workload ID on AKS",
                    "https://learn.microsoft.com/azure/aks/workload-identity-deploy-cluster",
                ),
            ],
        }
    }
}

/// SkyPilot's guide to IAM roles on EKS (`cloud-setup/cloud-permissions/aws-eks-iam-roles`).
pub const SKYPILOT_EKS_DOCS: &str =
    "https://docs.skypilot.co/en/latest/cloud-setup/cloud-permissions/aws-eks-iam-roles.html";
/// SkyPilot's reference of `kubernetes.remote_identity` (NO_UPLOAD, a custom account).
pub const SKYPILOT_IDENTITY_DOCS: &str =
    "https://docs.skypilot.co/en/latest/reference/config.html#config-yaml-kubernetes-remote-identity";

/// The cloud identity of a setup: the provider and each provider's values. The values are
/// kept while another provider is chosen (the page keeps what was typed); only the chosen
/// provider's are read, validated and written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct CloudIdentity {
    pub provider: CloudProvider,
    /// The IAM role's ARN (IRSA and Pod Identity).
    pub role_arn: String,
    /// The EKS cluster's name (Pod Identity's association; optional with IRSA, where it
    /// fills in the OIDC issuer command).
    pub eks_cluster: String,
    /// The Google service account's email (GKE).
    pub gcp_service_account: String,
    /// The managed identity's (or app's) client id (Azure).
    pub azure_client_id: String,
    /// The Microsoft Entra tenant id (Azure, optional: the webhook's default otherwise).
    pub azure_tenant_id: String,
}

/// One value of a cloud identity, for the field an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CloudField {
    /// The provider itself (it does not fit the auth method or the release).
    Provider,
    RoleArn,
    EksCluster,
    GcpServiceAccount,
    AzureClientId,
    AzureTenantId,
}

impl CloudField {
    /// Every field, in the order the page shows them.
    pub const ALL: [CloudField; 6] = [
        CloudField::Provider,
        CloudField::RoleArn,
        CloudField::EksCluster,
        CloudField::GcpServiceAccount,
        CloudField::AzureClientId,
        CloudField::AzureTenantId,
    ];

    /// The stable id (CLI messages, the page's control ids).
    pub fn id(self) -> &'static str {
        match self {
            CloudField::Provider => "cloud_identity",
            CloudField::RoleArn => "role_arn",
            CloudField::EksCluster => "eks_cluster",
            CloudField::GcpServiceAccount => "gcp_service_account",
            CloudField::AzureClientId => "azure_client_id",
            CloudField::AzureTenantId => "azure_tenant_id",
        }
    }

    /// Its label on the page.
    pub fn label(self) -> &'static str {
        match self {
            CloudField::Provider => "Cloud identity",
            CloudField::RoleArn => "IAM role ARN",
            CloudField::EksCluster => "EKS cluster name",
            CloudField::GcpServiceAccount => "Google service account",
            CloudField::AzureClientId => "Azure client id",
            CloudField::AzureTenantId => "Azure tenant id",
        }
    }
}

impl CloudIdentity {
    /// Whether a provider is chosen.
    pub fn is_set(&self) -> bool {
        self.provider != CloudProvider::None
    }

    /// Every problem of the chosen provider's values: (field, message).
    pub fn problems(&self) -> Vec<(CloudField, String)> {
        let mut out = Vec::new();
        let mut check = |field, problem: Option<String>| {
            if let Some(message) = problem {
                out.push((field, message));
            }
        };
        match self.provider {
            CloudProvider::None => {}
            CloudProvider::EksIrsa => {
                check(CloudField::RoleArn, role_arn_problem(&self.role_arn));
                if !self.eks_cluster.is_empty() {
                    check(
                        CloudField::EksCluster,
                        eks_cluster_problem(&self.eks_cluster),
                    );
                }
            }
            CloudProvider::EksPodIdentity => {
                check(CloudField::RoleArn, role_arn_problem(&self.role_arn));
                check(
                    CloudField::EksCluster,
                    eks_cluster_problem(&self.eks_cluster),
                );
            }
            CloudProvider::Gke => check(
                CloudField::GcpServiceAccount,
                gcp_service_account_problem(&self.gcp_service_account),
            ),
            CloudProvider::Azure => {
                check(
                    CloudField::AzureClientId,
                    uuid_problem("Azure client id", &self.azure_client_id, false),
                );
                check(
                    CloudField::AzureTenantId,
                    uuid_problem("Azure tenant id", &self.azure_tenant_id, true),
                );
            }
        }
        out
    }

    /// The annotations the pods' service account carries (none for Pod Identity, which
    /// associates the account from the AWS side).
    pub fn annotations(&self) -> Vec<(&'static str, String)> {
        match self.provider {
            CloudProvider::None | CloudProvider::EksPodIdentity => Vec::new(),
            CloudProvider::EksIrsa => vec![(IRSA_ANNOTATION, self.role_arn.clone())],
            CloudProvider::Gke => vec![(GKE_ANNOTATION, self.gcp_service_account.clone())],
            CloudProvider::Azure => {
                let mut out = vec![(AZURE_CLIENT_ANNOTATION, self.azure_client_id.clone())];
                if !self.azure_tenant_id.is_empty() {
                    out.push((AZURE_TENANT_ANNOTATION, self.azure_tenant_id.clone()));
                }
                out
            }
        }
    }

    /// The labels every SkyPilot pod needs (`kubernetes.pod_config.metadata.labels`).
    pub fn pod_labels(&self) -> Vec<(&'static str, &'static str)> {
        match self.provider {
            CloudProvider::Azure => vec![(AZURE_POD_LABEL, "true")],
            _ => Vec::new(),
        }
    }

    /// The Google Cloud project of the service account (`NAME@PROJECT.iam...`).
    pub fn gcp_project(&self) -> Option<&str> {
        self.gcp_service_account
            .split_once('@')
            .and_then(|(_, domain)| domain.strip_suffix(GSA_DOMAIN))
    }

    /// The GKE cluster's workload identity pool, `PROJECT.svc.id.goog`.
    pub fn workload_pool(&self) -> Option<String> {
        self.gcp_project()
            .map(|project| format!("{project}.svc.id.goog"))
    }
}

/// The domain of a user-managed Google service account's email, after the project id.
pub const GSA_DOMAIN: &str = ".iam.gserviceaccount.com";

/// AWS partitions that have EKS and IAM roles in this form.
const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];

/// Why `arn` is not an IAM role ARN (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`), if it is not.
pub fn role_arn_problem(arn: &str) -> Option<String> {
    let shown = super::validate::printable(arn);
    let example = "e.g. `arn:aws:iam::123456789012:role/skypilot-s3`";
    if arn.trim().is_empty() {
        return Some(format!(
            "IAM role ARN is empty: enter the role's ARN (`aws iam get-role --role-name NAME \
             --query Role.Arn`), {example}."
        ));
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return Some(format!(
            "IAM role ARN `{shown}` is not an ARN: it reads \
             arn:PARTITION:iam::ACCOUNT_ID:role/NAME, {example}."
        ));
    };
    if prefix != "arn" {
        return Some(format!(
            "IAM role ARN `{shown}` does not start with `arn:`: {example}."
        ));
    }
    if !PARTITIONS.contains(&partition) {
        return Some(format!(
            "IAM role ARN `{shown}` has partition `{}`: EKS uses `aws`, `aws-cn` (China) or \
             `aws-us-gov` (GovCloud).",
            super::validate::printable(partition)
        ));
    }
    if service == "sts" && resource.starts_with("assumed-role/") {
        return Some(format!(
            "`{shown}` is an assumed-role session (STS), not the role: use the role's own ARN, \
             arn:{partition}:iam::{account}:role/NAME."
        ));
    }
    if service != "iam" {
        return Some(format!(
            "IAM role ARN `{shown}` is for service `{}`, not `iam`: {example}.",
            super::validate::printable(service)
        ));
    }
    if !region.is_empty() {
        return Some(format!(
            "IAM role ARN `{shown}` names a region: IAM is global, so the field is empty \
             (`iam::ACCOUNT_ID`)."
        ));
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!(
            "IAM role ARN `{shown}`: the account id `{}` is not 12 digits (`aws sts \
             get-caller-identity --query Account`; keep any leading zeros).",
            super::validate::printable(account)
        ));
    }
    let Some(path_and_name) = resource.strip_prefix("role/") else {
        let kind = resource.split('/').next().unwrap_or_default();
        return Some(format!(
            "`{shown}` is not a role's ARN (it names a `{}`): pods assume roles, so use \
             arn:{partition}:iam::{account}:role/NAME.",
            super::validate::printable(kind)
        ));
    };
    let (path, name) = match path_and_name.rfind('/') {
        Some(index) => (&path_and_name[..=index], &path_and_name[index + 1..]),
        None => ("", path_and_name),
    };
    if !path.is_empty() && (path.len() > 511 || !path.bytes().all(|b| (0x21..=0x7e).contains(&b))) {
        return Some(format!(
            "IAM role ARN `{shown}`: the role's path must be printable characters between \
             slashes, at most 512 of them."
        ));
    }
    let name_ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if !name_ok {
        return Some(format!(
            "IAM role ARN `{shown}`: the role name `{}` must be 1 to 64 letters, digits or \
             `+=,.@_-`.",
            super::validate::printable(name)
        ));
    }
    None
}

/// Why `name` is not an EKS cluster name (1–100 letters, digits, `-` or `_`, starting with a
/// letter or digit), if it is not.
pub fn eks_cluster_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some(
            "EKS cluster name is empty: Pod Identity associates the account in one cluster; \
             enter its name (`aws eks list-clusters`)."
                .into(),
        );
    }
    let ok = name.len() <= 100
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (!ok).then(|| {
        format!(
            "EKS cluster name `{}` is not valid: up to 100 letters, digits, `-` or `_`, \
             starting with a letter or digit.",
            super::validate::printable(name)
        )
    })
}

/// True for a Google service-account name or project id: 6–30 lowercase letters, digits or
/// `-`, starting with a letter and not ending with `-`.
fn is_gcp_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    (6..=30).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Why `email` is not a user-managed Google service account (`NAME@PROJECT.iam.gserviceaccount.com`),
/// if it is not. The default compute account (`N-compute@developer.gserviceaccount.com`) and
/// App Engine's (`PROJECT@appspot.gserviceaccount.com`) are refused: their project is not in the
/// email (the pool is `PROJECT.svc.id.goog`), and both hold Editor by default, far more than
/// pods reaching a bucket need.
pub fn gcp_service_account_problem(email: &str) -> Option<String> {
    let shown = super::validate::printable(email);
    let example = "e.g. `skypilot-pods@my-project.iam.gserviceaccount.com`";
    if email.trim().is_empty() {
        return Some(format!(
            "Google service account is empty: enter its email (`gcloud iam service-accounts \
             list`), {example}."
        ));
    }
    if email != email.to_ascii_lowercase() {
        return Some(format!(
            "Google service account `{shown}` has upper-case letters: service account emails \
             are lower case, write `{}`.",
            super::validate::printable(&email.to_ascii_lowercase())
        ));
    }
    let Some((name, domain)) = email.split_once('@') else {
        return Some(format!(
            "Google service account `{shown}` is not an email: {example}."
        ));
    };
    if domain == "developer.gserviceaccount.com" || domain == "appspot.gserviceaccount.com" {
        return Some(format!(
            "`{shown}` is a default service account (Compute Engine's or App Engine's): it \
             holds Editor on the project by default, and its email does not name the project \
             the workload pool needs. Create one for the pods: `gcloud iam service-accounts \
             create skypilot-pods`, {example}."
        ));
    }
    let Some(project) = domain.strip_suffix(GSA_DOMAIN) else {
        return Some(format!(
            "Google service account `{shown}` does not end in `@PROJECT{GSA_DOMAIN}`: \
             {example}."
        ));
    };
    if !is_gcp_id(name) {
        return Some(format!(
            "Google service account `{shown}`: the name `{}` must be 6 to 30 lower-case \
             letters, digits or `-`, starting with a letter and not ending with `-`.",
            super::validate::printable(name)
        ));
    }
    if !is_gcp_id(project) {
        return Some(format!(
            "Google service account `{shown}`: the project id `{}` must be 6 to 30 lower-case \
             letters, digits or `-`, starting with a letter and not ending with `-` (a \
             domain-scoped project, `example.com:proj`, has no workload pool skyauth can \
             name).",
            super::validate::printable(project)
        ));
    }
    None
}

/// True for a UUID written 8-4-4-4-12 in hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Why `value` is not a UUID (`what` names it), if it is not; empty is fine when `optional`.
pub fn uuid_problem(what: &str, value: &str, optional: bool) -> Option<String> {
    if value.is_empty() {
        return (!optional).then(|| {
            format!(
                "{what} is empty: enter the managed identity's client id (`az identity show \
                 --name NAME --resource-group GROUP --query clientId -o tsv`)."
            )
        });
    }
    (!is_uuid(value)).then(|| {
        format!(
            "{what} `{}` is not a UUID: 32 hexadecimal digits as 8-4-4-4-12, e.g. \
             `00000000-1111-2222-3333-444444444444`.",
            super::validate::printable(value)
        )
    })
}

#[cfg(test)]
mod tests;
