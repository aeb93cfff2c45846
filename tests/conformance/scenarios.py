"""Runs SkyPilot's own code, scenario by scenario, against the recording stub.

Owns: the scenarios (what a `sky` command does on Kubernetes, as SkyPilot's backend calls its
provisioning functions) and the guard that keeps them on loopback. SkyPilot is imported once;
each scenario runs in its own forked child process with its own `~/.sky/config.yaml`, a
bounded time, and its requests recorded under its name (the stub's control port). Nothing
here decides what SkyPilot needs: only SkyPilot's code makes requests.

    python scenarios.py PLAN.json     # PLAN: home, kubeconfig, context, control port, scenarios

Stand-ins, listed in every report (`STAND_INS`): what cannot run without containers.
"""
import json
import os
import pathlib
import signal
import socket
import sys
import time
import traceback
import urllib.request

STAND_INS = {
    "runtime": "SkyPilot's runtime setup over SSH (Ray, skylet, file mounts, the job) is not "
               "run: there is no container. The `kubectl exec` calls SkyPilot's own code makes "
               "(the login-user probe, one command through its command runner) are made.",
    "kubectl": "`kubectl exec` and `kubectl port-forward` are a stand-in "
               "(tests/conformance/stand-ins/kubectl.py): it makes the requests kubectl makes "
               "before streaming (deployment or service to pod, then the pods/exec or "
               "pods/portforward upgrade, authorized as create) with the kubeconfig's "
               "credentials, then answers as a container would (the login user; success). "
               "Every other kubectl command is the real kubectl.",
    "ssh": "`socat` and `nc` are stand-ins that answer SkyPilot's presence check only: no SSH "
           "proxying or port-forward tunnel runs.",
    "kubelet": "Pods are Running and Ready, claims Bound and daemonsets ready the moment they "
               "are created; exec, attach, port-forward and logs are refused after authorization.",
    "catalog": "SkyPilot's Kubernetes image catalog is a local file (no download).",
    "admission": "No admission control: Pod Security, quotas and webhooks are not modelled.",
}


def guard_network():
    """Refuses every connection and name lookup outside 127.0.0.0/8 (and ::1)."""
    def loopback(host):
        return host is None or host in ("localhost", "::1") or str(host).startswith("127.")

    connect = socket.socket.connect
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):
        if isinstance(address, tuple) and not loopback(address[0]):
            raise ConnectionRefusedError(f"conformance: no network outside loopback ({address[0]})")
        return connect(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"conformance: no DNS outside loopback ({host})")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.getaddrinfo = guarded_getaddrinfo


