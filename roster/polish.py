"""Polishing a person-by-person start: re-patterning and re-typing in turn, while they gain.

Re-patterning (`roster.repattern`) chooses each person's working days again around the
others; re-typing (`roster.retype`) keeps those days and re-matches what is worked on each.
Each leaves work for the other: on Instance22 of the Curtois & Qu benchmark (start roster
139,176) one round of each ended at 73,863, a second at 68,513 and a third at 68,008
(BENCHMARKS.md, "Eleventh session"). Rounds repeat until one changes nothing or the time
is up; each re-patterning gets at most half the time left, so that re-typing gets its turn.
"""

from __future__ import annotations

import logging
import time

from roster.domain import Problem
from roster.model.builder import BuiltModel
from roster.repattern import Turns, repattern
from roster.retype import retype_by_day

log = logging.getLogger(__name__)


def polish(
    problem: Problem,
    built: BuiltModel,
    values: dict,
    deadline: float,
    min_seconds: float,
    responses: bool = False,
    turns: Turns | None = None,
) -> tuple[dict, bool]:
    """`values` (for `built.v.x`) re-patterned and re-typed in rounds until `deadline`, and
    whether they settled (a whole pass of re-patterning kept nothing and re-typing changed
    nothing: more time would not change them either);
    neither step starts with less than `min_seconds` left (setting up and checking take time
    their deadlines do not bound). With `responses`, re-patterning tries each person's best
    response (`roster.best_response`), and the pattern only where there is none. `turns`
    (whose turn to be re-patterned comes next) may be carried over from an earlier
    polishing."""
    rounds, settled = 0, False
    # Each person's prices of the counted rules, from one re-patterning to the next.
    multipliers: dict | None = {} if responses else None
    turns = Turns() if turns is None else turns
    while not settled and deadline - time.monotonic() >= min_seconds:
        before = values
        half = time.monotonic() + (deadline - time.monotonic()) / 2
        values = repattern(problem, built, values, half, multipliers, turns)
        retyped = deadline - time.monotonic() >= min_seconds
        if retyped:
            values = retype_by_day(problem, built, values, deadline)
        rounds += 1
        # Settled: a whole pass of re-patterning kept nothing, and re-typing changed nothing.
        settled = retyped and turns.quiet and values == before
    log.info("polishing: %d rounds%s", rounds, ", settled" if settled else "")
    return values, settled
