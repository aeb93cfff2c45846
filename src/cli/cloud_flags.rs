//! The pods' cloud identity as flags (`skyauth rbac`, `config`, `helm`): `--cloud-identity
//! KIND` and the values that kind reads. A value the kind does not read is refused (exit 2)
//! rather than ignored; the values' formats are checked by the core's validation.

use skyauth::setup::{CloudField, CloudIdentity, CloudProvider, Field, SetupError};

/// The cloud identity flags.
#[derive(clap::Args, Clone, Debug, Default)]
#[command(next_help_heading = "Cloud identity (pods reach buckets without keys)")]
pub struct CloudFlags {
    /// Bind the pods' service account to a cloud role: `eks-irsa` (needs --role-arn),
    /// `eks-pod-identity` (--role-arn, --eks-cluster), `gke` (--gcp-service-account), `azure`
    /// (--azure-client-id, optional --azure-tenant-id). The account: the custom one, or
    /// SkyPilot's own `skypilot-service-account` in the keyword modes.
    #[arg(long, value_name = "KIND", value_parser = ["eks-irsa", "eks-pod-identity", "gke", "azure"])]
    cloud_identity: Option<String>,
    /// The IAM role's ARN, arn:aws:iam::ACCOUNT_ID:role/NAME (EKS).
    #[arg(long, value_name = "ARN", allow_hyphen_values = true)]
    role_arn: Option<String>,
    /// The EKS cluster's name (Pod Identity's association; with IRSA it fills in the OIDC
    /// commands of the next steps).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    eks_cluster: Option<String>,
    /// The Google service account's email, NAME@PROJECT.iam.gserviceaccount.com (GKE).
    #[arg(long, value_name = "EMAIL", allow_hyphen_values = true)]
    gcp_service_account: Option<String>,
    /// The managed identity's client id, a UUID (Azure).
    #[arg(long, value_name = "UUID", allow_hyphen_values = true)]
    azure_client_id: Option<String>,
    /// The Microsoft Entra tenant id, a UUID (Azure; optional).
    #[arg(long, value_name = "UUID", allow_hyphen_values = true)]
    azure_tenant_id: Option<String>,
}

impl CloudFlags {
    /// The cloud identity the flags give, or why they do not fit together.
    pub fn identity(&self) -> Result<CloudIdentity, SetupError> {
        let provider = self
            .cloud_identity
            .as_deref()
            .and_then(CloudProvider::from_id)
            .unwrap_or_default();
        let values = [
            (CloudField::RoleArn, "--role-arn", &self.role_arn),
            (CloudField::EksCluster, "--eks-cluster", &self.eks_cluster),
            (
                CloudField::GcpServiceAccount,
                "--gcp-service-account",
                &self.gcp_service_account,
            ),
            (
                CloudField::AzureClientId,
                "--azure-client-id",
                &self.azure_client_id,
            ),
            (
                CloudField::AzureTenantId,
                "--azure-tenant-id",
                &self.azure_tenant_id,
            ),
        ];
        let mut identity = CloudIdentity {
            provider,
            ..CloudIdentity::default()
        };
        for (field, flag, value) in values {
            let Some(value) = value else { continue };
            let kinds = kinds_reading(field);
            if !kinds.contains(&provider) {
                let names: Vec<&str> = kinds.iter().map(|kind| kind.id()).collect();
                return Err(SetupError {
                    field: Field::Cloud(field),
                    message: format!(
                        "{flag} is for --cloud-identity {}: add that, or drop the flag.",
                        names.join(" or ")
                    ),
                });
            }
            let slot = match field {
                CloudField::RoleArn => &mut identity.role_arn,
                CloudField::EksCluster => &mut identity.eks_cluster,
                CloudField::GcpServiceAccount => &mut identity.gcp_service_account,
                CloudField::AzureClientId => &mut identity.azure_client_id,
                CloudField::AzureTenantId => &mut identity.azure_tenant_id,
                CloudField::Provider => continue,
            };
            *slot = value.clone();
        }
        Ok(identity)
    }
}

/// The kinds that read `field`.
fn kinds_reading(field: CloudField) -> &'static [CloudProvider] {
    match field {
        CloudField::RoleArn | CloudField::EksCluster => {
            &[CloudProvider::EksIrsa, CloudProvider::EksPodIdentity]
        }
        CloudField::GcpServiceAccount => &[CloudProvider::Gke],
        CloudField::AzureClientId | CloudField::AzureTenantId => &[CloudProvider::Azure],
        CloudField::Provider => &[],
    }
}
