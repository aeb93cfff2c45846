//! Recognising refusals in pasted text: the API server's RBAC message (`User "…" cannot VERB
//! resource "…" in API group "…" in the namespace "…"` or `at the cluster scope`, and the
//! older `cannot VERB pods in the namespace "…"`), wherever it appears: kubectl's
//! `Error from server (Forbidden): …`, a JSON `Status` body (its quotes escaped), the Python
//! client's `(403) Reason: Forbidden … HTTP response body: {…}` block, a SkyPilot log. Also
//! the 403s that are not RBAC: a missing service account, an admission webhook's denial, an
//! exceeded quota, Pod Security. Each refusal is read once, in the order first seen.
//!
//! The text is scanned, not parsed: every read is a search for a fixed marker followed by
//! bounded reads, so any input (up to [`super::MAX_INPUT_BYTES`]) is read in linear time and
//! nothing in it can make the scan panic.

use crate::audit::Subject;

/// The most refusals one explanation reads (the rest are counted, not explained).
pub const MAX_REFUSALS: usize = 100;

/// The longest quoted value read (a user name, a resource, a namespace).
const MAX_QUOTED: usize = 512;

/// The longest detail kept from a non-RBAC message.
const MAX_DETAIL: usize = 300;

/// One RBAC denial: who was refused what, where.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Denial {
    /// The user name as the API server printed it (`system:serviceaccount:ml:sky-sa`).
    pub user: String,
    /// That user as a subject a binding can name.
    pub subject: Subject,
    pub verb: String,
    /// The API group; `""` is the core group.
    pub group: String,
    /// The resource, without its subresource (`pods`).
    pub resource: String,
    /// The subresource (`exec` of `pods/exec`).
    pub subresource: Option<String>,
    /// The object the request named (`pods "x" is forbidden`), if any.
    pub name: Option<String>,
    /// The namespace of the request; `None` at the cluster scope.
    pub namespace: Option<String>,
}

impl Denial {
    /// The resource with its subresource, as RBAC rules write it: `pods/exec`.
    pub fn full_resource(&self) -> String {
        match &self.subresource {
            Some(sub) => format!("{}/{sub}", self.resource),
            None => self.resource.clone(),
        }
    }

    /// `group/resource` as kubectl writes it (the core group left out).
    pub fn resource_path(&self) -> String {
        if self.group.is_empty() {
            self.full_resource()
        } else {
            format!("{}/{}", self.group, self.full_resource())
        }
    }
}

/// What a refusal was: an RBAC denial, or a 403 that RBAC does not decide.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// RBAC refused a resource request.
    Rbac(Denial),
    /// RBAC refused a non-resource URL (`cannot get path "/metrics"`).
    Path {
        user: String,
        verb: String,
        path: String,
    },
    /// The pod names a service account that does not exist.
    MissingServiceAccount {
        namespace: Option<String>,
        name: String,
    },
    /// An admission webhook refused the request.
    Webhook { webhook: String, message: String },
    /// A ResourceQuota of the namespace is used up.
    Quota { quota: String, detail: String },
    /// The namespace's Pod Security level refuses the pod.
    PodSecurity { level: String, detail: String },
    /// RBAC's escalation check refused a Role, ClusterRole or binding: its creator does not
    /// hold every permission it grants (`is attempting to grant RBAC permissions not
    /// currently held`).
    Escalation {
        user: String,
        object: String,
        detail: String,
    },
    /// A 403 without the API server's message (the response body was cut off).
    BareForbidden,
}

