//! The next steps of a cloud identity: what the cloud side needs so the pods' account may
//! take the role (the IRSA trust policy, the Pod Identity association, GKE's IAM binding,
//! Azure's federated credential), each command with every user value shell-quoted, and the
//! restart existing pods need. Kept apart from `next_steps.rs`: the text is long and the page
//! asks for it only with a cloud identity.

use super::next_steps::NextStep;
use super::shell::quote;
use crate::setup::cloud_identity::{CloudIdentity, CloudProvider};
use crate::setup::Setup;

fn step(text: String, command: Option<String>) -> NextStep {
    NextStep { text, command }
}

/// The steps for `setup`'s cloud identity (none without one).
pub fn cloud_steps(setup: &Setup) -> Vec<NextStep> {
    let accounts = setup.cloud_identity_accounts();
    let Some((namespace, account)) = accounts.first() else {
        return Vec::new();
    };
    let identity = &setup.cloud_identity;
    let controllers = match accounts.get(1) {
        Some((namespace, controller)) => format!(
            ", and on `{namespace}/{controller}`, which this nightly's controllers (managed jobs, \
             serve) run as"
        ),
        None => String::new(),
    };
    let mut steps = vec![step(
        format!(
            "The cloud identity ({}) goes on service account `{namespace}/{account}`{controllers}{}.",
            identity.provider.label(),
            if identity.annotations().is_empty() {
                ""
            } else {
                " (the manifest's annotations)"
            }
        ),
        None,
    )];
    if setup.writes_own_account() {
        let pairs: Vec<String> = identity
            .annotations()
            .iter()
            .map(|(key, value)| quote(&format!("{key}={value}")))
            .collect();
        let commands = per_account(&accounts, &|namespace, account| {
            let ns = quote(namespace);
            format!(
                "kubectl create serviceaccount {account} -n {ns} --dry-run=client -o yaml | kubectl apply -f -\n\
                 kubectl annotate serviceaccount {account} -n {ns} --overwrite {}",
                pairs.join(" ")
            )
        });
        steps.push(step(
            "Without the manifest (as `skyauth config` prints no RBAC): make SkyPilot's own \
             account and annotate it, before the first launch or after it (SkyPilot keeps the \
             account it finds and never rewrites it)."
                .into(),
            Some(commands),
        ));
    }
    steps.extend(match identity.provider {
        CloudProvider::None => return Vec::new(),
        CloudProvider::EksIrsa => irsa(identity, &accounts),
        CloudProvider::EksPodIdentity => pod_identity(identity, &accounts),
        CloudProvider::Gke => gke(identity, &accounts),
        CloudProvider::Azure => azure(identity, &accounts),
    });
    if let Some(cloud) = identity.provider.sky_cloud() {
        steps.push(step(
            format!(
                "The config sets `{cloud}.remote_identity: NO_UPLOAD`: SkyPilot then copies no \
                 {cloud} keys from this machine into pods (they would win over the pods' \
                 identity). It also applies to any {cloud} VMs SkyPilot launches."
            ),
            None,
        ));
    }
    steps.push(step(
        "Pods get the identity when they start: take down and relaunch SkyPilot clusters that \
         already run (`sky down NAME`, then `sky launch`)."
            .into(),
        None,
    ));
    steps
}

/// What the cloud identity does not reach (one cloud identity per setup, on one account):
/// pods that run as another account or in another namespace. Names no account, context or
/// team, so it reads only the choice.
pub fn cloud_notes(setup: &Setup) -> Vec<String> {
    if setup.cloud_identity_account().is_none() {
        return Vec::new();
    }
    vec![format!(
        "The cloud identity ({}) is on one account, the one in the next steps: contexts and \
         teams whose pods run as another account or in another namespace (per-context \
         settings, a team's own) do not get it. Annotate those accounts yourself (one cloud \
         identity per setup).",
        setup.cloud_identity.provider.label()
    )]
}

/// The EKS cluster's name as a shell word: the value given, else `"$EKS_CLUSTER"`.
fn eks_cluster(identity: &CloudIdentity) -> String {
    if identity.eks_cluster.is_empty() {
        "\"$EKS_CLUSTER\"".to_owned()
    } else {
        quote(&identity.eks_cluster)
    }
}

/// The role ARN's partition, account id and role name (the ARN is valid).
fn arn_parts(arn: &str) -> (&str, &str, &str) {
    let mut parts = arn.splitn(6, ':');
    let partition = parts.nth(1).unwrap_or_default();
    let account = parts.nth(2).unwrap_or_default();
    let name = arn.rsplit('/').next().unwrap_or_default();
    (partition, account, name)
}

