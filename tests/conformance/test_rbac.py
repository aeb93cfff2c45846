"""Unit tests of the conformance tier's own judge: the RBAC authorizer and escalation checks in
`rbac.py`, on the cases kube-apiserver's RBAC tests pin down. Run first by the tier
(`python -m unittest tests/conformance/test_rbac.py`)."""
import unittest

import rbac

SA = "system:serviceaccount:ml:sky-sa"


def role(name, ns, *rules, kind="Role"):
    meta = {"name": name}
    if ns:
        meta["namespace"] = ns
    return {"kind": kind, "metadata": meta, "rules": list(rules)}


def binding(name, ns, role_kind, role_name, subject, kind="RoleBinding"):
    meta = {"name": name}
    if ns:
        meta["namespace"] = ns
    return {"kind": kind, "metadata": meta, "roleRef": {"kind": role_kind, "name": role_name},
            "subjects": [subject]}


def sa(name="sky-sa", ns="ml"):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def req(verb, resource, ns="ml", group="", sub="", name="", user=SA, groups=()):
    return rbac.Request(user, tuple(groups), verb, group, resource, sub, ns, name)


def policy(*objects):
    p = rbac.Policy()
    for obj in objects:
        p.add(obj)
    return p


class RuleMatching(unittest.TestCase):
    def test_verbs_groups_resources_and_wildcards(self):
        rule = {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}
        self.assertTrue(rbac.rule_allows(rule, req("list", "pods")))
        self.assertFalse(rbac.rule_allows(rule, req("delete", "pods")))
        self.assertFalse(rbac.rule_allows(rule, req("list", "pods", group="apps")))
        star = {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}
        self.assertTrue(rbac.rule_allows(star, req("deletecollection", "services")))

    def test_subresources_are_named_apart(self):
        pods = {"apiGroups": [""], "resources": ["pods"], "verbs": ["*"]}
        self.assertFalse(rbac.rule_allows(pods, req("create", "pods", sub="exec")))
        exec_rule = {"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}
        self.assertTrue(rbac.rule_allows(exec_rule, req("create", "pods", sub="exec")))
        any_status = {"apiGroups": ["apps"], "resources": ["*/status"], "verbs": ["get"]}
        self.assertTrue(rbac.rule_allows(any_status, req("get", "deployments", group="apps", sub="status")))

    def test_resource_names_limit_to_those_names(self):
        rule = {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get"], "resourceNames": ["kube-system"]}
        self.assertTrue(rbac.rule_allows(rule, req("get", "namespaces", ns="kube-system", name="kube-system")))
        self.assertFalse(rbac.rule_allows(rule, req("get", "namespaces", ns="default", name="default")))
        self.assertFalse(rbac.rule_allows(rule, req("list", "namespaces", ns="")))


class Bindings(unittest.TestCase):
    def test_role_binding_grants_only_in_its_namespace(self):
        p = policy(role("r", "ml", {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]}),
                   binding("b", "ml", "Role", "r", sa()))
        self.assertTrue(p.allows(req("list", "pods", ns="ml")))
        self.assertFalse(p.allows(req("list", "pods", ns="other")))
        self.assertFalse(p.allows(req("list", "pods", ns="")))

    def test_cluster_role_through_a_role_binding_is_namespaced(self):
        p = policy(role("c", "", {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]}, kind="ClusterRole"),
                   binding("b", "ml", "ClusterRole", "c", sa()))
        self.assertTrue(p.allows(req("list", "pods", ns="ml")))
        self.assertFalse(p.allows(req("list", "pods", ns="")))

    def test_subjects_users_groups_and_accounts(self):
        crb = binding("b", "", "ClusterRole", "cluster-admin", {"kind": "Group", "name": "ml-team"},
                      kind="ClusterRoleBinding")
        p = policy(crb)
        self.assertTrue(p.allows(req("delete", "nodes", ns="", user="bob", groups=["ml-team"])))
        self.assertFalse(p.allows(req("delete", "nodes", ns="", user="bob")))
        self.assertFalse(p.allows(req("list", "pods", user="system:serviceaccount:other:sky-sa")))


class Escalation(unittest.TestCase):
    def setUp(self):
        self.p = policy(
            role("launcher", "ml", {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"],
                                    "verbs": ["create"]},
                 {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}),
            binding("b", "ml", "Role", "launcher", sa()))

    def test_a_role_may_grant_only_what_its_creator_holds(self):
        narrow = role("new", "ml", {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]})
        wide = role("new", "ml", {"apiGroups": [""], "resources": ["pods"], "verbs": ["*"]})
        self.assertIsNone(self.p.escalation_denial(req("create", "roles"), narrow))
        self.assertIsNotNone(self.p.escalation_denial(req("create", "roles"), wide))

    def test_a_wildcard_is_covered_only_by_a_wildcard(self):
        star = role("new", "ml", {"apiGroups": [""], "resources": ["*"], "verbs": ["get"]})
        self.assertIsNotNone(self.p.escalation_denial(req("create", "roles"), star))

    def test_binding_needs_the_roles_permissions_or_bind(self):
        self.p.add(role("big", "ml", {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}))
        bind_big = binding("x", "ml", "Role", "big", sa("other"))
        self.assertIsNotNone(self.p.escalation_denial(req("create", "rolebindings"), bind_big))
        self.p.add(role("binder", "ml", {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles"],
                                         "verbs": ["bind"], "resourceNames": ["big"]}))
        self.p.add(binding("b2", "ml", "Role", "binder", sa()))
        self.assertIsNone(self.p.escalation_denial(req("create", "rolebindings"), bind_big))

    def test_masters_bypass(self):
        wide = role("new", "ml", {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]})
        admin = req("create", "roles", user="admin", groups=[rbac.MASTERS])
        self.assertIsNone(self.p.escalation_denial(admin, wide))


if __name__ == "__main__":
    unittest.main()
