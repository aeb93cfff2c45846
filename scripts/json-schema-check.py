#!/usr/bin/env python3
"""Oracle: validates JSON documents against a JSON Schema (2020-12), with `jsonschema`.

    json-schema-check.py [--lines] SCHEMA FILE...

Checks the schema itself first (a schema that is not one would accept anything), then each
FILE (with --lines, each line of each FILE: JSON Lines). Prints one line per failing
document and exits 1 if any fails; 0 when all pass.
"""
import json
import sys

import jsonschema


def documents(path, lines):
    """The documents of a file, with where each is: the file, or the file and line."""
    with open(path, encoding="utf-8") as handle:
        if not lines:
            return [(path, json.load(handle))]
        return [
            (f"{path}:{number}", json.loads(line))
            for number, line in enumerate(handle, start=1)
            if line.strip()
        ]


def main(schema_path, paths, lines=False):
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failures = 0
    for path in paths:
        for place, document in documents(path, lines):
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            for error in errors[:3]:
                where = "/".join(str(part) for part in error.path) or "(top)"
                print(f"{place}: {where}: {error.message}")
            failures += bool(errors)
    return 1 if failures else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    as_lines = arguments[:1] == ["--lines"]
    if as_lines:
        arguments = arguments[1:]
    if len(arguments) < 2:
        sys.exit(__doc__)
    sys.exit(main(arguments[0], arguments[1:], as_lines))
