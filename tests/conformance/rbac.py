"""RBAC authorization as kube-apiserver's RBAC authorizer decides it, written independently of
skyauth's Rust audit so that the two can disagree.

Owns: matching a request's attributes against Roles, ClusterRoles and their bindings
(`plugin/pkg/auth/authorizer/rbac/rbac.go`: `RuleAllows`, `appliesTo`), and the escalation
checks the API server makes when a Role, ClusterRole or binding is created or changed
(`pkg/registry/rbac/validation`: `ConfirmNoEscalation`, `Covers`, and the `escalate` / `bind`
verbs). Objects are plain dicts as the API serves them (JSON).
"""
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

CLUSTER_ADMIN = {
    "apiVersion": "rbac.authorization.k8s.io/v1",
    "kind": "ClusterRole",
    "metadata": {"name": "cluster-admin"},
    "rules": [
        {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
        {"nonResourceURLs": ["*"], "verbs": ["*"]},
    ],
}
MASTERS = "system:masters"


@dataclass(frozen=True)
class Request:
    """A request in authorization terms (kube's `authorizer.Attributes`)."""

    user: str
    groups: Tuple[str, ...]
    verb: str
    api_group: str = ""
    resource: str = ""
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    path: str = ""
    resource_request: bool = True

    def as_dict(self) -> dict:
        return {
            "user": self.user,
            "verb": self.verb,
            "apiGroup": self.api_group,
            "resource": self.resource,
            "subresource": self.subresource,
            "namespace": self.namespace,
            "name": self.name,
        }


def _has(values: Iterable[str], wanted: str) -> bool:
    values = list(values or [])
    return "*" in values or wanted in values


def rule_allows(rule: dict, req: Request) -> bool:
    """kube's `RuleAllows`: one PolicyRule against one request."""
    if not req.resource_request:
        urls = rule.get("nonResourceURLs") or []
        if not _has(rule.get("verbs"), req.verb):
            return False
        return any(
            url == "*" or url == req.path or (url.endswith("*") and req.path.startswith(url[:-1]))
            for url in urls
        )
    if not _has(rule.get("verbs"), req.verb):
        return False
    if not _has(rule.get("apiGroups"), req.api_group):
        return False
    combined = req.resource + ("/" + req.subresource if req.subresource else "")
    resources = rule.get("resources") or []
    resource_ok = False
    for res in resources:
        if res == "*" or res == combined:
            resource_ok = True
        elif req.subresource and res == "*/" + req.subresource:
            resource_ok = True
    if not resource_ok:
        return False
    names = rule.get("resourceNames") or []
    return not names or req.name in names


@dataclass
class Policy:
    """The RBAC objects of a cluster, as the authorizer reads them."""

    roles: Dict[Tuple[str, str], dict] = field(default_factory=dict)
    cluster_roles: Dict[str, dict] = field(default_factory=dict)
    role_bindings: Dict[Tuple[str, str], dict] = field(default_factory=dict)
    cluster_role_bindings: Dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        self.cluster_roles.setdefault("cluster-admin", CLUSTER_ADMIN)

    def copy(self) -> "Policy":
        return Policy(
            dict(self.roles),
            dict(self.cluster_roles),
            dict(self.role_bindings),
            dict(self.cluster_role_bindings),
        )

    def add(self, obj: dict) -> None:
        kind = obj.get("kind")
        meta = obj.get("metadata") or {}
        name, ns = meta.get("name", ""), meta.get("namespace", "")
        if kind == "Role":
            self.roles[(ns, name)] = obj
        elif kind == "ClusterRole":
            self.cluster_roles[name] = obj
        elif kind == "RoleBinding":
            self.role_bindings[(ns, name)] = obj
        elif kind == "ClusterRoleBinding":
            self.cluster_role_bindings[name] = obj

    def remove(self, kind: str, namespace: str, name: str) -> None:
        table = {
            "Role": (self.roles, (namespace, name)),
            "ClusterRole": (self.cluster_roles, name),
            "RoleBinding": (self.role_bindings, (namespace, name)),
            "ClusterRoleBinding": (self.cluster_role_bindings, name),
        }.get(kind)
        if table:
            table[0].pop(table[1], None)

    def _role_rules(self, ref: dict, namespace: str) -> List[dict]:
        kind, name = ref.get("kind"), ref.get("name")
        if kind == "ClusterRole":
            role = self.cluster_roles.get(name)
        elif kind == "Role":
            role = self.roles.get((namespace, name))
        else:
            role = None
        return list((role or {}).get("rules") or [])

    @staticmethod
    def _binds(binding: dict, req: Request, binding_namespace: str) -> bool:
        for subject in binding.get("subjects") or []:
            kind = subject.get("kind")
            if kind == "User" and subject.get("name") == req.user:
                return True
            if kind == "Group" and subject.get("name") in req.groups:
                return True
            if kind == "ServiceAccount":
                ns = subject.get("namespace") or binding_namespace
                if req.user == f"system:serviceaccount:{ns}:{subject.get('name')}":
                    return True
        return False

    def rules_for(self, req: Request, namespace: str) -> Iterable[dict]:
        """Every rule that applies to the requester in `namespace` ('' = cluster scope)."""
        for binding in self.cluster_role_bindings.values():
            if self._binds(binding, req, ""):
                yield from self._role_rules(binding.get("roleRef") or {}, "")
        if namespace:
            for (ns, _), binding in self.role_bindings.items():
                if ns == namespace and self._binds(binding, req, ns):
                    yield from self._role_rules(binding.get("roleRef") or {}, ns)

    def allows(self, req: Request) -> bool:
        if MASTERS in req.groups:
            return True
        return any(rule_allows(rule, req) for rule in self.rules_for(req, req.namespace))

    # --- escalation (kube's ConfirmNoEscalation and the bind check) ---

    def covers(self, req: Request, namespace: str, rules: List[dict]) -> Optional[dict]:
        """The first atom of `rules` the requester does not hold in `namespace`, or None."""
        if MASTERS in req.groups:
            return None
        owner = list(self.rules_for(req, namespace))
        for rule in rules:
            for atom in _atoms(rule):
                if not any(_rule_covers(o, atom) for o in owner):
                    return atom
        return None

    def escalation_denial(self, req: Request, obj: dict) -> Optional[str]:
        """Why creating or updating RBAC object `obj` is forbidden, or None when allowed."""
        kind = obj.get("kind")
        ns = (obj.get("metadata") or {}).get("namespace", "") or req.namespace
        if kind in ("Role", "ClusterRole"):
            scope_ns = ns if kind == "Role" else ""
            escalate = Request(req.user, req.groups, "escalate", "rbac.authorization.k8s.io",
                               "roles" if kind == "Role" else "clusterroles", "",
                               scope_ns, (obj.get("metadata") or {}).get("name", ""))
            if self.allows(escalate):
                return None
            missing = self.covers(req, scope_ns, list(obj.get("rules") or []))
            if missing:
                return f"attempting to grant RBAC permissions not currently held: {missing}"
            return None
        if kind in ("RoleBinding", "ClusterRoleBinding"):
            ref = obj.get("roleRef") or {}
            scope_ns = ns if kind == "RoleBinding" else ""
            bind = Request(req.user, req.groups, "bind", "rbac.authorization.k8s.io",
                           "roles" if ref.get("kind") == "Role" else "clusterroles", "",
                           scope_ns, ref.get("name", ""))
            if self.allows(bind):
                return None
            rules = self._role_rules(ref, scope_ns)
            if not rules and ref.get("kind") == "Role" and (scope_ns, ref.get("name")) not in self.roles:
                return f"role {ref.get('name')!r} not found"
            missing = self.covers(req, scope_ns, rules)
            if missing:
                return f"user cannot bind {ref.get('kind')} {ref.get('name')!r}: lacks {missing}"
            return None
        return None


def _atoms(rule: dict) -> Iterable[dict]:
    """kube's `BreakdownRule`: one verb, group, resource (and name) per atom."""
    if rule.get("nonResourceURLs"):
        for verb in rule.get("verbs") or []:
            for url in rule["nonResourceURLs"]:
                yield {"verbs": [verb], "nonResourceURLs": [url]}
        return
    names = rule.get("resourceNames") or [None]
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                for name in names:
                    atom = {"apiGroups": [group], "resources": [resource], "verbs": [verb]}
                    if name is not None:
                        atom["resourceNames"] = [name]
                    yield atom


def _rule_covers(owner: dict, atom: dict) -> bool:
    """kube's `ruleCovers`: a wildcard in the servant is covered only by a wildcard."""
    if atom.get("nonResourceURLs"):
        return bool(owner.get("nonResourceURLs")) and _has(owner.get("verbs"), atom["verbs"][0]) and any(
            u == "*" or u == atom["nonResourceURLs"][0]
            or (u.endswith("*") and atom["nonResourceURLs"][0].startswith(u[:-1]))
            for u in owner["nonResourceURLs"]
        )
    verb, group, resource = atom["verbs"][0], atom["apiGroups"][0], atom["resources"][0]
    if not _has(owner.get("verbs"), verb) or not _has(owner.get("apiGroups"), group):
        return False
    owned = owner.get("resources") or []
    ok = "*" in owned or resource in owned
    if not ok and "/" in resource:
        ok = "*/" + resource.split("/", 1)[1] in owned
    if not ok:
        return False
    owner_names = owner.get("resourceNames") or []
    if not owner_names:
        return True
    return bool(atom.get("resourceNames")) and atom["resourceNames"][0] in owner_names
