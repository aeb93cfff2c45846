"""The conformance tier: skyauth's generated RBAC and config, judged by SkyPilot's own code.

Owns: the golden setups (each profile, each optional feature, each launcher subject), the
run of each against the recording stub (`kube_stub.py`) with SkyPilot's scenarios
(`scenarios.py`), and the verdicts:
  1. zero denied requests in the scenarios of a setup's features, every scenario completing;
  2. mutation: removing any one rule of a generated manifest makes some scenario of the setup
     show a denial (replayed against the recorded requests), unless the catalogue keeps that
     rule for a stated reason;
  3. drift, both ways: requests SkyPilot made that no catalogue grant covers (a failure), and
     catalogue grants no scenario used (listed).
Writes build/conformance/report-VERSION.json and prints one line per check and a closing
`N passed, N failed`.

    python3 run.py --python VENV/bin/python --skyauth target/debug/skyauth [--only SETUP]
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import yaml

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import rbac  # noqa: E402
from scenarios import SCENARIOS, STAND_INS  # noqa: E402

NAMESPACE = "ml"
ACCOUNT = "sky-sa"
CONTEXT = "conformance"


class Setup:
    """One golden setup: how skyauth is asked for it, who launches, what it must support."""

    def __init__(self, name, rbac_args, config_args, identity, features, launcher=False, only=None,
                 workspace=None, namespace=None):
        self.name, self.rbac_args, self.config_args = name, rbac_args, config_args
        self.identity, self.features, self.launcher = identity, features, launcher
        self.only = only  # run only the scenarios of these features
        # A team: the config's workspaces, this one active; the RBAC is the team's own file
        # from `skyauth rbac --workspace-config` (rbac_args are its extra flags).
        self.workspace = workspace
        # The `kubernetes:` section's own namespace in the stub's context (`context_configs`):
        # the RBAC is the section's, from `skyauth rbac --workspace-config` of the config.
        self.namespace = namespace


# The two teams (#24), on the stub's one context: research as its own account in
# ml-research, prod in ml-prod as SERVICE_ACCOUNT through the launcher. The `kubernetes:`
# section launches in NAMESPACE, where neither team has RBAC: a launch that ignored the
# workspace would be denied.
TEAMS = {"research": ("ml-research", "research-sa"), "prod": ("ml-prod", "SERVICE_ACCOUNT"),
         "edge": ("ml-edge-team", "SERVICE_ACCOUNT")}
# A team's own values in the stub's context (`workspaces.edge.kubernetes.context_configs`),
# SkyPilot's highest precedence: edge runs as edge-sa in ml-edge there, and its file holds only
# that; a launch that took the team's own values (ml-edge-team, SERVICE_ACCOUNT) would be denied.
TEAM_CONTEXT_VALUES = {"edge": ("ml-edge", "edge-sa")}
TEAM_LAUNCHER = "alice@example.com"


def team_namespace(team):
    """Where the team's pods run in the stub's context."""
    return TEAM_CONTEXT_VALUES.get(team, TEAMS[team])[0]


def workspace_config_args():
    args = ["--namespace", NAMESPACE, "--allowed-context", CONTEXT]
    for team, (namespace, identity) in TEAMS.items():
        args += ["--workspace", team, "--workspace-context", f"{team}={CONTEXT}",
                 "--workspace-namespace", f"{team}={namespace}", "--workspace-identity", f"{team}={identity}"]
    for team, (namespace, identity) in TEAM_CONTEXT_VALUES.items():
        args += ["--workspace-context-namespace", f"{team}:{CONTEXT}={namespace}",
                 "--workspace-context-identity", f"{team}:{CONTEXT}={identity}"]
    return args


def team_setups():
    research_ns, research_sa = TEAMS["research"]
    rbac_args = ["--launcher", f"user:{TEAM_LAUNCHER}"]
    return [
        Setup("workspace-research", rbac_args, workspace_config_args(),
              {"user": f"system:serviceaccount:{research_ns}:{research_sa}", "groups": ["system:serviceaccounts"]},
              ["core"], workspace="research"),
        Setup("workspace-prod", rbac_args, workspace_config_args(), {"user": TEAM_LAUNCHER, "groups": []},
              ["core", "managed-account"], launcher=True, workspace="prod"),
        Setup("workspace-edge-per-context", rbac_args, workspace_config_args(),
              {"user": "system:serviceaccount:ml-edge:edge-sa", "groups": ["system:serviceaccounts"]},
              ["core"], workspace="edge"),
    ]


# The `kubernetes:` section's own values in the stub's context: SERVICE_ACCOUNT and NAMESPACE
# elsewhere, but ctx-sa in ml-ctx there. The section's RBAC holds that context's account
# (before 2026-12-06 it held nothing: a keyword section without launcher RBAC).
SECTION_CONTEXT_VALUES = ("ml-ctx", "ctx-sa")


def section_context_setup():
    namespace, account = SECTION_CONTEXT_VALUES
    config = ["--remote-identity", "SERVICE_ACCOUNT", "--namespace", NAMESPACE, "--allowed-context", CONTEXT,
              "--context-identity", f"{CONTEXT}={account}", "--context-namespace", f"{CONTEXT}={namespace}"]
    return Setup("section-context-account", ["--profile", "minimal"], config,
                 {"user": f"system:serviceaccount:{namespace}:{account}", "groups": ["system:serviceaccounts"]},
                 ["core"], namespace=namespace)


def golden_setups(catalogue):
    """Each profile and each launcher subject with every feature; Minimum with core alone and
    with each feature alone (there only that feature's scenarios run: core's ran already)."""
    optional = [f["id"] for f in catalogue["features"] if f["kind"] == "optional"]
    flags = [f"--{feature}" for feature in optional]
    account = {"user": f"system:serviceaccount:{NAMESPACE}:{ACCOUNT}", "groups": ["system:serviceaccounts"]}
    custom = ["--service-account", ACCOUNT, "--namespace", NAMESPACE]
    config = ["--remote-identity", ACCOUNT, "--namespace", NAMESPACE]
    setups = []
    for profile in ("minimal", "namespace-admin", "cluster-admin"):
        setups.append(Setup(f"{profile}-all-features", custom + ["--profile", profile] + flags, config,
                            account, ["core"] + optional))
    setups.append(Setup("minimal-core", custom + ["--profile", "minimal"], config, account, ["core"]))
    setups.append(Setup("workload-autodown", custom + ["--profile", "workload"], config, account,
                        ["autodown"]))
    for feature in optional:
        setups.append(Setup(f"minimal-{feature}", custom + ["--profile", "minimal", f"--{feature}"], config,
                            account, ["core", feature], only=[feature]))
    launchers = [
        ("user", "user:alice@example.com", {"user": "alice@example.com", "groups": []}, "SERVICE_ACCOUNT"),
        ("group", "group:ml-team", {"user": "bob@example.com", "groups": ["ml-team"]}, "NO_UPLOAD"),
        ("api-server", f"{NAMESPACE}/skypilot-api-sa",
         {"user": f"system:serviceaccount:{NAMESPACE}:skypilot-api-sa", "groups": []}, "LOCAL_CREDENTIALS"),
    ]
    for kind, subject, identity, mode in launchers:
        setups.append(Setup(f"launcher-{kind}-{mode.lower().replace('_', '-')}",
                            ["--launcher", subject, "--namespace", NAMESPACE] + flags,
                            ["--remote-identity", mode, "--namespace", NAMESPACE], identity,
                            ["core", "managed-account"] + optional, launcher=True))
    setups.append(Setup("launcher-user-core", ["--launcher", "user:carol@example.com", "--namespace", NAMESPACE],
                        ["--remote-identity", "SERVICE_ACCOUNT", "--namespace", NAMESPACE],
                        {"user": "carol@example.com", "groups": []}, ["core", "managed-account"],
                        launcher=True))
    # Teams need a workspace's own namespace and identity: SkyPilot 0.13.0 and later.
    if not SKYPILOT_VERSION or not SKYPILOT_VERSION.startswith(("0.10.", "0.11.", "0.12.")):
        setups += team_setups()
        # A context's own namespace: SkyPilot 0.13.0 and later too.
        setups.append(section_context_setup())
    return setups


# The SkyPilot version installed beside the scenarios: every skyauth output is asked for it.
SKYPILOT_VERSION = None


def installed_skypilot(python):
    """The version of `skypilot` or `skypilot-nightly` in `python`'s environment."""
    code = ("import importlib.metadata as m\n"
            "for name in ('skypilot', 'skypilot-nightly'):\n"
            "    try:\n        print(m.version(name)); break\n"
            "    except m.PackageNotFoundError:\n        pass\n")
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    version = result.stdout.strip()
    if not version:
        raise RuntimeError(f"{python} has neither skypilot nor skypilot-nightly installed")
    return version


