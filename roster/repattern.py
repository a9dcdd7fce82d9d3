"""Re-patterning, person by person: each person's working days chosen again around the rest.

A start built person by person (`roster.start`) settles each person's days before the
people after them are known; re-typing (`roster.retype`) then re-matches what is worked on
each day but keeps who works on which day. Over a year most of the shortfall left is in the
days themselves (a re-typed Instance22 start: 2,561 heads short, 204 people who could have
moved). Here each person in turn is taken out of the roster, and a dynamic program builds
their roster again against the heads the others leave open: a duty on an open head saves
its under-staffing weight, an extra head costs its over-staffing weight. Where the caller
asks for best responses (`multipliers`), `roster.best_response` maximises that worth, less
the person's requests, over the whole horizon, pricing the minutes window, caps and
weekends; `roster.pattern`, which follows rules of thumb about which days and lengths pay,
runs only where there is no best response (it costs about as much, and of the 393 rosters
kept on Instances 12, 19 and 23 of the Curtois & Qu benchmark it gave 6, 3 of them tied by
the best response). The new roster is kept only if it prices lower than the one it
replaces; both programs return only rosters that keep every hard rule of the person
(`roster.validate.person_violations`). Passes over everyone repeat while they gain, until
the deadline.

Only for models whose soft terms are coverage and requests (`roster.retype.retypable`), and
whose slots all take extra heads at a price (`roster.start.personal_rules_only`): no hard
rule ties people together.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from roster.best_response import best_response
from roster.domain import Problem
from roster.model.builder import BuiltModel
from roster.pattern import pattern_roster
from roster.retype import RequestCosts
from roster.start import alone

log = logging.getLogger(__name__)

Key = tuple  # (person, date, shift, post)
MAX_PASSES = 10  # passes over everyone; a pass that keeps nothing ends them


class Turns:
    """Where the passes over everyone stand from one call to the next. A call goes on with
    the person after the last one it reached: a pass cut short by its deadline would
    otherwise leave the same people (the last by id) out every time, as it did on
    Instance23 of the Curtois & Qu benchmark, where a pass of best responses over 100
    people takes longer than its share of the time. `quiet` is whether the last call
    ended with a whole pass that kept nothing."""

    def __init__(self) -> None:
        self.next = 0  # the place, in id order, of the person whose turn comes next
        self.quiet = False


def repattern(
    problem: Problem,
    built: BuiltModel,
    values: dict,
    deadline: float,
    multipliers: dict | None = None,
    turns: Turns | None = None,
) -> dict:
    """`values` (for `built.v.x`) with people's rosters rebuilt where that lowers the cost of
    coverage and requests, until `deadline` (checked person by person). With `multipliers`
    (each person's prices of the counted rules, kept from one call to the next), each
    person's best response (`roster.best_response`) is a candidate too. `turns` carries
    whose turn comes next from one call to the next."""
    started = time.monotonic()
    turns = Turns() if turns is None else turns
    turns.quiet = False
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

    def value_for(person: str):
        """What taking a key saves, less what the person's requests charge for it."""

        def value(key: Key) -> int:
            return gain(key) - requests.charge(person, key)

        return value

    passes = kept = 0
    saved = 0
    people = sorted(rosters)
    while passes < MAX_PASSES and time.monotonic() < deadline and people:
        passes += 1
        kept_this_pass = 0
        first, whole = turns.next % len(people), True
        for place in range(first, first + len(people)):
            if time.monotonic() >= deadline:
                whole = False
                break
            person = people[place % len(people)]
            turns.next = (place + 1) % len(people)
            old = rosters[person]
            staffed.subtract(key[1:] for key in old)
            keys = built.v.by_person.get(person, ())
            found = None
            if multipliers is not None:
                found = best_response(
                    by_themselves[person], person, keys, value_for(person), memo=multipliers
                )
            if found is None:  # the rules of thumb only where there is no best response
                found = pattern_roster(by_themselves[person], person, keys, gain)
            before = worth(person, old)
            after = worth(person, found) if found is not None else before
            if after > before:
                rosters[person], saved = found, saved + after - before
                kept_this_pass += 1
            staffed.update(key[1:] for key in rosters[person])
        kept += kept_this_pass
        if whole and not kept_this_pass:
            turns.quiet = True
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
