"""A recording stub of the Kubernetes API, for running SkyPilot's own code against skyauth's RBAC.

Owns: an HTTPS server on 127.0.0.1 (a throwaway self-signed certificate: clients send bearer
tokens only over TLS), in-memory objects for the core and named API groups, discovery, the
verbs get/list/watch/create/update/patch/delete/deletecollection, and a record of every
request in authorization terms (user from the bearer token; verb, group, resource,
subresource, namespace and name as kube-apiserver derives them). With `enforce`, whatever the
RBAC objects in the store (seeded from the manifest under test, then whatever the clients
create) do not grant is answered with a real 403 `Status`, escalation checks included
(`rbac.py`). Seeded: a GPU node, IngressClass `nginx`, Service
`ingress-nginx/ingress-nginx-controller`, a default StorageClass, the usual namespaces.

What it cannot be: a scheduler, a kubelet or a container runtime. Pods are Running and Ready
the moment they are created, claims Bound, deployments and daemonsets ready; `exec`,
`attach` and `portforward` are authorized and recorded, then refused with 400 (no
containers). Admission (Pod Security, quotas, webhooks) is not modelled.

    python3 kube_stub.py --state DIR     # writes DIR/stub.json (port, CA) and serves
"""
import argparse
import copy
import datetime
import json
import os
import ssl
import subprocess
import sys
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbac  # noqa: E402

# group -> version, and (group, plural) -> (kind, namespaced, subresources)
CORE = ""
RESOURCES = {
    (CORE, "pods"): ("Pod", True, ("status", "exec", "attach", "portforward", "log", "ephemeralcontainers", "binding", "eviction")),
    (CORE, "services"): ("Service", True, ("status", "proxy")),
    (CORE, "events"): ("Event", True, ()),
    (CORE, "namespaces"): ("Namespace", False, ("status", "finalize")),
    (CORE, "nodes"): ("Node", False, ("status", "proxy")),
    (CORE, "secrets"): ("Secret", True, ()),
    (CORE, "configmaps"): ("ConfigMap", True, ()),
    (CORE, "serviceaccounts"): ("ServiceAccount", True, ("token",)),
    (CORE, "persistentvolumeclaims"): ("PersistentVolumeClaim", True, ("status",)),
    (CORE, "persistentvolumes"): ("PersistentVolume", False, ("status",)),
    (CORE, "endpoints"): ("Endpoints", True, ()),
    (CORE, "resourcequotas"): ("ResourceQuota", True, ("status",)),
    (CORE, "limitranges"): ("LimitRange", True, ()),
    ("apps", "deployments"): ("Deployment", True, ("status", "scale")),
    ("apps", "daemonsets"): ("DaemonSet", True, ("status",)),
    ("apps", "replicasets"): ("ReplicaSet", True, ("status", "scale")),
    ("apps", "statefulsets"): ("StatefulSet", True, ("status", "scale")),
    ("batch", "jobs"): ("Job", True, ("status",)),
    ("rbac.authorization.k8s.io", "roles"): ("Role", True, ()),
    ("rbac.authorization.k8s.io", "rolebindings"): ("RoleBinding", True, ()),
    ("rbac.authorization.k8s.io", "clusterroles"): ("ClusterRole", False, ()),
    ("rbac.authorization.k8s.io", "clusterrolebindings"): ("ClusterRoleBinding", False, ()),
    ("networking.k8s.io", "ingresses"): ("Ingress", True, ("status",)),
    ("networking.k8s.io", "ingressclasses"): ("IngressClass", False, ()),
    ("storage.k8s.io", "storageclasses"): ("StorageClass", False, ()),
    ("node.k8s.io", "runtimeclasses"): ("RuntimeClass", False, ()),
    ("events.k8s.io", "events"): ("Event", True, ()),
    ("resource.k8s.io", "deviceclasses"): ("DeviceClass", False, ()),
    ("resource.k8s.io", "resourceslices"): ("ResourceSlice", False, ()),
    ("resource.k8s.io", "resourceclaims"): ("ResourceClaim", True, ("status",)),
    ("authorization.k8s.io", "selfsubjectaccessreviews"): ("SelfSubjectAccessReview", False, ()),
    ("authorization.k8s.io", "selfsubjectrulesreviews"): ("SelfSubjectRulesReview", False, ()),
    ("metrics.k8s.io", "nodes"): ("NodeMetrics", False, ()),
    ("metrics.k8s.io", "pods"): ("PodMetrics", True, ()),
}
VERSIONS = {
    CORE: "v1", "apps": "v1", "batch": "v1", "rbac.authorization.k8s.io": "v1",
    "networking.k8s.io": "v1", "storage.k8s.io": "v1", "node.k8s.io": "v1",
    "events.k8s.io": "v1", "resource.k8s.io": "v1", "authorization.k8s.io": "v1",
    "metrics.k8s.io": "v1beta1",
}
KIND_TO_RESOURCE = {kind: key for key, (kind, _, _) in RESOURCES.items() if key[0] != "events.k8s.io"}
# Upgrades that kube-apiserver (1.32, AuthorizePodWebsocketUpgradeCreatePermission) authorizes as `create`.
STREAMING = {"exec", "attach", "portforward"}
ADMIN_TOKEN = "stub-admin-token"


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_body(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "details": details or {}, "code": code}