def skyauth(binary, args):
    version = ["--skypilot-version", SKYPILOT_VERSION] if SKYPILOT_VERSION else []
    result = subprocess.run([binary] + version + args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"skyauth {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def control(port, path, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def start_stub(python, state):
    process = subprocess.Popen([python, str(HERE / "kube_stub.py"), "--state", str(state)],
                               stdout=subprocess.DEVNULL, stderr=open(state / "stub.log", "w"))
    deadline = time.time() + 30
    while time.time() < deadline:
        if (state / "stub.json").exists():
            return process, json.loads((state / "stub.json").read_text())
        if process.poll() is not None:
            raise RuntimeError(f"the stub exited: {(state / 'stub.log').read_text()[-2000:]}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the stub did not start within 30 s")


def kubeconfig(stub, token):
    return {
        "apiVersion": "v1", "kind": "Config", "current-context": CONTEXT,
        "clusters": [{"name": CONTEXT, "cluster": {"server": f"https://127.0.0.1:{stub['port']}",
                                                   "certificate-authority": stub["ca"]}}],
        "users": [{"name": CONTEXT, "user": {"token": token}},
                  {"name": CONTEXT + "-admin", "user": {"token": "stub-admin-token"}}],
        "contexts": [{"name": CONTEXT, "context": {"cluster": CONTEXT, "user": CONTEXT, "namespace": NAMESPACE}},
                     {"name": CONTEXT + "-admin", "context": {"cluster": CONTEXT, "user": CONTEXT + "-admin",
                                                              "namespace": NAMESPACE}}],
    }


def scenarios_for(setup):
    chosen = set(setup.only or setup.features)
    return [name for name, (features, _, _) in SCENARIOS.items()
            if set(features) <= set(setup.features) and set(features) & chosen]


def team_rbac(args, setup, home):
    """The config with every team, this team active, and the team's own RBAC file."""
    config_text = skyauth(args.skyauth, ["config"] + setup.config_args)
    config_path = home / "workspaces-config.yaml"
    config_path.write_text(config_text)
    out = home / "rbac"
    out.mkdir(exist_ok=True)
    skyauth(args.skyauth, ["rbac", "--workspace-config", str(config_path), "--out-dir", str(out)]
            + setup.rbac_args)
    sky_config = yaml.safe_load(config_text) or {}
    sky_config["active_workspace"] = setup.workspace
    return (out / f"team-{setup.workspace}-rbac.yaml").read_text(), sky_config


def run_setup(setup, args, stub, work):
    home = work / setup.name
    home.mkdir(parents=True, exist_ok=True)
    namespace = NAMESPACE
    if setup.workspace:
        manifest_text, sky_config = team_rbac(args, setup, home)
        namespace = team_namespace(setup.workspace)
    elif setup.namespace:
        config_text = skyauth(args.skyauth, ["config"] + setup.config_args)
        config_path = home / "section-config.yaml"
        config_path.write_text(config_text)
        manifest_text = skyauth(args.skyauth, ["rbac", "--workspace-config", str(config_path)] + setup.rbac_args)
        sky_config = yaml.safe_load(config_text) or {}
        namespace = setup.namespace
    else:
        manifest_text = skyauth(args.skyauth, ["rbac"] + setup.rbac_args)
        sky_config = yaml.safe_load(skyauth(args.skyauth, ["config"] + setup.config_args)) or {}
    objects = [doc for doc in yaml.safe_load_all(manifest_text) if doc]
    catalog = home / ".sky" / "catalogs" / "v8" / "kubernetes"
    catalog.mkdir(parents=True, exist_ok=True)
    (catalog / "images.csv").write_text(
        "Tag,ImageId\n"
        "skypilot:custom-cpu-ubuntu-2204-v1,docker.io/conformance/cpu:v1\n"
        "skypilot:custom-gpu-ubuntu-2204-v1,docker.io/conformance/gpu:v1\n"
        "skypilot:custom-cpu-ubuntu-2004,docker.io/conformance/cpu:v0\n"
        "skypilot:custom-gpu-ubuntu-2004,docker.io/conformance/gpu:v0\n")
    token = f"token-{setup.name}"
    kc_path = home / "kubeconfig"
    kc_path.write_text(yaml.safe_dump(kubeconfig(stub, token)))
    (home / "manifest.yaml").write_text(manifest_text)
    namespaces = ([NAMESPACE, SECTION_CONTEXT_VALUES[0]] + [ns for ns, _ in TEAMS.values()]
                  + [ns for ns, _ in TEAM_CONTEXT_VALUES.values()])
    control(stub["control"], "/reset", {"tokens": {token: setup.identity}, "enforce": True,
                                         "objects": [{"kind": "Namespace", "apiVersion": "v1",
                                                      "metadata": {"name": name}} for name in namespaces]
                                         + objects})
    plan = {"home": str(home), "kubeconfig": str(kc_path), "context": CONTEXT, "namespace": namespace,
            "workspace": setup.workspace,
            "control": stub["control"], "scenarios": scenarios_for(setup), "sky_config": sky_config,
            "shim_path": str(HERE / "stand-ins"), "timeout": args.timeout,
            "stub_ca": stub["ca"], "server": f"https://127.0.0.1:{stub['port']}", "port": stub["port"]}
    plan_path = home / "plan.json"
    plan_path.write_text(json.dumps(plan))
    started = time.time()
    result = subprocess.run([args.python, str(HERE / "scenarios.py"), str(plan_path)], capture_output=True,
                            text=True, timeout=args.timeout * (len(plan["scenarios"]) + 1))
    (home / "scenarios.log").write_text(result.stderr)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"scenarios.py failed for {setup.name}: {result.stderr[-3000:]}")
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    requests = [json.loads(line) for line in open(stub["requests"]) if line.strip()]
    pod_users = {r["user"] for r in requests if r.get("user", "").startswith("system:serviceaccount:")
                 and r.get("user") != setup.identity["user"] and r.get("user") != "stub-admin"}
    pods = [r for r in requests if r.get("user") in pod_users]
    requests = [r for r in requests if r.get("user") == setup.identity["user"]]
    return {"objects": objects, "outcome": outcome, "requests": requests, "pod_requests": pods,
            "seconds": time.time() - started}


