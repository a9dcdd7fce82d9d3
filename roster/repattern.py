"""Re-patterning, person by person: each person's working days chosen again around the rest.

A start built person by person (`roster.start`) settles each person's days before the
people after them are known; re-typing (`roster.retype`) then re-matches what is worked on
each day but keeps who works on which day. Over a year most of the shortfall left is in the
days themselves (a re-typed Instance22 start: 2,561 heads short, 204 people who could have
moved). Here each person in turn is taken out of the roster, and the dynamic program of
`roster.pattern` builds their roster again against the heads the others leave open: a duty
on an open head saves its under-staffing weight, an extra head costs its over-staffing
weight. The new roster is kept only if that, with the person's requests, prices it lower
than the one it replaces; the dynamic program returns only rosters that keep every hard rule
of the person (`roster.validate.person_violations`). Passes over everyone repeat while they
gain, until the deadline.

Only for models whose soft terms are coverage and requests (`roster.retype.retypable`), and
whose slots all take extra heads at a price (`roster.start.personal_rules_only`): no hard
rule ties people together.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from roster.domain import Problem
from roster.model.builder import BuiltModel
from roster.pattern import pattern_roster
from roster.retype import RequestCosts
from roster.start import alone

log = logging.getLogger(__name__)

Key = tuple  # (person, date, shift, post)
MAX_PASSES = 10  # passes over everyone; a pass that keeps nothing ends them


def repattern(problem: Problem, built: BuiltModel, values: dict, deadline: float) -> dict:
    """`values` (for `built.v.x`) with people's rosters rebuilt where that lowers the cost of
    coverage and requests, until `deadline` (checked person by person)."""
    started = time.monotonic()
    rosters: dict[str, list[Key]] = {person: [] for person in problem.org.people}
    for key, on in values.items():
        if on:
            rosters[key[0]].append(key)
    staffed: Counter = Counter(key[1:] for keys in rosters.values() for key in keys)
    slots, unfilled = built.v.slots, built.ctx.weights.unfilled
    requests = RequestCosts(problem, built)
    by_themselves = {person: alone(problem, person) for person in rosters}

    def gain(key: Key) -> int:
        """What taking `key` saves (an open head) or costs (an extra one), given the others."""
        return slots[key[1:]].next_head(staffed[key[1:]], unfilled)

    def worth(person: str, keys: list[Key]) -> int:
        """What a person's roster saves against the others' coverage, less what its requests
        cost."""
        return sum(gain(key) for key in keys) - requests.of(person, keys)

    passes = kept = 0
    saved = 0
    while passes < MAX_PASSES and time.monotonic() < deadline:
        passes += 1
        kept_this_pass = 0
        for person in sorted(rosters):
            if time.monotonic() >= deadline:
                break
            old = rosters[person]
            staffed.subtract(key[1:] for key in old)
            new = pattern_roster(
                by_themselves[person], person, built.v.by_person.get(person, ()), gain
            )
            if new is not None:
                before, after = worth(person, old), worth(person, new)
                if after > before:
                    rosters[person], saved = new, saved + after - before
                    kept_this_pass += 1
            staffed.update(key[1:] for key in rosters[person])
        kept += kept_this_pass
        if not kept_this_pass:
            break
    log.info(
        "re-patterning: %d rosters kept in %d passes, %d saved, %.2fs",
        kept,
        passes,
        saved,
        time.monotonic() - started,
    )
    chosen = {key for keys in rosters.values() for key in keys}
    return {key: key in chosen for key in built.v.x}
