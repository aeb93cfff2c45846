"""Times what SkyPilot's own check does on the benchmark kubeconfig: load it with PyYAML and
walk the users for `exec`. Prints the median of 10 runs in milliseconds."""
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
print(f"pyyaml ({loader.__name__}): median {statistics.median(times):.1f} ms over 10 runs, {len(exec_users)} exec users")
