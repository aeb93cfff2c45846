"""Times what SkyPilot's own check does on the benchmark kubeconfig: load it with PyYAML and
walk the users for `exec`. Prints the median of 10 runs, and the ratio to skyauth's own
diagnosis of the same file, read from the criterion run `make bench` made just before."""
import json
import pathlib
import statistics
import sys
import time

import yaml

path = sys.argv[1]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
times = []
for _ in range(10):
    start = time.perf_counter()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    config = yaml.load(text, Loader=loader)
    exec_users = [u["name"] for u in config.get("users") or [] if "exec" in (u.get("user") or {})]
    times.append((time.perf_counter() - start) * 1000)
pyyaml = statistics.median(times)
print(f"pyyaml ({loader.__name__}): median {pyyaml:.1f} ms over 10 runs, {len(exec_users)} exec users")

estimates = pathlib.Path("target/criterion/diagnose_ 1 MiB kubeconfig, 500 contexts/new/estimates.json")
if estimates.exists():
    skyauth = json.loads(estimates.read_text())["median"]["point_estimate"] / 1e6
    print(f"skyauth diagnose (criterion median): {skyauth:.1f} ms; PyYAML load alone takes {pyyaml / skyauth:.1f}x as long")