def control(port, path, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


class Sky:
    """SkyPilot's modules, imported once in the parent (the children inherit them)."""

    def __init__(self):
        import sky
        from sky import clouds, global_user_state, models, provision, resources, skypilot_config
        from sky import check as sky_check
        from sky import core as sky_core
        from sky.backends import backend_utils
        from sky.backends import cloud_vm_ray_backend
        from sky.provision import provisioner
        from sky.utils import resources_utils
        self.version = sky.__version__
        self.clouds, self.global_user_state, self.models = clouds, global_user_state, models
        self.provision, self.resources, self.config = provision, resources, skypilot_config
        self.check, self.core, self.backend_utils = sky_check, sky_core, backend_utils
        self.template = cloud_vm_ray_backend._get_cluster_config_template  # pylint: disable=protected-access
        self.provisioner, self.resources_utils = provisioner, resources_utils


class Run:
    """One scenario's context: the stub's context name, a scratch folder, notes for the report."""

    def __init__(self, sky, plan):
        self.sky, self.plan = sky, plan
        self.context = plan["context"]
        self.notes = []
        self.scratch = pathlib.Path(plan["home"]) / "scratch"
        self.scratch.mkdir(exist_ok=True)

    # --- a cluster's life, as the backend drives it ---

    def pod_container(self, action):
        """Stands in for the head pod's container: once the pod exists, runs `action(pod)` in a
        thread with the pod's own service-account token registered at the stub."""
        import ssl
        stub_ca, server = self.plan["stub_ca"], self.plan["server"]
        namespace = self.plan["namespace"]

        def admin_get(path):
            request = urllib.request.Request(server + path, headers={"Authorization": "Bearer stub-admin-token"})
            with urllib.request.urlopen(request, context=ssl.create_default_context(cafile=stub_ca),
                                        timeout=10) as response:
                return json.loads(response.read())

        def body():
            deadline = time.time() + 60
            while time.time() < deadline:
                pods = admin_get(f"/api/v1/namespaces/{namespace}/pods")["items"]
                heads = [p for p in pods if p["metadata"]["name"].endswith("-head")]
                if heads:
                    pod = heads[0]
                    account = pod["spec"].get("serviceAccountName") or "default"
                    token = f"pod-token-{pod['metadata']['name']}"
                    control(self.plan["control"], "/token", {"token": token, "identity": {
                        "user": f"system:serviceaccount:{namespace}:{account}",
                        "groups": ["system:serviceaccounts", f"system:serviceaccounts:{namespace}"]}})
                    try:
                        action(pod, token)
                    except BaseException as error:  # noqa: BLE001 - reported with the scenario
                        self.notes.append(f"the pod's own step failed: {type(error).__name__}: {error}")
                    return
                time.sleep(0.2)
            self.notes.append("the head pod never appeared")

        import threading
        thread = threading.Thread(target=body, daemon=True)
        thread.start()
        return thread

    def launch(self, name, ports=None, requires_fuse=False, teardown=True, in_pod=None):
        sky = self.sky
        cloud = sky.clouds.Kubernetes()
        resources = sky.resources.Resources(cloud=cloud, instance_type="2CPU--8GB", region=self.context,
                                            ports=ports, _requires_fuse=requires_fuse or None)
        region = sky.clouds.Region(self.context)
        wheel = self.scratch / "skypilot.whl"
        wheel.touch()
        config = sky.backend_utils.write_cluster_config(resources, 1, sky.template(cloud), name, wheel,
                                                        "conformance", region=region, zones=None)
        cluster = sky.resources_utils.ClusterName(display_name=name,
                                                  name_on_cloud=config["cluster_name_on_cloud"])
        self.last_name_on_cloud = config["cluster_name_on_cloud"]
        cluster_yaml = config["ray"]
        container = self.pod_container(in_pod) if in_pod else None
        sky.provisioner.bulk_provision(cloud, region, None, cluster, 1, cluster_yaml, False,
                                       str(self.scratch / "logs"), ports_to_open_on_launch=None)
        provider = sky.global_user_state.get_cluster_yaml_dict(cluster_yaml)["provider"]
        on_cloud = cluster.name_on_cloud
        if container:
            container.join(timeout=60)
        info = sky.provision.get_cluster_info("kubernetes", self.context, on_cloud, provider_config=provider)
        sky.provision.query_instances("kubernetes", name, on_cloud, provider)
        runners = sky.provision.get_command_runners("kubernetes", info)
        code = runners[0].run("true", stream_logs=False, require_outputs=False)
        if code != 0:
            raise RuntimeError(f"a command through SkyPilot's runner (kubectl exec) returned {code}")
        if ports:
            sky.provision.open_ports("kubernetes", on_cloud, ports, provider)
            head = info.get_head_instance()
            sky.provision.query_ports("kubernetes", on_cloud, ports, head_ip=head.external_ip if head else None,
                                      provider_config=provider)
            sky.provision.cleanup_ports("kubernetes", on_cloud, ports, provider)
        if teardown:
            sky.provisioner.teardown_cluster("kubernetes", cluster, terminate=True, provider_config=provider)
        return provider

    def volume(self, kind, config):
        sky = self.sky
        volume = sky.models.VolumeConfig(_version=1, name=f"conf-{kind}", type=kind, cloud="kubernetes",
                                         region=self.context, zone=None, name_on_cloud=f"conf-{kind}-c0ffee",
                                         size="1", config=config)
        volume = sky.provision.apply_volume("kubernetes", volume)
        sky.provision.get_all_volumes_usedby("kubernetes", [volume])
        sky.provision.delete_volume("kubernetes", volume)


def _namespace(plan):
    return plan.get("namespace") or "default"


# Each scenario: (the features it exercises, the sky config it adds, what it does).
def sc_check(run):
    from sky.clouds import cloud as sky_cloud
    # A team checks its own workspace (`sky check --workspace NAME`): a plain `sky check`
    # probes every workspace's namespace, where a team's identity is refused by design.
    result = run.sky.check.check_capabilities(quiet=True, clouds=["kubernetes"],
                                              capabilities=[sky_cloud.CloudCapability.COMPUTE],
                                              workspace=run.plan.get("workspace"))
    enabled = [c for ws in result.values() for c in ws]
    if not any("kubernetes" in str(c).lower() for c in enabled):
        raise RuntimeError(f"sky check did not enable Kubernetes: {result}")


def sc_launch(run):
    run.launch("conf-launch")


def sc_ingress(run):
    run.launch("conf-ingress", ports=["8888"])


def sc_volumes_pvc(run):
    run.volume("k8s-pvc", {"namespace": _namespace(run.plan), "access_mode": "ReadWriteOnce"})


def sc_volumes_hostpath(run):
    run.volume("k8s-hostpath", {"host_path": "/mnt/conformance", "cleanup_on_deletion": True,
                                "namespace": _namespace(run.plan)})


def sc_gpus_list(run):
    run.sky.core.realtime_kubernetes_gpu_availability(context=run.context)


def sc_object_store(run):
    run.launch("conf-fuse", requires_fuse=True)


def sc_host_network(run):
    """hostNetwork pods: the head pod's own probe (SkyPilot's host_network_probe, run with the
    pod's service-account token) publishes its ports to a ConfigMap the launcher then reads."""
    from sky.provision.kubernetes import host_network_probe as probe

    def publish(pod, token):
        secrets = run.scratch / "pod-secrets"
        secrets.mkdir(exist_ok=True)
        (secrets / "token").write_text(token)
        probe._SA_TOKEN_PATH = str(secrets / "token")  # pylint: disable=protected-access
        probe._SA_CA_PATH = run.plan["stub_ca"]  # pylint: disable=protected-access
        os.environ.update({"KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": str(run.plan["port"]),
                           "SKYPILOT_POD_NAME": pod["metadata"]["name"],
                           "SKYPILOT_POD_UID": pod["metadata"]["uid"]})
        cluster = pod["metadata"]["name"][: -len("-head")]
        probe.main(["--mode", "head", "--env-file", str(run.scratch / "ray-ports.env"),
                    "--configmap-name", probe.ray_ports_configmap_name(cluster),
                    "--configmap-namespace", pod["metadata"]["namespace"]])

    run.launch("conf-hostnet", in_pod=publish)


def sc_ha_controllers(run):
    from sky.utils import controller_utils
    name = controller_utils.Controllers.JOBS_CONTROLLER.value.cluster_name
    run.launch(name)


def sc_controller(run, suffix="plain"):
    """A serve controller, launched in a keyword mode: on the nightly only controllers get
    SkyPilot's cluster role and its skypilot-system and ingress-nginx roles. SkyPilot knows a
    controller by its display name's prefix; each scenario's own name keeps its state apart."""
    from sky.utils import common
    run.launch(f"{common.SKY_SERVE_CONTROLLER_PREFIX}conf-{suffix}")


def sc_ingress_controller(run):
    sc_controller(run, "ingress")


def sc_autodown(run):
    """The workload account inside the head pod tears its own cluster down (autodown): the
    cluster is launched by the cluster's admin (context `CONTEXT-admin`, not judged), then
    SkyPilot's teardown runs with the setup's identity."""
    admin = run.plan["context"] + "-admin"
    launcher = Run(run.sky, {**run.plan, "context": admin})
    control(run.plan["control"], "/scenario", {"name": "autodown-launch"})
    provider = launcher.launch("conf-autodown", teardown=False)
    control(run.plan["control"], "/scenario", {"name": "autodown"})
    provider = {**provider, "context": run.plan["context"]}
    name = run.sky.resources_utils.ClusterName(display_name="conf-autodown",
                                               name_on_cloud=provider.get("cluster_name_on_cloud")
                                               or launcher.last_name_on_cloud)
    # skylet's autostop path (sky/skylet/events.py): the breadcrumb event, then the teardown.
    from sky.provision.kubernetes import instance as k8s_instance
    emit = getattr(k8s_instance, "emit_autostop_event_best_effort", None)
    if emit is not None:
        emit(provider, name.name_on_cloud)
    run.sky.provisioner.teardown_cluster("kubernetes", name, terminate=True, provider_config=provider)


def sc_gpu_metrics(run):
    """The API server's GPU metrics: its Prometheus request for the context (a port-forward to
    the configured `metrics.prometheus` service), and the cluster-identity read it makes to
    tell whether the context is its own cluster (`is_local_context`, on a server in a pod)."""
    import asyncio
    from sky.adaptors import kubernetes as kubernetes_adaptors
    from sky.metrics import utils as metrics_utils
    fetch = getattr(metrics_utils, "get_metrics_for_context", None)
    if fetch is None:
        raise RuntimeError("this SkyPilot has no metrics.utils.get_metrics_for_context")
    try:
        asyncio.run(asyncio.wait_for(fetch(run.context), 60))
    except Exception as error:  # noqa: BLE001 - no Prometheus runs here; the requests are what count
        run.notes.append(f"metrics request did not complete (expected: no pod runs): {error}")
    identity = getattr(metrics_utils, "_read_cluster_identity_uid", None)
    if identity is not None:
        identity(kubernetes_adaptors.core_api(run.context))


SCENARIOS = {
    "check": (["core"], {}, sc_check),
    "launch": (["core"], {}, sc_launch),
    "ingress": (["ingress"], {"ports": "ingress"}, sc_ingress),
    "volumes-pvc": (["volumes"], {}, sc_volumes_pvc),
    "volumes-hostpath": (["volumes"], {}, sc_volumes_hostpath),
    "gpus-list": (["gpu-list"], {}, sc_gpus_list),
    "object-store": (["object-store"], {}, sc_object_store),
    "host-network": (["host-network"], {"pod_config": {"spec": {"hostNetwork": True}}}, sc_host_network),
    # The launcher's own: a controller in a keyword mode, with and without `ports: ingress`.
    "controller": (["managed-account"], {}, sc_controller),
    "ingress-controller": (["ingress", "managed-account"], {"ports": "ingress"}, sc_ingress_controller),
    "ha-controllers": (["ha-controllers"], {"__top__": {"jobs": {"controller": {"high_availability": True}}}},
                       sc_ha_controllers),
    "gpu-metrics": (["gpu-metrics"], {}, sc_gpu_metrics),
    # Not a feature: what the workload profile is for (run only by the setups that name it).
    "autodown": (["autodown"], {}, sc_autodown),
}


def write_sky_config(plan, extra):
    """The setup's generated config, with the scenario's own keys merged under `kubernetes:`."""
    import yaml
    config = json.loads(json.dumps(plan.get("sky_config") or {}))
    kubernetes = config.setdefault("kubernetes", {})
    for key, value in extra.items():
        if key == "__top__":
            config.update(value)
        else:
            kubernetes[key] = value
    path = pathlib.Path(plan["home"]) / ".sky" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config))
    return config