/// One line per account, `line(namespace, name)`, joined by newlines (`dyn`: one copy of the
/// loop on the page for every command).
fn per_account(accounts: &[(String, String)], line: &dyn Fn(&str, &str) -> String) -> String {
    let mut out = String::new();
    for (namespace, account) in accounts {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line(namespace, account));
    }
    out
}

/// Kubernetes' name for an account's tokens: `system:serviceaccount:NS:NAME`.
fn subject(namespace: &str, account: &str) -> String {
    format!("system:serviceaccount:{namespace}:{account}")
}

/// Accounts named in prose: `` `a` `` or `` `a` and `b` ``.
fn listed(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

fn irsa(identity: &CloudIdentity, accounts: &[(String, String)]) -> Vec<NextStep> {
    let subjects: Vec<String> = accounts.iter().map(|(n, a)| subject(n, a)).collect();
    // One account: a string; more: a list, which StringEquals matches any of.
    let sub = match subjects.as_slice() {
        [one] => format!("\"{one}\""),
        many => format!(
            "[{}]",
            many.iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let subject = listed(&subjects);
    let cluster = eks_cluster(identity);
    let (partition, account_id, role) = arn_parts(&identity.role_arn);
    let set_cluster = if identity.eks_cluster.is_empty() {
        " Set EKS_CLUSTER to the cluster's name first."
    } else {
        ""
    };
    vec![
        step(
            format!(
                "IRSA needs the cluster's OIDC issuer registered in IAM, once per cluster.{set_cluster}"
            ),
            Some(format!(
                "eksctl utils associate-iam-oidc-provider --cluster {cluster} --approve"
            )),
        ),
        step(
            format!(
                "Let the account assume the role: a trust policy with the OIDC provider as \
                 principal and `sub` = {subject}. This replaces the role's trust policy: \
                 merge it by hand if the role trusts others too."
            ),
            Some(format!(
                "OIDC=$(aws eks describe-cluster --name {cluster} --query cluster.identity.oidc.issuer --output text | sed 's|^https://||')\n\
                 cat > trust.json <<EOF\n\
                 {{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\",\n  \
                 \"Principal\": {{\"Federated\": \"arn:{partition}:iam::{account_id}:oidc-provider/${{OIDC}}\"}},\n  \
                 \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n  \
                 \"Condition\": {{\"StringEquals\": {{\"${{OIDC}}:sub\": {sub}, \"${{OIDC}}:aud\": \"sts.amazonaws.com\"}}}}}}]}}\n\
                 EOF\n\
                 aws iam update-assume-role-policy --role-name {} --policy-document file://trust.json",
                quote(role)
            )),
        ),
    ]
}

fn pod_identity(identity: &CloudIdentity, accounts: &[(String, String)]) -> Vec<NextStep> {
    let cluster = eks_cluster(identity);
    let (_, _, role) = arn_parts(&identity.role_arn);
    vec![
        step(
            "Pod Identity needs the EKS Pod Identity Agent add-on (skip this if `aws eks \
             list-addons` lists `eks-pod-identity-agent`)."
                .into(),
            Some(format!(
                "aws eks create-addon --cluster-name {cluster} --addon-name eks-pod-identity-agent"
            )),
        ),
        step(
            "Let EKS Pod Identity assume the role: its trust policy names the service \
             `pods.eks.amazonaws.com` (this replaces the role's trust policy: merge it by hand \
             if the role trusts others too)."
                .into(),
            Some(format!(
                "cat > trust.json <<'EOF'\n\
                 {{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\",\n  \
                 \"Principal\": {{\"Service\": \"pods.eks.amazonaws.com\"}},\n  \
                 \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]}}]}}\n\
                 EOF\n\
                 aws iam update-assume-role-policy --role-name {} --policy-document file://trust.json",
                quote(role)
            )),
        ),
        step(
            "Associate the account with the role (no annotation: the agent hands pods of this \
             account the role's credentials)."
                .into(),
            Some(per_account(accounts, &|namespace, account| {
                format!(
                    "aws eks create-pod-identity-association --cluster-name {cluster} --namespace {} --service-account {} --role-arn {}",
                    quote(namespace),
                    quote(account),
                    quote(&identity.role_arn)
                )
            })),
        ),
    ]
}

fn gke(identity: &CloudIdentity, accounts: &[(String, String)]) -> Vec<NextStep> {
    let gsa = &identity.gcp_service_account;
    let pool = identity.workload_pool().unwrap_or_default();
    vec![
        step(
            format!(
                "Workload Identity must be on for the cluster (Autopilot has it) and its node \
                 pools; the pool is `{pool}`. Set GKE_CLUSTER, LOCATION and NODE_POOL first."
            ),
            Some(format!(
                "gcloud container clusters update \"$GKE_CLUSTER\" --location \"$LOCATION\" --workload-pool={}\n\
                 gcloud container node-pools update \"$NODE_POOL\" --cluster \"$GKE_CLUSTER\" --location \"$LOCATION\" --workload-metadata=GKE_METADATA",
                quote(&pool)
            )),
        ),
        step(
            "Let the Kubernetes account act as the Google service account.".into(),
            Some(per_account(accounts, &|namespace, account| {
                format!(
                    "gcloud iam service-accounts add-iam-policy-binding {} --role roles/iam.workloadIdentityUser --member {}",
                    quote(gsa),
                    quote(&format!("serviceAccount:{pool}[{namespace}/{account}]"))
                )
            })),
        ),
        step(
            "Give the Google service account the buckets it needs (set BUCKET first).".into(),
            Some(format!(
                "gcloud storage buckets add-iam-policy-binding \"gs://$BUCKET\" --member {} --role roles/storage.objectUser",
                quote(&format!("serviceAccount:{gsa}"))
            )),
        ),
    ]
}

fn azure(identity: &CloudIdentity, accounts: &[(String, String)]) -> Vec<NextStep> {
    // A federated credential's name: letters, digits, `-` and `_`.
    let name = |namespace: &str, account: &str| -> String {
        format!("skypilot-{namespace}-{account}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .take(120)
            .collect()
    };
    let credentials = per_account(accounts, &|namespace, account| {
        format!(
            "az identity federated-credential create --name {} --identity-name \"$IDENTITY_NAME\" --resource-group \"$RESOURCE_GROUP\" --issuer \"$AKS_OIDC_ISSUER\" --subject {} --audience api://AzureADTokenExchange",
            quote(&name(namespace, account)),
            quote(&subject(namespace, account))
        )
    });
    let subjects: Vec<String> = accounts.iter().map(|(n, a)| subject(n, a)).collect();
    let subject = listed(&subjects);
    vec![
        step(
            format!(
                "The AKS cluster needs its OIDC issuer and workload identity on. Set \
                 RESOURCE_GROUP, AKS_CLUSTER and IDENTITY_NAME first: the managed identity with \
                 client id `{}` (`az identity list --query \"[?clientId=='{}'].name\" -o tsv`).",
                identity.azure_client_id, identity.azure_client_id
            ),
            Some(
                "az aks update --resource-group \"$RESOURCE_GROUP\" --name \"$AKS_CLUSTER\" --enable-oidc-issuer --enable-workload-identity"
                    .into(),
            ),
        ),
        step(
            format!(
                "Trust the account's tokens: a federated credential on the managed identity \
                 for subject {subject}."
            ),
            Some(format!(
                "AKS_OIDC_ISSUER=$(az aks show --resource-group \"$RESOURCE_GROUP\" --name \"$AKS_CLUSTER\" --query oidcIssuerProfile.issuerUrl -o tsv)\n{}",
                credentials
            )),
        ),
        step(
            format!(
                "Pods need the label `{}: \"true\"` for the webhook to give them the token: the \
                 config sets it in `kubernetes.pod_config`; merge it into a `pod_config` you \
                 already have.",
                crate::setup::cloud_identity::AZURE_POD_LABEL
            ),
            None,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::AuthMethod;

    fn commands(setup: &Setup) -> String {
        cloud_steps(setup)
            .into_iter()
            .filter_map(|step| step.command)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn custom(identity: CloudIdentity) -> Setup {
        let mut setup = Setup {
            auth: AuthMethod::Custom,
            cloud_identity: identity,
            ..Setup::default()
        };
        setup.account.namespace = "ml".into();
        setup
    }

    #[test]
    fn pod_identity_associates_the_custom_account() {
        let setup = custom(CloudIdentity {
            provider: CloudProvider::EksPodIdentity,
            role_arn: "arn:aws:iam::123456789012:role/team/sky".into(),
            eks_cluster: "prod".into(),
            ..CloudIdentity::default()
        });
        let listed = commands(&setup);
        assert!(
            listed.contains(
                "aws eks create-pod-identity-association --cluster-name prod --namespace ml \
                 --service-account sky-sa --role-arn arn:aws:iam::123456789012:role/team/sky"
            ),
            "{listed}"
        );
        assert!(listed.contains("--role-name sky "), "{listed}");
    }

    #[test]
    fn irsa_trusts_the_accounts_subject() {
        let mut setup = custom(CloudIdentity {
            provider: CloudProvider::EksIrsa,
            role_arn: "arn:aws-cn:iam::123456789012:role/sky".into(),
            ..CloudIdentity::default()
        });
        setup.auth = AuthMethod::NoUpload;
        setup.launcher.namespace = "team-a".into();
        let listed = commands(&setup);
        assert!(
            listed.contains(
                "\"${OIDC}:sub\": \"system:serviceaccount:team-a:skypilot-service-account\""
            ),
            "{listed}"
        );
        assert!(listed.contains("arn:aws-cn:iam::123456789012:oidc-provider/${OIDC}"));
        assert!(listed.contains("--cluster \"$EKS_CLUSTER\""), "{listed}");
    }

    #[test]
    fn gke_binds_the_workload_pool_member() {
        let setup = custom(CloudIdentity {
            provider: CloudProvider::Gke,
            gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
            ..CloudIdentity::default()
        });
        let listed = commands(&setup);
        assert!(
            listed.contains(
                "gcloud iam service-accounts add-iam-policy-binding \
                 skypilot-pods@my-project.iam.gserviceaccount.com --role \
                 roles/iam.workloadIdentityUser --member \
                 'serviceAccount:my-project.svc.id.goog[ml/sky-sa]'"
            ),
            "{listed}"
        );
        assert!(listed.contains("--workload-pool=my-project.svc.id.goog"));
    }

    #[test]
    fn azure_federates_the_subject() {
        let mut setup = custom(CloudIdentity {
            provider: CloudProvider::Azure,
            azure_client_id: "00000000-1111-2222-3333-444444444444".into(),
            ..CloudIdentity::default()
        });
        setup.account.name = "sky.pods".into();
        let listed = commands(&setup);
        assert!(
            listed.contains(
                "az identity federated-credential create --name skypilot-ml-sky-pods \
                 --identity-name \"$IDENTITY_NAME\" --resource-group \"$RESOURCE_GROUP\" \
                 --issuer \"$AKS_OIDC_ISSUER\" --subject system:serviceaccount:ml:sky.pods \
                 --audience api://AzureADTokenExchange"
            ),
            "{listed}"
        );
    }

    /// On a nightly in a keyword mode the controllers run as their own account: each cloud's
    /// side trusts it too; on a release, and for a custom account, only the pods' account.
    #[test]
    fn the_nightlys_controller_account_gets_the_identity_too() {
        use crate::release::SkyPilotVersion;
        let keyword = |provider, version| {
            let mut setup = custom(CloudIdentity {
                provider,
                role_arn: "arn:aws:iam::123456789012:role/sky".into(),
                gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
                azure_client_id: "00000000-1111-2222-3333-444444444444".into(),
                ..CloudIdentity::default()
            });
            setup.auth = AuthMethod::ServiceAccount;
            setup.launcher.namespace = "ml".into();
            setup.skypilot_version = version;
            setup
        };
        let irsa = commands(&keyword(CloudProvider::EksIrsa, SkyPilotVersion::NIGHTLY));
        assert!(
            irsa.contains(
                "\"${OIDC}:sub\": [\"system:serviceaccount:ml:skypilot-service-account\", \
                 \"system:serviceaccount:ml:skypilot-controller-service-account\"]"
            ),
            "{irsa}"
        );
        let per_account = [
            (
                CloudProvider::EksPodIdentity,
                "create-pod-identity-association",
            ),
            (CloudProvider::Gke, "roles/iam.workloadIdentityUser"),
            (CloudProvider::Azure, "federated-credential create"),
        ];
        for (provider, command) in per_account {
            let nightly = commands(&keyword(provider, SkyPilotVersion::NIGHTLY));
            assert_eq!(nightly.matches(command).count(), 2, "{nightly}");
            assert!(
                nightly.contains("skypilot-controller-service-account"),
                "{nightly}"
            );
            let release = commands(&keyword(provider, SkyPilotVersion::LATEST));
            assert_eq!(release.matches(command).count(), 1, "{release}");
            assert!(!release.contains("controller"), "{release}");
        }
        let mut own = custom(CloudIdentity {
            provider: CloudProvider::Gke,
            gcp_service_account: "skypilot-pods@my-project.iam.gserviceaccount.com".into(),
            ..CloudIdentity::default()
        });
        own.skypilot_version = SkyPilotVersion::NIGHTLY;
        assert!(!commands(&own).contains("controller"));
        let first = &cloud_steps(&keyword(CloudProvider::Gke, SkyPilotVersion::NIGHTLY))[0].text;
        assert!(
            first.contains(
                "`ml/skypilot-controller-service-account`, which this nightly's controllers"
            ),
            "{first}"
        );
    }

    #[test]
    fn no_identity_no_steps() {
        assert!(cloud_steps(&custom(CloudIdentity::default())).is_empty());
        let mut none = custom(CloudIdentity {
            provider: CloudProvider::Gke,
            ..CloudIdentity::default()
        });
        none.auth = AuthMethod::NoToken;
        assert!(cloud_steps(&none).is_empty());
    }
}
