"""A test-only hook that lets the reliability tests kill `roster publish` at a named stage.

When the environment variable `ROSTER_TEST_PAUSE_AT` names a stage, the process prints
`roster: paused at <stage>` to stderr and sleeps (up to an hour) when it reaches that stage,
so a test can SIGKILL it there (tests/test_publish_kill.py). Unset, as in production, every
call is one dictionary lookup. Stages, in the order a publish run reaches them:

- `solved`: the roster is solved and validated; nothing is written yet.
- `store-commit`: inside the store transaction that saves the version, before COMMIT.
- `committed`: the version is committed; the exports are not written yet.
- `exports-partial`: half of the new export set is written in `.<out>.new`.
- `exports-swap`: the old set is moved aside, the new set not yet moved into place.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "ROSTER_TEST_PAUSE_AT"
STAGES = ("solved", "store-commit", "committed", "exports-partial", "exports-swap")


def pause_at(stage: str) -> None:
    """Sleep here if `ROSTER_TEST_PAUSE_AT` names `stage` (test-only; see the module doc)."""
    if os.environ.get(ENV) != stage:
        return
    print(f"roster: paused at {stage}", file=sys.stderr, flush=True)
    time.sleep(3600)