# --- verdicts ---

def replay_denials(objects, requests, identity):
    """Requests a policy made of `objects` (plus what the clients created) would deny, in order."""
    policy = rbac.Policy()
    for obj in objects:
        policy.add(obj)
    denied = []
    for entry in requests:
        if not entry.get("resourceRequest"):
            continue
        req = rbac.Request(identity["user"], tuple(identity["groups"]) + ("system:authenticated",),
                           entry["verb"], entry["apiGroup"], entry["resource"], entry["subresource"],
                           entry["namespace"], entry["name"])
        allowed = policy.allows(req)
        body = entry.get("body")
        if allowed and body and entry["apiGroup"] == "rbac.authorization.k8s.io" and entry["verb"] == "create":
            candidate = dict(body)
            candidate.setdefault("metadata", {}).setdefault("namespace", entry["namespace"])
            if policy.escalation_denial(req, candidate):
                allowed = False
            else:
                policy.add(candidate)
        if not allowed:
            denied.append(entry)
    return denied


def describe(entry):
    resource = entry["resource"] + ("/" + entry["subresource"] if entry.get("subresource") else "")
    group = entry["apiGroup"] or "core"
    where = f"in {entry['namespace']}" if entry.get("namespace") else "cluster-wide"
    name = f" {entry['name']}" if entry.get("name") else ""
    return f"{entry['verb']} {group}/{resource}{name} {where}"


