"""How many examples a heavy property test tries: all of them in the CI profile, a fifth by default."""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.register_profile("ci", print_blob=True)
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """`full` under HYPOTHESIS_PROFILE=ci (what .ci/run sets), else a fifth of it, at least 10."""
    return full if PROFILE == "ci" else max(10, full // 5)