SHORT_NAMES = {"pods": ["po"], "services": ["svc"], "namespaces": ["ns"], "nodes": ["no"],
               "configmaps": ["cm"], "serviceaccounts": ["sa"], "persistentvolumeclaims": ["pvc"],
               "persistentvolumes": ["pv"], "deployments": ["deploy"], "daemonsets": ["ds"],
               "ingresses": ["ing"], "storageclasses": ["sc"], "events": ["ev"], "endpoints": ["ep"]}


class UnsupportedMedia(Exception):
    """A body that is not JSON (kubectl sends protobuf for some commands)."""


class Store:
    """In-memory objects keyed by (group, plural, namespace, name), and the RBAC policy view."""

    def __init__(self):
        self.lock = threading.RLock()
        self.objects = {}
        self.version = 1
        self.node_port = 30000

    def key(self, group, plural, ns, name):
        return (group, plural, ns or "", name)

    def put(self, group, plural, obj, ns=""):
        with self.lock:
            kind, namespaced, _ = RESOURCES[(group, plural)]
            meta = obj.setdefault("metadata", {})
            if namespaced:
                meta["namespace"] = meta.get("namespace") or ns or "default"
            else:
                meta.pop("namespace", None)
            if not meta.get("name") and meta.get("generateName"):
                meta["name"] = meta["generateName"] + uuid.uuid4().hex[:5]
            meta.setdefault("uid", str(uuid.uuid4()))
            meta.setdefault("creationTimestamp", now())
            self.version += 1
            meta["resourceVersion"] = str(self.version)
            obj["kind"] = kind
            obj["apiVersion"] = (group + "/" if group else "") + VERSIONS[group]
            self._settle(group, plural, obj)
            self.objects[self.key(group, plural, meta.get("namespace"), meta["name"])] = obj
            return obj

    def _settle(self, group, plural, obj):
        """What controllers and kubelets would make of a new object, at once."""
        canonical_quantities(obj)
        spec = obj.setdefault("spec", {})
        st = obj.setdefault("status", {})
        if plural == "pods":
            spec.setdefault("nodeName", "stub-node-1")
            containers = spec.get("containers") or []
            st.update({
                "phase": "Running", "podIP": "127.0.0.2", "hostIP": "127.0.0.3", "startTime": now(),
                "conditions": [{"type": t, "status": "True", "lastTransitionTime": now()}
                               for t in ("PodScheduled", "Initialized", "ContainersReady", "Ready")],
                "containerStatuses": [{"name": c.get("name", "c"), "ready": True, "started": True,
                                       "restartCount": 0, "image": c.get("image", ""), "imageID": "",
                                       "state": {"running": {"startedAt": now()}}} for c in containers],
                "initContainerStatuses": [{"name": c.get("name", "init"), "ready": True, "restartCount": 0,
                                           "image": c.get("image", ""), "imageID": "",
                                           "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}
                                          for c in spec.get("initContainers") or []],
            })
        elif plural == "services":
            spec.setdefault("clusterIP", "127.0.0.4")
            if spec.get("type") in ("LoadBalancer", "NodePort"):
                for port in spec.get("ports") or []:
                    self.node_port += 1
                    port.setdefault("nodePort", self.node_port)
            if spec.get("type") == "LoadBalancer":
                st.setdefault("loadBalancer", {"ingress": [{"ip": "127.0.0.5"}]})
        elif plural == "persistentvolumeclaims":
            st.update({"phase": "Bound", "accessModes": spec.get("accessModes") or ["ReadWriteOnce"],
                       "capacity": ((spec.get("resources") or {}).get("requests") or {"storage": "1Gi"})})
            spec.setdefault("storageClassName", "standard")
            spec.setdefault("volumeName", "pv-" + obj["metadata"]["name"])
        elif plural in ("deployments", "statefulsets", "replicasets"):
            replicas = spec.get("replicas", 1)
            st.update({"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas,
                       "updatedReplicas": replicas, "observedGeneration": 1})
        elif plural == "daemonsets":
            st.update({"desiredNumberScheduled": 1, "currentNumberScheduled": 1, "numberReady": 1,
                       "numberMisscheduled": 0,
                       "numberAvailable": 1, "updatedNumberScheduled": 1, "observedGeneration": 1})
        elif plural == "namespaces":
            st["phase"] = "Active"
        elif plural == "ingresses":
            st.setdefault("loadBalancer", {"ingress": [{"ip": "127.0.0.6"}]})
        if not st:
            obj.pop("status", None)
        if not spec and plural in ("roles", "clusterroles", "rolebindings", "clusterrolebindings",
                                   "serviceaccounts", "configmaps", "secrets", "events", "namespaces"):
            obj.pop("spec", None)

    def run_controllers(self, group, plural, obj):
        """A deployment's controller: one pod from its template (kube names it NAME-HASH-XXXXX)."""
        if (group, plural) != ("apps", "deployments"):
            return
        template = copy.deepcopy((obj.get("spec") or {}).get("template") or {})
        meta = template.setdefault("metadata", {})
        meta["name"] = f"{obj['metadata']['name']}-6d4cf56db6-{uuid.uuid4().hex[:5]}"
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "controller": True,
                                    "name": f"{obj['metadata']['name']}-6d4cf56db6", "uid": str(uuid.uuid4())}]
        self.put(CORE, "pods", template, obj["metadata"]["namespace"])

    def get(self, group, plural, ns, name):
        with self.lock:
            return self.objects.get(self.key(group, plural, ns, name))

    def delete(self, group, plural, ns, name):
        with self.lock:
            return self.objects.pop(self.key(group, plural, ns, name), None)

    def list(self, group, plural, ns):
        with self.lock:
            return [o for (g, p, n, _), o in sorted(self.objects.items(), key=lambda kv: kv[0])
                    if g == group and p == plural and (not ns or n == ns)]

    def policy(self) -> rbac.Policy:
        with self.lock:
            policy = rbac.Policy()
            for (group, _, _, _), obj in self.objects.items():
                if group == "rbac.authorization.k8s.io":
                    policy.add(obj)
            return policy


