"""kubernetes-validate's own command line, reading each schema file once per run.

kubernetes-validate opens and parses its JSON schemas (the definitions file is megabytes) again
for every document it checks, which made it most of the integration tier's time: the tests
check thousands of documents. This caches that read and changes nothing else: the arguments,
the validation and the exit status are the package's own.

    python kubernetes_validate_once.py --strict --quiet -k 1.33.0 FILE...
"""
import functools
import sys

import kubernetes_validate.utils as utils

utils.schema_contents = functools.lru_cache(maxsize=None)(utils.schema_contents)

from kubernetes_validate.__main__ import main  # noqa: E402  (after the cache is in place)

sys.argv[0] = "kubernetes-validate"
sys.exit(main())
