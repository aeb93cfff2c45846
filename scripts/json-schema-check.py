#!/usr/bin/env python3
"""Oracle: validates JSON documents against a JSON Schema (2020-12), with `jsonschema`.

    json-schema-check.py SCHEMA FILE...

Checks the schema itself first (a schema that is not one would accept anything), then each
FILE. Prints one line per failing file and exits 1 if any fails; 0 when all pass.
"""
import json
import sys

import jsonschema


def main(schema_path, paths):
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors[:3]:
            where = "/".join(str(part) for part in error.path) or "(top)"
            print(f"{path}: {where}: {error.message}")
        failures += bool(errors)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
