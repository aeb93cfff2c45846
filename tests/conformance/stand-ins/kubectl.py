"""Conformance stand-in for `kubectl exec` and `kubectl port-forward`, which need a container.

Owns: making the requests real kubectl makes before it streams (resolving `deployment/NAME`
to a pod, then the `pods/exec` or `pods/portforward` upgrade, which kube-apiserver authorizes
as `create`) with the kubeconfig's own credentials, so the stub records and judges them; then,
instead of a container, a canned answer: the login user for SkyPilot's `whoami` probe, success
for anything else. A 403 is printed as kubectl prints it and exits 1. Every other kubectl
command runs the real kubectl.
"""
import json
import os
import shutil
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def real_kubectl():
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if os.path.abspath(p) != HERE)
    found = shutil.which("kubectl", path=path)
    if not found:
        sys.exit("conformance stand-in: no real kubectl on PATH")
    return found


def parse(argv):
    """kubectl's global and exec/port-forward flags, as SkyPilot's command runner writes them."""
    opts = {"namespace": None, "context": None, "kubeconfig": None, "container": None}
    rest, command, i = [], [], 0
    valued = {"-n": "namespace", "--namespace": "namespace", "--context": "context",
              "--kubeconfig": "kubeconfig", "-c": "container", "--container": "container",
              "--pod-running-timeout": None, "--address": None}
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            command = argv[i + 1:]
            break
        name, _, inline = arg.partition("=")
        if name in valued:
            value = inline if inline else (argv[i + 1] if i + 1 < len(argv) else "")
            if valued[name]:
                opts[valued[name]] = value
            i += 1 if inline else 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        rest.append(arg)
        i += 1
    return opts, rest, command


def credentials(opts):
    path = opts["kubeconfig"] or os.environ.get("KUBECONFIG") or os.path.expanduser("~/.kube/config")
    config = yaml.safe_load(open(path))
    context_name = opts["context"] or config.get("current-context")
    context = next(c["context"] for c in config["contexts"] if c["name"] == context_name)
    cluster = next(c["cluster"] for c in config["clusters"] if c["name"] == context["cluster"])
    user = next(u["user"] for u in config["users"] if u["name"] == context["user"])
    namespace = opts["namespace"] or context.get("namespace") or "default"
    return cluster, user.get("token", ""), namespace


def call(cluster, token, method, path, query=None):
    url = cluster["server"] + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
    ctx = ssl.create_default_context(cafile=cluster.get("certificate-authority"))
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, context=ctx, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def fail(status, body):
    print(f"Error from server ({body.get('reason', status)}): {body.get('message', '')}", file=sys.stderr)
    sys.exit(1)


def main(argv):
    opts, rest, command = parse(argv)
    if not rest or rest[0] not in ("exec", "port-forward"):
        os.execv(real_kubectl(), ["kubectl"] + argv)
    verb, rest = rest[0], rest[1:]
    cluster, token, namespace = credentials(opts)
    target = rest[0] if rest else ""
    kind, _, name = target.rpartition("/")
    base = f"/api/v1/namespaces/{namespace}"
    # kubectl resolves a deployment or a service to one of its pods: the object, then its pods.
    owners = {"deployment": ("/apis/apps/v1", "deployments", lambda o: (o.get("spec") or {}).get("selector", {})
                             .get("matchLabels")),
              "service": ("/api/v1", "services", lambda o: (o.get("spec") or {}).get("selector"))}
    kind = {"deploy": "deployment", "deployments": "deployment", "svc": "service"}.get(kind, kind)
    if kind in owners:
        prefix, plural, selector_of = owners[kind]
        status, owner = call(cluster, token, "GET", f"{prefix}/namespaces/{namespace}/{plural}/{name}")
        if status != 200:
            fail(status, owner)
        labels = selector_of(owner) or {}
        status, pods = call(cluster, token, "GET", f"{base}/pods",
                            {"labelSelector": ",".join(f"{k}={v}" for k, v in labels.items())})
        if status != 200:
            fail(status, pods)
        if not pods.get("items"):
            fail(404, {"reason": "NotFound", "message": f"no pod for {kind} {name}"})
        name = pods["items"][0]["metadata"]["name"]
    status, pod = call(cluster, token, "GET", f"{base}/pods/{name}")
    if status != 200:
        fail(status, pod)
    sub = "exec" if verb == "exec" else "portforward"
    query = {"command": command, "container": opts["container"] or ""} if verb == "exec" else {"ports": rest[1:]}
    status, body = call(cluster, token, "POST", f"{base}/pods/{name}/{sub}", query)
    if status == 403:
        fail(status, body)
    if verb == "port-forward":
        print("conformance stand-in: port-forward authorized; no tunnel opens here", file=sys.stderr)
        sys.exit(1)
    text = " ".join(command)
    if "SKYPILOT_SSH_USER" in text:
        print("SKYPILOT_SSH_USER: root")
    sys.exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
