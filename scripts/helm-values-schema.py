#!/usr/bin/env python3
"""Oracle: checks Helm values files for SkyPilot's chart.

    helm-values-schema.py SCHEMA VALUES...

Each VALUES file is read with PyYAML (as Helm's YAML 1.1-ish reader would) and validated
against SCHEMA (JSON Schema); its `apiService.config` text must be a YAML mapping, which is
written next to it as VALUES.config.yaml for the SkyPilot schema oracle. Prints one line per
failure and 'N passed, N failed'; exits 1 if any fails.
"""
import json
import sys

import jsonschema
import yaml


def main(schema_path, paths):
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            values = yaml.safe_load(handle)
        try:
            jsonschema.validate(values, schema)
            config = yaml.safe_load(values["apiService"]["config"])
            if not isinstance(config, dict):
                raise ValueError("apiService.config is not a YAML mapping")
            with open(path + ".config.yaml", "w", encoding="utf-8") as out:
                yaml.safe_dump(config, out)
        except (jsonschema.ValidationError, ValueError, yaml.YAMLError) as error:
            failures += 1
            print(f"FAIL {path}: {error}")
    print(f"{len(paths) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
