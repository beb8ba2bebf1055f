"""The numbers domain: Flireo client, inventory cache, query language and Block Kit views (no Bolt here)."""

import sys

# StrEnum and datetime.UTC are Python 3.11 (pyproject: requires-python >= 3.11). Without this, an older Python
# stops at the first `from enum import StrEnum` with an ImportError that does not say what to do.
if sys.version_info < (3, 11):  # noqa: UP036  (the check must run on the old Python it is about)
    raise SystemExit(f"numbers needs Python 3.11 or newer; this is Python {sys.version.split()[0]}.")
