#!/usr/bin/env python3
"""Oracle: validates SkyPilot config files against SkyPilot's own schema, as an API server does.

    skypilot-schema.py FILE...

Each FILE holds one config (`kubernetes: ...`), read with PyYAML as SkyPilot reads it (YAML
1.1: an unquoted `on` would be a boolean). The schema is `sky.utils.schemas.get_config_schema()`
from the `skypilot` package, in strict server mode: IS_SKYPILOT_SERVER=1 with plugins counted
as loaded, so an unknown key is an error, as on an API server (a client accepts it).
Prints one line per failing file and exits 1 if any fails; 0 when all pass.
"""
import os
import sys

os.environ["IS_SKYPILOT_SERVER"] = "1"

import yaml  # noqa: E402
from sky.server import plugins  # noqa: E402
from sky.utils import common_utils, schemas  # noqa: E402

plugins._plugins_loaded = True  # pylint: disable=protected-access


def main(paths):
    schema = schemas.get_config_schema()
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            config = yaml.safe_load(handle)
        try:
            common_utils.validate_schema(config, schema, f"{path}: ")
        except ValueError as error:
            failures += 1
            print(f"FAIL {path}: {error}")
    print(f"{len(paths) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