/// The refusals read from `text`, each once, in the order first seen; and how many more
/// there were past [`MAX_REFUSALS`].
pub fn refusals(text: &str) -> (Vec<Refusal>, usize) {
    let text = unescape(text);
    let mut found: Vec<(usize, Refusal)> = Vec::new();
    scan_rbac(&text, &mut found);
    scan_missing_accounts(&text, &mut found);
    scan_simple(&text, "admission webhook \"", &mut found, |rest| {
        let (webhook, rest) = quoted(rest)?;
        let rest = rest.strip_prefix(" denied the request")?;
        let message = rest.strip_prefix(':').map(detail).unwrap_or_default();
        Some(Refusal::Webhook { webhook, message })
    });
    scan_simple(&text, "exceeded quota: ", &mut found, |rest| {
        let end = rest
            .find(|c: char| c == ',' || c == '"' || c.is_whitespace())
            .unwrap_or(rest.len());
        let quota = rest.get(..end)?.trim();
        if quota.is_empty() || quota.len() > MAX_QUOTED {
            return None;
        }
        let detail = detail(rest.get(end..)?.trim_start_matches([',', ' ']));
        Some(Refusal::Quota {
            quota: quota.to_owned(),
            detail,
        })
    });
    scan_simple(&text, "violates PodSecurity \"", &mut found, |rest| {
        let (level, rest) = quoted(rest)?;
        let detail = rest.strip_prefix(':').map(detail).unwrap_or_default();
        Some(Refusal::PodSecurity { level, detail })
    });
    scan_escalations(&text, &mut found);
    if found.is_empty() && is_bare_forbidden(&text) {
        found.push((0, Refusal::BareForbidden));
    }
    found.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Refusal> = Vec::new();
    let mut more = 0;
    for (_, refusal) in found {
        if out.contains(&refusal) {
            continue;
        }
        if out.len() < MAX_REFUSALS {
            out.push(refusal);
        } else {
            more += 1;
        }
    }
    (out, more)
}

/// The text with the escapes of JSON and of a Python repr undone where they matter: any run
/// of backslashes before a quote, and the two-character `\n`, become the character itself.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut run = 1;
        while chars.peek() == Some(&'\\') {
            chars.next();
            run += 1;
        }
        match chars.peek() {
            Some('"') => {}
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            _ => out.extend(std::iter::repeat_n('\\', run)),
        }
    }
    out
}