def run_one(sky, plan, name, out_fd):
    _, extra, action = SCENARIOS[name]
    write_sky_config(plan, extra)
    sky.config.reload_config()
    run = Run(sky, plan)
    signal.alarm(int(plan.get("timeout", 90)))
    result = {"scenario": name, "ok": True, "notes": run.notes}
    started = time.time()
    try:
        control(plan["control"], "/scenario", {"name": name})
        action(run)
    except BaseException as error:  # noqa: BLE001 - every failure is reported, none is fatal here
        result.update(ok=False, error=f"{type(error).__name__}: {error}"[:2000],
                      trace=traceback.format_exc()[-4000:])
    finally:
        control(plan["control"], "/scenario", {"name": ""})
    result["seconds"] = round(time.time() - started, 2)
    os.write(out_fd, (json.dumps(result) + "\n").encode())


def main(plan_path):
    plan = json.loads(pathlib.Path(plan_path).read_text())
    os.environ["HOME"] = plan["home"]
    os.environ["KUBECONFIG"] = plan["kubeconfig"]
    os.environ["SKYPILOT_DISABLE_USAGE_COLLECTION"] = "1"
    os.environ["PATH"] = plan["shim_path"] + os.pathsep + os.environ.get("PATH", "")
    os.environ["SKYAUTH_CONFORMANCE_PYTHON"] = sys.executable
    guard_network()
    write_sky_config(plan, {})
    sky = Sky()
    results = []
    for name in plan["scenarios"]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                run_one(sky, plan, name, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        chunks = []
        while True:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
        text = b"".join(chunks).decode()
        if text.strip():
            results.append(json.loads(text))
        else:
            results.append({"scenario": name, "ok": False,
                            "error": f"the scenario's process ended without a result (status {status}): "
                                     "killed by its time limit?"})
    print(json.dumps({"skypilot": sky.version, "results": results}))


if __name__ == "__main__":
    main(sys.argv[1])