def manifest_rules(objects):
    for index, obj in enumerate(objects):
        if obj.get("kind") in ("Role", "ClusterRole"):
            for rule_index, rule in enumerate(obj.get("rules") or []):
                yield index, rule_index, obj, rule


def catalogue_grants(catalogue):
    for feature in catalogue["features"]:
        for grant in feature["grants"] + feature["launcher_grants"]:
            yield feature["id"], grant
    for profile in catalogue["profiles"]:
        for grant in profile["base"] + profile.get("docs_parity", []):
            yield "profile:" + profile["id"], grant


def kept_reason(catalogue, rule):
    """The catalogue's reason for keeping a rule no scenario needs: the grants with exactly the
    rule's groups, resources, names and verbs decide when there are any (a merged rule: those
    whose verbs it holds), and every one of them must carry a reason."""
    def same_target(grant):
        return (sorted(grant["api_groups"]) == sorted(rule.get("apiGroups") or [])
                and sorted(grant["resources"]) == sorted(rule.get("resources") or [])
                and sorted(grant["resource_names"]) == sorted(rule.get("resourceNames") or []))
    candidates = [g for _, g in catalogue_grants(catalogue) if same_target(g)]
    exact = [g for g in candidates if set(g["verbs"]) == set(rule.get("verbs") or [])]
    chosen = exact or [g for g in candidates if set(g["verbs"]) <= set(rule.get("verbs") or [])]
    if not chosen or any(not g.get("kept_because") for g in chosen):
        return None
    return "; ".join(sorted({g["kept_because"] for g in chosen}))