/// Reads `"value"` at the start of `text` (the opening quote already consumed): the value,
/// with the API server's HTML escapes of `&`, `<` and `>` undone, and the rest after the
/// closing quote.
fn quoted(text: &str) -> Option<(String, &str)> {
    let end = text.find(['"', '\n'])?;
    if end > MAX_QUOTED || !text[end..].starts_with('"') {
        return None;
    }
    let value = text[..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Some((value, &text[end + 1..]))
}

/// The rest of a message, up to the end of its line or of its JSON string, at most
/// [`MAX_DETAIL`] bytes (cut on a character boundary).
fn detail(text: &str) -> String {
    let end = ["\n", "\",\"", "\"}", "\r"]
        .iter()
        .filter_map(|stop| text.find(stop))
        .min()
        .unwrap_or(text.len());
    let mut line = text[..end].trim();
    if line.len() > MAX_DETAIL {
        let mut cut = MAX_DETAIL;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        line = &line[..cut];
    }
    line.trim_end_matches('"').trim().to_owned()
}

/// Every `marker` of `text`, read by `read` from the text after it.
fn scan_simple(
    text: &str,
    marker: &str,
    found: &mut Vec<(usize, Refusal)>,
    read: impl Fn(&str) -> Option<Refusal>,
) {
    for (at, _) in text.match_indices(marker) {
        if let Some(refusal) = read(&text[at + marker.len()..]) {
            found.push((at, refusal));
        }
    }
}

/// Every escalation refusal: `roles.rbac.authorization.k8s.io "NAME" is forbidden: user "WHO"
/// (groups=[…]) is attempting to grant RBAC permissions not currently held:` and the rules,
/// on the same line or the next.
fn scan_escalations(text: &str, found: &mut Vec<(usize, Refusal)>) {
    const MARKER: &str = "is attempting to grant RBAC permissions not currently held";
    for (at, _) in text.match_indices(MARKER) {
        let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let before = &text[line_start..at];
        let user = before
            .rfind("user \"")
            .or_else(|| before.rfind("User \""))
            .and_then(|start| quoted(&before[start + "user \"".len()..]))
            .map(|(user, _)| user)
            .unwrap_or_default();
        let object = before
            .find(" is forbidden")
            .map(|end| before[..end].trim())
            .and_then(|head| head.rsplit(": ").next())
            .map(|object| object.replace('"', ""))
            .unwrap_or_default();
        let rest = text[at + MARKER.len()..].trim_start_matches(':');
        let detail = detail(rest.trim_start_matches([' ', '\n', '\r']));
        found.push((
            at,
            Refusal::Escalation {
                user,
                object,
                detail,
            },
        ));
    }
}

/// Every RBAC message: `User "NAME" cannot VERB …`.
fn scan_rbac(text: &str, found: &mut Vec<(usize, Refusal)>) {
    const MARKER: &str = "User \"";
    for (at, _) in text.match_indices(MARKER) {
        let Some((user, rest)) = quoted(&text[at + MARKER.len()..]) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix(" cannot ") else {
            continue;
        };
        let verb_end = rest.find(' ').unwrap_or(rest.len());
        let verb = &rest[..verb_end];
        if verb.is_empty() || verb.len() > 64 || !verb.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let rest = &rest[verb_end..];
        let refusal = if let Some(path) = rest.strip_prefix(" path \"") {
            quoted(path).map(|(path, _)| Refusal::Path {
                user: user.clone(),
                verb: verb.to_owned(),
                path,
            })
        } else {
            resource_request(rest).map(|(group, resource, namespace)| {
                Refusal::Rbac(denial(
                    &user,
                    verb,
                    group,
                    resource,
                    namespace,
                    object_name(&text[..at]),
                ))
            })
        };
        if let Some(refusal) = refusal {
            found.push((at, refusal));
        }
    }
}

/// After the verb: ` resource "R" in API group "G"` and the place, or the older
/// ` R[.G] in the namespace …`; the group, the resource (with its subresource) and the
/// namespace (`None` at the cluster scope).
fn resource_request(rest: &str) -> Option<(String, String, Option<String>)> {
    let (group, resource, rest) = if let Some(rest) = rest.strip_prefix(" resource \"") {
        let (resource, rest) = quoted(rest)?;
        let (group, rest) = quoted(rest.strip_prefix(" in API group \"")?)?;
        (group, resource, rest)
    } else {
        // The older form (Kubernetes before 1.14): `cannot list pods in the namespace "x"`,
        // `cannot list clusterroles.rbac.authorization.k8s.io at the cluster scope`.
        let rest = rest.strip_prefix(' ')?;
        let end = rest.find(' ')?;
        let token = &rest[..end];
        let (name, sub) = match token.split_once('/') {
            Some((name, sub)) => (name, Some(sub)),
            None => (token, None),
        };
        let (resource, group) = name.split_once('.').unwrap_or((name, ""));
        let resource = match sub {
            Some(sub) => format!("{resource}/{sub}"),
            None => resource.to_owned(),
        };
        (group.to_owned(), resource, &rest[end..])
    };
    let valid = |s: &str| {
        s.len() <= 253
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._/*".contains(&b))
    };
    if resource.is_empty() || !valid(&resource) || !valid(&group) {
        return None;
    }
    if rest.starts_with(" at the cluster scope") {
        Some((group, resource, None))
    } else {
        let (namespace, _) = quoted(rest.strip_prefix(" in the namespace \"")?)?;
        Some((group, resource, Some(namespace)))
    }
}

/// The object named before `is forbidden: ` (`pods "x" is forbidden: User …`), if any.
fn object_name(before: &str) -> Option<String> {
    let before = before.strip_suffix("is forbidden: ")?.trim_end();
    let name = before.strip_suffix('"')?;
    let start = name.rfind('"')?;
    let name = &name[start + 1..];
    (!name.is_empty() && name.len() <= 253 && !name.contains(char::is_whitespace))
        .then(|| name.to_owned())
}

fn denial(
    user: &str,
    verb: &str,
    group: String,
    resource: String,
    namespace: Option<String>,
    name: Option<String>,
) -> Denial {
    let (resource, subresource) = match resource.split_once('/') {
        Some((resource, sub)) => (resource.to_owned(), Some(sub.to_owned())),
        None => (resource, None),
    };
    let subject = if user.starts_with("system:serviceaccount:") {
        Subject::service_account(user).unwrap_or_else(|_| Subject::User(user.to_owned()))
    } else {
        Subject::User(user.to_owned())
    };
    Denial {
        user: user.to_owned(),
        subject,
        verb: verb.to_owned(),
        group,
        resource,
        subresource,
        name,
        namespace,
    }
}

/// `error looking up service account NS/NAME: serviceaccount "NAME" not found`, or only its
/// second half.
fn scan_missing_accounts(text: &str, found: &mut Vec<(usize, Refusal)>) {
    const LOOKUP: &str = "error looking up service account ";
    let mut looked_up: Vec<usize> = Vec::new();
    for (at, _) in text.match_indices(LOOKUP) {
        let rest = &text[at + LOOKUP.len()..];
        let end = rest.find(':').unwrap_or(0);
        let Some((namespace, name)) = rest[..end].split_once('/') else {
            continue;
        };
        if namespace.is_empty() || name.is_empty() || end > MAX_QUOTED {
            continue;
        }
        looked_up.push(at + LOOKUP.len() + end);
        found.push((
            at,
            Refusal::MissingServiceAccount {
                namespace: Some(namespace.to_owned()),
                name: name.to_owned(),
            },
        ));
    }
    for marker in ["serviceaccount \"", "serviceaccounts \""] {
        for (at, _) in text.match_indices(marker) {
            // The second half of a lookup already read.
            if looked_up.iter().any(|&end| at > end && at - end <= 2) {
                continue;
            }
            let Some((name, rest)) = quoted(&text[at + marker.len()..]) else {
                continue;
            };
            if rest.starts_with(" not found") {
                found.push((
                    at,
                    Refusal::MissingServiceAccount {
                        namespace: None,
                        name,
                    },
                ));
            }
        }
    }
}

/// A 403 said without the API server's message: `(403)` with `Reason: Forbidden`, a JSON
/// `"code": 403` with reason Forbidden, or kubectl's `Error from server (Forbidden)`.
fn is_bare_forbidden(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (compact.contains("(403)") && compact.contains("Reason:Forbidden"))
        || (compact.contains("\"code\":403") && compact.contains("\"reason\":\"Forbidden\""))
        || compact.contains("Errorfromserver(Forbidden)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Refusal {
        let (refusals, more) = refusals(text);
        assert_eq!((refusals.len(), more), (1, 0), "{refusals:?}");
        refusals.into_iter().next().unwrap()
    }

    fn rbac(text: &str) -> Denial {
        match one(text) {
            Refusal::Rbac(denial) => denial,
            other => panic!("not a denial: {other:?}"),
        }
    }

    #[test]
    fn the_api_servers_message_names_who_what_and_where() {
        let d = rbac(
            r#"pods is forbidden: User "system:serviceaccount:ml:sky-sa" cannot list resource "pods" in API group "" at the cluster scope"#,
        );
        assert_eq!(
            d.subject,
            Subject::ServiceAccount {
                namespace: "ml".into(),
                name: "sky-sa".into()
            }
        );
        assert_eq!((d.verb.as_str(), d.group.as_str()), ("list", ""));
        assert_eq!((d.resource.as_str(), d.subresource), ("pods", None));
        assert_eq!((d.namespace, d.name), (None, None));
    }

    #[test]
    fn kubectls_form_with_a_group_and_a_namespace() {
        let d = rbac(
            r#"Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "ml""#,
        );
        assert_eq!(d.subject, Subject::User("alice".into()));
        assert_eq!(d.group, "rbac.authorization.k8s.io");
        assert_eq!(d.namespace.as_deref(), Some("ml"));
    }

    #[test]
    fn subresources_and_object_names() {
        let d = rbac(
            r#"pods "head-0" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "ml""#,
        );
        assert_eq!(d.resource, "pods");
        assert_eq!(d.subresource.as_deref(), Some("exec"));
        assert_eq!(d.name.as_deref(), Some("head-0"));
        assert_eq!(d.resource_path(), "pods/exec");
    }

    #[test]
    fn json_status_bodies_and_python_blocks() {
        let status = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" is forbidden: User \"system:serviceaccount:ml:sky-sa\" cannot get resource \"pods\" in API group \"\" in the namespace \"ml\"","reason":"Forbidden","details":{"name":"x","kind":"pods"},"code":403}"#;
        let d = rbac(status);
        assert_eq!((d.verb.as_str(), d.name.as_deref()), ("get", Some("x")));
        let python = format!(
            "kubernetes.client.exceptions.ApiException: (403)\nReason: Forbidden\nHTTP response headers: HTTPHeaderDict({{'Audit-Id': 'abc'}})\nHTTP response body: {status}\n"
        );
        assert_eq!(rbac(&python), d);
        // A Python repr of the same body escapes it twice.
        let repr = status.replace('"', "\\\"");
        assert_eq!(rbac(&repr), d);
    }

    #[test]
    fn several_errors_each_once_in_order() {
        let text = "User \"a\" cannot list resource \"nodes\" in API group \"\" at the cluster scope\n\
                    User \"a\" cannot get resource \"pods\" in API group \"\" in the namespace \"x\"\n\
                    User \"a\" cannot list resource \"nodes\" in API group \"\" at the cluster scope\n";
        let (found, _) = refusals(text);
        assert_eq!(found.len(), 2);
        assert!(matches!(&found[0], Refusal::Rbac(d) if d.resource == "nodes"));
    }

    #[test]
    fn the_older_message_form() {
        let d = rbac(
            r#"User "system:serviceaccount:default:default" cannot list deployments.apps in the namespace "default""#,
        );
        assert_eq!(
            (d.group.as_str(), d.resource.as_str()),
            ("apps", "deployments")
        );
        let p = one(r#"forbidden: User "x" cannot get path "/metrics""#);
        assert!(matches!(p, Refusal::Path { path, .. } if path == "/metrics"));
    }

    #[test]
    fn non_rbac_refusals() {
        assert_eq!(
            one(
                r#"pods "x" is forbidden: error looking up service account ml/sky-sa: serviceaccount "sky-sa" not found"#
            ),
            Refusal::MissingServiceAccount {
                namespace: Some("ml".into()),
                name: "sky-sa".into()
            }
        );
        assert!(matches!(
            one(r#"Error from server: admission webhook "validation.gatekeeper.sh" denied the request: [no-privileged] privileged containers are not allowed"#),
            Refusal::Webhook { webhook, message } if webhook == "validation.gatekeeper.sh" && message.starts_with("[no-privileged]")
        ));
        assert!(matches!(
            one(r#"pods "x" is forbidden: exceeded quota: compute, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4"#),
            Refusal::Quota { quota, detail } if quota == "compute" && detail.starts_with("requested:")
        ));
        assert!(matches!(
            one(r#"pods "x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "ray-node" must set securityContext.allowPrivilegeEscalation=false)"#),
            Refusal::PodSecurity { level, detail } if level == "restricted:latest" && detail.contains("ray-node")
        ));
        assert_eq!(
            one("(403)\nReason: Forbidden\nHTTP response headers: x"),
            Refusal::BareForbidden
        );
    }

    #[test]
    fn an_escalation_names_who_what_and_the_rules_not_held() {
        let text = "Error from server (Forbidden): error when creating \"create-sky-sa.yaml\": \
            clusterroles.rbac.authorization.k8s.io \"sky-sa.ml.cluster-role\" is forbidden: \
            user \"alice\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC \
            permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"nodes\"], \
            Verbs:[\"get\" \"list\"]}";
        match one(text) {
            Refusal::Escalation {
                user,
                object,
                detail,
            } => {
                assert_eq!(user, "alice");
                assert_eq!(
                    object,
                    "clusterroles.rbac.authorization.k8s.io sky-sa.ml.cluster-role"
                );
                assert!(detail.starts_with("{APIGroups:"), "{detail}");
            }
            other => panic!("not an escalation: {other:?}"),
        }
    }

    #[test]
    fn nothing_recognised() {
        assert_eq!(refusals("hello").0, Vec::new());
        assert_eq!(refusals("User \"x\" cannot").0, Vec::new());
        assert_eq!(refusals("User \"x\u{e9}").0, Vec::new());
    }
}