def canonical_quantities(obj):
    """The API server stores every resource quantity as a string (`2`, not 2): clients rely on it."""
    def fix(resources):
        for key in ("requests", "limits"):
            for name, value in ((resources or {}).get(key) or {}).items():
                if not isinstance(value, str):
                    resources[key][name] = str(int(value)) if float(value).is_integer() else str(value)

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("resources"), dict):
                fix(node["resources"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(obj.get("spec"))


def _path_value(obj, dotted):
    cur = obj
    for part in dotted.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def match_labels(obj, selector: str) -> bool:
    """Equality- and set-based label selectors, as `kubectl get -l` writes them."""
    labels = (obj.get("metadata") or {}).get("labels") or {}
    if not selector:
        return True
    parts, depth, cur = [], 0, ""
    for ch in selector:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    parts.append(cur)
    for term in (p.strip() for p in parts if p.strip()):
        if " notin " in term:
            key, values = term.split(" notin ", 1)
            if labels.get(key.strip()) in {v.strip() for v in values.strip("() ").split(",")}:
                return False
        elif " in " in term:
            key, values = term.split(" in ", 1)
            if labels.get(key.strip()) not in {v.strip() for v in values.strip("() ").split(",")}:
                return False
        elif "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key.strip()) == value.strip():
                return False
        elif "==" in term or "=" in term:
            key, value = term.split("==", 1) if "==" in term else term.split("=", 1)
            if labels.get(key.strip()) != value.strip():
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def match_fields(obj, selector: str) -> bool:
    for term in (t.strip() for t in (selector or "").split(",") if t.strip()):
        if "!=" in term:
            key, value = term.split("!=", 1)
            if str(_path_value(obj, key) or "") == value:
                return False
        else:
            key, value = term.split("==", 1) if "==" in term else term.split("=", 1)
            if str(_path_value(obj, key) or "") != value:
                return False
    return True


def merge_patch(target, patch):
    """JSON merge patch (RFC 7386); also what strategic merge does for the fields clients send here."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def json_patch(target, ops):
    doc = copy.deepcopy(target)
    for op in ops:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]]
        parent = doc
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent.setdefault(p, {})
        last = parts[-1] if parts else None
        if op["op"] in ("add", "replace"):
            if isinstance(parent, list):
                idx = len(parent) if last == "-" else int(last)
                parent.insert(idx, op["value"]) if op["op"] == "add" else parent.__setitem__(idx, op["value"])
            else:
                parent[last] = op["value"]
        elif op["op"] == "remove":
            parent.pop(int(last) if isinstance(parent, list) else last, None)
    return doc


class RequestInfo:
    """kube-apiserver's RequestInfoFactory, for the paths clients use here."""

    def __init__(self, method, path, query):
        self.resource_request = False
        self.group, self.version, self.resource, self.subresource = "", "", "", ""
        self.namespace, self.name = "", ""
        parts = [urllib.parse.unquote(p) for p in path.strip("/").split("/") if p]
        watch = query.get("watch", ["false"])[0] in ("true", "1")
        if parts[:1] == ["api"] and len(parts) >= 2:
            self.version, rest = parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3:
            self.group, self.version, rest = parts[1], parts[2], parts[3:]
        else:
            self.verb = {"GET": "get", "POST": "post", "PUT": "put", "DELETE": "delete",
                         "PATCH": "patch", "HEAD": "head"}.get(method, method.lower())
            return
        if not rest:  # discovery: a non-resource request
            self.group = self.version = ""
            self.verb = method.lower()
            return
        self.resource_request = True
        if rest[0] == "namespaces" and len(rest) > 1:
            self.namespace = rest[1]
            if len(rest) > 2 and rest[2] not in ("status", "finalize"):
                rest = rest[2:]
        self.resource = rest[0]
        self.name = rest[1] if len(rest) > 1 else ""
        self.subresource = rest[2] if len(rest) > 2 else ""
        if method == "GET":
            self.verb = "watch" if watch else ("get" if self.name else "list")
        elif method == "POST":
            self.verb = "create"
        elif method == "PUT":
            self.verb = "update"
        elif method == "PATCH":
            self.verb = "patch"
        elif method == "DELETE":
            self.verb = "delete" if self.name else "deletecollection"
        else:
            self.verb = method.lower()
        if self.subresource in STREAMING:
            self.verb = "create"


class Stub:
    def __init__(self, state_dir, tokens, enforce):
        self.state_dir = state_dir
        self.tokens = dict(tokens)
        self.tokens[ADMIN_TOKEN] = {"user": "stub-admin", "groups": [rbac.MASTERS]}
        self.enforce = enforce
        self.store = Store()
        self.log_lock = threading.Lock()
        self.log_path = os.path.join(state_dir, "requests.jsonl")
        open(self.log_path, "w").close()
        self.scenario = ""
        self.seed()

    def seed(self):
        put = self.store.put
        for ns in ("default", "kube-system", "kube-public", "ingress-nginx", "skypilot"):
            put(CORE, "namespaces", {"metadata": {"name": ns}})
        put(CORE, "nodes", {
            "metadata": {"name": "stub-node-1", "labels": {
                "kubernetes.io/hostname": "stub-node-1", "skypilot.co/accelerator": "h100",
                "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3", "nvidia.com/gpu.count": "8"}},
            "status": {
                "capacity": {"cpu": "64", "memory": "512Gi", "nvidia.com/gpu": "8", "pods": "110"},
                "allocatable": {"cpu": "64", "memory": "512Gi", "nvidia.com/gpu": "8", "pods": "110"},
                "addresses": [{"type": "InternalIP", "address": "127.0.0.3"}],
                "conditions": [{"type": "Ready", "status": "True"}],
                "nodeInfo": {"kubeletVersion": "v1.32.0", "architecture": "amd64", "operatingSystem": "linux",
                             "containerRuntimeVersion": "containerd://1.7.0", "kernelVersion": "6.1",
                             "osImage": "stub", "bootID": "", "machineID": "", "systemUUID": "",
                             "kubeProxyVersion": "v1.32.0"}}})
        put("networking.k8s.io", "ingressclasses", {"metadata": {"name": "nginx"},
                                                    "spec": {"controller": "k8s.io/ingress-nginx"}})
        put(CORE, "services", {"metadata": {"name": "ingress-nginx-controller", "namespace": "ingress-nginx"},
                               "spec": {"type": "LoadBalancer", "ports": [
                                   {"name": "http", "port": 80, "protocol": "TCP"},
                                   {"name": "https", "port": 443, "protocol": "TCP"}]}})
        put(CORE, "services", {"metadata": {"name": "skypilot-prometheus-server", "namespace": "skypilot"},
                               "spec": {"type": "ClusterIP", "ports": [{"port": 80, "protocol": "TCP"}],
                                        "selector": {"app": "prometheus"}}})
        put(CORE, "pods", {"metadata": {"name": "skypilot-prometheus-server-0", "namespace": "skypilot",
                                        "labels": {"app": "prometheus"}},
                           "spec": {"containers": [{"name": "prometheus", "image": "prom"}]}})
        put("storage.k8s.io", "storageclasses", {
            "metadata": {"name": "standard", "annotations": {
                "storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "rancher.io/local-path", "volumeBindingMode": "Immediate",
            "reclaimPolicy": "Delete"})
        put("node.k8s.io", "runtimeclasses", {"metadata": {"name": "nvidia"}, "handler": "nvidia"})

    def apply(self, obj):
        """Creates an object as the cluster's admin would (`kubectl apply`)."""
        kind = obj.get("kind")
        if kind not in KIND_TO_RESOURCE:
            raise ValueError(f"the stub does not serve kind {kind!r}")
        group, plural = KIND_TO_RESOURCE[kind]
        ns = (obj.get("metadata") or {}).get("namespace", "")
        if ns and not self.store.get(CORE, "namespaces", "", ns):
            self.store.put(CORE, "namespaces", {"metadata": {"name": ns}})
        self.store.put(group, plural, copy.deepcopy(obj), ns)

    def record(self, entry):
        with self.log_lock, open(self.log_path, "a") as handle:
            handle.write(json.dumps(entry) + "\n")


def make_handler(stub: Stub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _send(self, code, body, content_type="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            if not length:
                return None
            raw = self.rfile.read(length)
            if "json" not in (self.headers.get("Content-Type") or "application/json"):
                raise UnsupportedMedia(self.headers.get("Content-Type"))
            return json.loads(raw)

        def do_GET(self):
            self.handle_any("GET")

        def do_POST(self):
            self.handle_any("POST")

        def do_PUT(self):
            self.handle_any("PUT")

        def do_PATCH(self):
            self.handle_any("PATCH")

        def do_DELETE(self):
            self.handle_any("DELETE")

        def handle_any(self, method):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            auth = self.headers.get("Authorization", "")
            token = auth[7:] if auth.startswith("Bearer ") else ""
            identity = stub.tokens.get(token)
            try:
                body = self._body()
            except (UnsupportedMedia, ValueError) as error:
                return self._send(415, status_body(415, "UnsupportedMediaType", f"stub: JSON only ({error})"))
            if identity is None:
                stub.record({"scenario": stub.scenario, "method": method, "path": url.path,
                             "user": "system:anonymous", "allowed": False, "code": 401})
                return self._send(401, status_body(401, "Unauthorized", "Unauthorized"))
            info = RequestInfo(method, url.path, query)
            req = rbac.Request(identity["user"], tuple(identity.get("groups") or ()) + ("system:authenticated",),
                               info.verb, info.group, info.resource, info.subresource, info.namespace,
                               info.name, url.path, info.resource_request)
            policy = stub.store.policy()
            if not info.resource_request:
                allowed, why = True, ""  # discovery and /version: system:discovery grants them to everyone
            else:
                allowed = policy.allows(req)
                why = "" if allowed else "RBAC: no rule grants it"
                if allowed and info.verb in ("create", "update", "patch") and info.group == "rbac.authorization.k8s.io" \
                        and not info.subresource and body is not None:
                    candidate = body
                    if info.verb == "patch":
                        current = stub.store.get(info.group, info.resource, info.namespace, info.name) or {}
                        candidate = json_patch(current, body) if isinstance(body, list) else merge_patch(current, body)
                    candidate = dict(candidate)
                    candidate.setdefault("kind", RESOURCES.get((info.group, info.resource), ("",))[0])
                    candidate.setdefault("metadata", {}).setdefault("namespace", info.namespace)
                    denial = policy.escalation_denial(req, candidate)
                    if denial:
                        allowed, why = False, "escalation: " + denial
            entry = {"scenario": stub.scenario, "method": method, "path": url.path, **req.as_dict(),
                     "resourceRequest": info.resource_request, "allowed": allowed}
            if why:
                entry["why"] = why
            if info.group == "rbac.authorization.k8s.io" and body is not None and method in ("POST", "PUT", "PATCH"):
                entry["body"] = body
            if info.resource_request and not allowed and stub.enforce:
                entry["code"] = 403
                stub.record(entry)
                scope = f'in the namespace "{info.namespace}"' if info.namespace else "at the cluster scope"
                resource = info.resource + (("/" + info.subresource) if info.subresource else "")
                message = (f'{resource} "{info.name}" is forbidden: ' if info.name else f"{resource} is forbidden: ") + \
                    f'User "{req.user}" cannot {info.verb} resource "{resource}" in API group "{info.group}" {scope}'
                if why.startswith("escalation"):
                    message += ": " + why
                return self._send(403, status_body(403, "Forbidden", message,
                                                   {"name": info.name, "group": info.group, "kind": info.resource}))
            try:
                code, answer = self.serve(method, info, query, body)
            except Exception as error:  # a stub defect: say so in the record, answer 500
                code, answer = 500, status_body(500, "InternalError", f"stub: {error!r}")
            entry["code"] = code
            stub.record(entry)
            return self._send(code, answer)

        # --- serving ---

        def serve(self, method, info, query, body):
            if not info.resource_request:
                return self.discovery(info)
            key = (info.group, info.resource)
            if key not in RESOURCES or VERSIONS.get(info.group) != info.version:
                return 404, status_body(404, "NotFound", f"the server could not find the requested resource ({info.resource})")
            kind, namespaced, subresources = RESOURCES[key]
            if info.subresource and info.subresource not in subresources:
                return 404, status_body(404, "NotFound", f"no subresource {info.subresource}")
            store = stub.store
            ns = info.namespace if namespaced else ""
            name = info.name
            if info.resource == "namespaces" and name:
                ns = ""
            if info.subresource in STREAMING or info.subresource in ("log", "proxy"):
                if not store.get(info.group, info.resource, ns, name):
                    return 404, status_body(404, "NotFound", f'{info.resource} "{name}" not found')
                if method == "POST" and info.subresource in STREAMING:
                    return 200, {"kind": "Status", "apiVersion": "v1", "status": "Success",
                                 "message": "authorized; the conformance stand-in answers for the container"}
                return 400, status_body(400, "BadRequest", "stub: no containers run here (logs and "
                                        "upgrades are authorized and recorded, then refused)")
            if info.group == "authorization.k8s.io":
                return self.access_review(info, body)
            group = info.group
            if method == "GET" and not name:
                items = [o for o in store.list(group, info.resource, ns)
                         if match_labels(o, query.get("labelSelector", [""])[0])
                         and match_fields(o, query.get("fieldSelector", [""])[0])]
                if info.verb == "watch":
                    lines = "".join(json.dumps({"type": "ADDED", "object": o}) + "\n" for o in items)
                    return 200, lines.encode()
                limit = int(query.get("limit", ["0"])[0] or 0)
                if limit:
                    items = items[:limit]
                return 200, {"kind": kind + "List", "apiVersion": (group + "/" if group else "") + info.version,
                             "metadata": {"resourceVersion": str(store.version)}, "items": items}
            if method == "GET":
                obj = store.get(group, info.resource, ns, name)
                if obj is None:
                    return 404, status_body(404, "NotFound", f'{info.resource} "{name}" not found',
                                            {"name": name, "kind": info.resource})
                return 200, obj
            if method == "POST":
                if info.subresource == "token":
                    return 201, {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
                                 "status": {"token": "stub-sa-token", "expirationTimestamp": now()}}
                if info.subresource in ("binding", "eviction"):
                    return 201, {"kind": "Status", "status": "Success"}
                if not isinstance(body, dict):
                    return 400, status_body(400, "BadRequest", "no object in the body")
                meta = body.setdefault("metadata", {})
                if store.get(group, info.resource, ns or meta.get("namespace", ""), meta.get("name", "")):
                    return 409, status_body(409, "AlreadyExists",
                                            f'{info.resource} "{meta.get("name")}" already exists',
                                            {"name": meta.get("name"), "kind": info.resource})
                if namespaced and ns and not store.get(CORE, "namespaces", "", ns):
                    return 404, status_body(404, "NotFound", f'namespaces "{ns}" not found',
                                            {"name": ns, "kind": "namespaces"})
                created = store.put(group, info.resource, body, ns)
                store.run_controllers(group, info.resource, created)
                return 201, created
            if method in ("PUT", "PATCH"):
                current = store.get(group, info.resource, ns, name)
                if current is None:
                    return 404, status_body(404, "NotFound", f'{info.resource} "{name}" not found',
                                            {"name": name, "kind": info.resource})
                if method == "PUT":
                    updated = body
                elif isinstance(body, list):
                    updated = json_patch(current, body)
                else:
                    updated = merge_patch(current, body)
                updated.setdefault("metadata", {})["name"] = name
                return 200, store.put(group, info.resource, updated, ns)
            if method == "DELETE" and name:
                obj = store.delete(group, info.resource, ns, name)
                if obj is None:
                    return 404, status_body(404, "NotFound", f'{info.resource} "{name}" not found',
                                            {"name": name, "kind": info.resource})
                return 200, obj
            if method == "DELETE":
                gone = [o for o in store.list(group, info.resource, ns)
                        if match_labels(o, query.get("labelSelector", [""])[0])]
                for o in gone:
                    store.delete(group, info.resource, ns, o["metadata"]["name"])
                return 200, {"kind": kind + "List", "apiVersion": "v1", "metadata": {}, "items": gone}
            return 405, status_body(405, "MethodNotAllowed", method)

        def access_review(self, info, body):
            auth = self.headers.get("Authorization", "")[7:]
            identity = stub.tokens[auth]
            spec = (body or {}).get("spec") or {}
            attrs = spec.get("resourceAttributes") or {}
            req = rbac.Request(identity["user"], tuple(identity.get("groups") or ()),
                               attrs.get("verb", ""), attrs.get("group", ""), attrs.get("resource", ""),
                               attrs.get("subresource", ""), attrs.get("namespace", ""), attrs.get("name", ""))
            body = dict(body or {})
            body["status"] = {"allowed": stub.store.policy().allows(req)}
            return 201, body

        def discovery(self, info):
            path = urllib.parse.urlsplit(self.path).path.rstrip("/")
            if path == "/version":
                return 200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "platform": "linux/amd64"}
            if path == "/api":
                return 200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
            if path == "/apis":
                groups = sorted({g for g, _ in RESOURCES if g})
                return 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                    {"name": g, "versions": [{"groupVersion": f"{g}/{VERSIONS[g]}", "version": VERSIONS[g]}],
                     "preferredVersion": {"groupVersion": f"{g}/{VERSIONS[g]}", "version": VERSIONS[g]}}
                    for g in groups]}
            parts = path.strip("/").split("/")
            group = "" if parts[0] == "api" else (parts[1] if len(parts) > 1 else "")
            version = parts[1] if parts[0] == "api" else (parts[2] if len(parts) > 2 else "")
            if (parts[0] == "api" and len(parts) == 2) or (parts[0] == "apis" and len(parts) == 3):
                resources = []
                for (g, plural), (kind, namespaced, subs) in RESOURCES.items():
                    if g != group:
                        continue
                    resources.append({"name": plural, "singularName": kind.lower(), "namespaced": namespaced,
                                      "kind": kind, "shortNames": SHORT_NAMES.get(plural, []) if g != "metrics.k8s.io" else [],
                                      "verbs": ["create", "delete", "deletecollection", "get",
                                                "list", "patch", "update", "watch"]})
                    resources += [{"name": f"{plural}/{s}", "singularName": "", "namespaced": namespaced,
                                   "kind": kind, "verbs": ["get", "create"]} for s in subs]
                return 200, {"kind": "APIResourceList", "apiVersion": "v1",
                             "groupVersion": (group + "/" if group else "") + version, "resources": resources}
            if parts[0] == "apis" and len(parts) == 2:
                return 200, {"kind": "APIGroup", "apiVersion": "v1", "name": group,
                             "versions": [{"groupVersion": f"{group}/{VERSIONS.get(group, 'v1')}",
                                           "version": VERSIONS.get(group, "v1")}]}
            if path in ("/healthz", "/livez", "/readyz"):
                return 200, b"ok"
            if path.startswith("/openapi"):
                return 404, status_body(404, "NotFound", "no openapi here")
            return 404, status_body(404, "NotFound", f"the server could not find {path}")

    return Handler


def make_certificate(state_dir):
    key, cert = os.path.join(state_dir, "stub.key"), os.path.join(state_dir, "stub.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=skyauth-conformance-stub", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return key, cert


class Control(BaseHTTPRequestHandler):
    """Plain-HTTP control port on loopback: the driver resets state and names the scenario."""

    stub: Stub = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        stub = Control.stub
        if self.path == "/reset":
            stub.store = Store()
            stub.seed()
            stub.tokens = {**body.get("tokens", {}), ADMIN_TOKEN: stub.tokens[ADMIN_TOKEN]}
            stub.enforce = body.get("enforce", True)
            for obj in body.get("objects", []):
                stub.apply(obj)
            open(stub.log_path, "w").close()
        elif self.path == "/scenario":
            stub.scenario = body.get("name", "")
        elif self.path == "/token":
            stub.tokens[body["token"]] = body["identity"]
        data = b"{}"
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state", required=True, help="folder for the certificate, stub.json and requests.jsonl")
    args = parser.parse_args()
    os.makedirs(args.state, exist_ok=True)
    key, cert = make_certificate(args.state)
    stub = Stub(args.state, {}, enforce=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(stub))
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    Control.stub = stub
    control = ThreadingHTTPServer(("127.0.0.1", 0), Control)
    control.daemon_threads = True
    threading.Thread(target=control.serve_forever, daemon=True).start()
    info = {"port": server.server_address[1], "control": control.server_address[1], "ca": cert,
            "requests": stub.log_path, "pid": os.getpid()}
    with open(os.path.join(args.state, "stub.json.tmp"), "w") as handle:
        json.dump(info, handle)
    os.replace(os.path.join(args.state, "stub.json.tmp"), os.path.join(args.state, "stub.json"))
    server.serve_forever()


if __name__ == "__main__":
    main()