def covered_by_catalogue(catalogue, entry):
    """True when some catalogue grant (anywhere) allows the request's verb on its resource."""
    req = rbac.Request("x", (), entry["verb"], entry["apiGroup"], entry["resource"], entry["subresource"],
                       entry["namespace"], entry["name"])
    for _, grant in catalogue_grants(catalogue):
        rule = {"apiGroups": grant["api_groups"], "resources": grant["resources"], "verbs": grant["verbs"],
                "resourceNames": grant["resource_names"]}
        if rbac.rule_allows(rule, req):
            return True
    return False


def run_all(setups, args, work):
    """Runs the setups on `args.jobs` stubs at once; a setup's failure is its value."""
    queue = list(setups)
    runs = {}
    lock = threading.Lock()

    def worker(index):
        state = work / f"stub-{index}"
        state.mkdir()
        process, stub = start_stub(args.python, state)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    setup = queue.pop(0)
                try:
                    runs[setup.name] = run_setup(setup, args, stub, work)
                except Exception as error:  # noqa: BLE001 - reported as a failed check
                    runs[setup.name] = error
        finally:
            process.terminate()
            process.wait(timeout=10)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(max(1, args.jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return runs


def mutate(setup, run, catalogue, check, skip_rules=None):
    """Each rule of the manifest removed alone: some recorded request must then be denied. A
    rule that another rule of the same manifest covers is redundant, not needless, when
    requests used it; one no request used needs the catalogue's reason to be kept."""
    mutations = []
    allowed = [r for r in run["requests"] if r.get("resourceRequest") and r["allowed"]]
    baseline = {id(r) for r in replay_denials(run["objects"], run["requests"], setup.identity)}
    for index, rule_index, obj, rule in manifest_rules(run["objects"]):
        if skip_rules and json.dumps(rule, sort_keys=True) in skip_rules:
            continue
        mutated = [dict(o) for o in run["objects"]]
        target = dict(obj)
        target["rules"] = [r for i, r in enumerate(obj["rules"]) if i != rule_index]
        mutated[index] = target
        denied = [r for r in replay_denials(mutated, run["requests"], setup.identity) if id(r) not in baseline]
        label = f"{obj['kind']} {obj['metadata']['name']} rule {rule_index + 1} " \
                f"({','.join(rule.get('resources') or rule.get('nonResourceURLs') or [])}: " \
                f"{','.join(rule.get('verbs') or [])})"
        if denied:
            mutations.append({"rule": label, "caught_by": describe(denied[0])})
            continue
        users = [r for r in allowed if rbac.rule_allows(rule, rbac.Request(
            "x", (), r["verb"], r["apiGroup"], r["resource"], r["subresource"], r["namespace"], r["name"]))
            and (obj["kind"] == "ClusterRole" or r["namespace"] == obj["metadata"].get("namespace"))]
        if users:
            mutations.append({"rule": label, "redundant_with_another_rule": describe(users[0])})
            continue
        reason = kept_reason(catalogue, rule)
        mutations.append({"rule": label, "kept_because": reason})
        check(reason is not None,
              f"{setup.name}: without {label} no scenario is denied"
              + (f" (kept: {reason})" if reason else ", and the catalogue gives no reason to keep it"))
    caught = sum(1 for m in mutations if "caught_by" in m)
    redundant = sum(1 for m in mutations if "redundant_with_another_rule" in m)
    check(True, f"{setup.name}: mutation: {caught} of {len(mutations)} rules caught when removed"
                + (f", {redundant} redundant with another rule" if redundant else ""))
    return mutations


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", required=True, help="the Python that has SkyPilot installed")
    parser.add_argument("--skyauth", required=True, help="the skyauth binary")
    parser.add_argument("--only", action="append", help="run only these setups")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per scenario")
    parser.add_argument("--report", help="where to write the JSON report")
    parser.add_argument("--jobs", type=int, default=2, help="setups run at once, each on its own stub")
    args = parser.parse_args()

    global SKYPILOT_VERSION
    SKYPILOT_VERSION = installed_skypilot(args.python)
    print(f"SkyPilot {SKYPILOT_VERSION}: skyauth writes for it (--skypilot-version)", flush=True)
    catalogue = json.loads(skyauth(args.skyauth, ["catalogue"]))
    catalogue_ids = {f["id"] for f in catalogue["features"]}
    setups = [s for s in golden_setups(catalogue) if not args.only or s.name in args.only]
    checks = []  # (ok, line)

    def check(ok, line):
        checks.append((ok, line))
        print(("ok   " if ok else "FAIL ") + line, flush=True)

    exercised = {feature for features, _, _ in SCENARIOS.values() for feature in features}
    for feature in sorted(catalogue_ids):
        check(feature in exercised, f"catalogue feature {feature!r} has a scenario")

    report = {"setups": {}, "stand_ins": STAND_INS}
    used_requests = []
    # A setup that runs only its feature's scenarios mutates only the rules core has not.
    core_setup = next((s for s in golden_setups(catalogue)
                       if not s.only and s.features == ["core"] and not s.launcher), None)
    base_rules = {}
    if core_setup:
        core_objects = [d for d in yaml.safe_load_all(skyauth(args.skyauth, ["rbac"] + core_setup.rbac_args)) if d]
        core_rules = [json.dumps(rule, sort_keys=True) for *_, rule in manifest_rules(core_objects)]
        base_rules = {s.name: set(core_rules) for s in setups if s.only}
    with tempfile.TemporaryDirectory(prefix="skyauth-conformance-") as tmp:
        runs = run_all(setups, args, pathlib.Path(tmp))
    for setup in setups:
        run = runs[setup.name]
        if isinstance(run, Exception):
            check(False, f"{setup.name}: could not run: {run}")
            continue
        report["skypilot"] = run["outcome"]["skypilot"]
        requests = run["requests"]
        used_requests += requests
        entry = {"seconds": round(run["seconds"], 1), "scenarios": run["outcome"]["results"],
                 "requests": len(requests)}
        report["setups"][setup.name] = entry
        for result in run["outcome"]["results"]:
            mine = [r for r in requests if r.get("scenario") == result["scenario"] and r.get("resourceRequest")]
            result["requests"] = sorted({describe(r) + ("" if r["allowed"] else "  [DENIED]") for r in mine})
            denied = [r for r in mine if not r["allowed"]]
            line = f"{setup.name} / {result['scenario']}: "
            if denied:
                line += "denied " + "; ".join(sorted({describe(r) for r in denied}))
            elif not result["ok"]:
                line += "did not complete: " + result.get("error", "")
            else:
                line += f"{len(mine)} requests, none denied"
            check(not denied and result["ok"], line)
        entry["mutations"] = mutate(setup, run, catalogue, check, base_rules.get(setup.name))
    # Drift: requests no named catalogue grant covers.
    uncovered = sorted({describe(r) for r in used_requests
                        if r.get("resourceRequest") and not covered_by_catalogue(catalogue, r)})
    report["uncovered_requests"] = uncovered
    for line in uncovered:
        check(False, f"drift: SkyPilot made a request no catalogue grant names: {line}")
    unused = []
    for owner, grant in catalogue_grants(catalogue):
        rule = {"apiGroups": grant["api_groups"], "resources": grant["resources"], "verbs": grant["verbs"],
                "resourceNames": grant["resource_names"]}
        hit = any(rbac.rule_allows(rule, rbac.Request("x", (), r["verb"], r["apiGroup"], r["resource"],
                                                      r["subresource"], r["namespace"], r["name"]))
                  for r in used_requests if r.get("resourceRequest"))
        if not hit:
            unused.append(f"{owner}: {','.join(grant['resources'])} ({','.join(grant['verbs'])}) at {grant['place']}")
    report["unused_grants"] = sorted(set(unused))
    for line in report["unused_grants"]:
        print(f"note catalogue grant no scenario used: {line}")
    for key, text in STAND_INS.items():
        print(f"note stand-in ({key}): {text}")

    passed = sum(1 for ok, _ in checks if ok)
    failed = len(checks) - passed
    report["passed"], report["failed"] = passed, failed
    report_path = pathlib.Path(args.report or f"build/conformance/report-{report.get('skypilot', 'unknown')}.json")
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2))
    print(f"report: {report_path}")
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
