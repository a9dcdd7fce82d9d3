"""Curtois & Qu benchmark: parser, schedule TSV, evaluator and size facts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from roster.bench.curtois_eval import Evaluation, evaluate, evaluate_files, main
from roster.bench.curtois_format import (
    MISSING_MAX_SHIFTS,
    CurtoisFormatError,
    CurtoisInstance,
    ScheduleRow,
    parse_instance,
    read_schedule_tsv,
    write_schedule_tsv,
)
from roster.bench.curtois_summary import (
    instance_paths,
    read_best_known,
    summarize,
    summarize_paths,
)

DATA = Path(__file__).parent / "data" / "curtois"
REFERENCES = DATA / "reference-rosters"
BENCH = Path(__file__).parents[1] / "bench" / "curtois"


def _index() -> list[tuple[str, str, int]]:
    with (REFERENCES / "INDEX.tsv").open(newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [(r["roster"], r["instance"], int(r["objective"])) for r in reader]


INDEX = _index()


def _instance(number: int) -> CurtoisInstance:
    return parse_instance(DATA / f"Instance{number}.txt")


def _roster(name: str) -> list[ScheduleRow]:
    return read_schedule_tsv(REFERENCES / name)


def _tags(result: Evaluation) -> set[int]:
    """Numbers of the hard constraints reported (violations read `HCn name: ...`)."""
    return {int(v.split()[0][2:]) for v in result.violations}


def _replace(rows: list[ScheduleRow], old: ScheduleRow, new: ScheduleRow) -> list[ScheduleRow]:
    assert old in rows, old
    return [new if row == old else row for row in rows]


def _remove(rows: list[ScheduleRow], *gone: ScheduleRow) -> list[ScheduleRow]:
    for row in gone:
        assert row in rows, row
    return [row for row in rows if row not in gone]


# --------------------------------------------------------------------------- reference rosters


def test_index_covers_every_reference_roster() -> None:
    listed = {roster for roster, _, _ in INDEX}
    on_disk = {p.name for p in REFERENCES.glob("Instance*.tsv")}
    assert listed == on_disk
    assert len(listed) == 18


@pytest.mark.parametrize(("roster", "instance", "objective"), INDEX, ids=[r for r, _, _ in INDEX])
def test_reference_roster_objective(roster: str, instance: str, objective: int) -> None:
    result = evaluate(parse_instance(DATA / instance), _roster(roster))
    assert result.violations == []
    assert result.feasible
    assert result.objective == objective
    assert sum(result.breakdown.values()) == result.objective


def test_instance1_reference_breakdown() -> None:
    result = evaluate(_instance(1), _roster("Instance1-a.tsv"))
    assert result.breakdown == {
        "shift_on_requests": 4,
        "shift_off_requests": 3,
        "cover_under": 600,
        "cover_over": 1,
    }


# --------------------------------------------------------------------------- hand-computed


def test_instance1_hand_computed_penalties() -> None:
    rows = [
        *[("B", day, "D") for day in range(5)],  # grants B's five on-requests (weight 3)
        ("F", 0, "D"),  # grants F,0 (weight 2); F,1 stays unmet
        ("A", 2, "D"),  # grants A,2 (weight 2); A,3 stays unmet
        ("H", 2, "D"),  # breaks off-request H,2 (weight 3)
        ("C", 12, "D"),  # breaks off-request C,12 (weight 1)
        ("D", 10, "D"),
        ("E", 10, "D"),
        ("G", 10, "D"),  # three on day 10, one above its requirement of 2
    ]
    result = evaluate(_instance(1), rows)
    # On-requests: all weights A 2+2, B 5*3, C 5*1, D 2+2, F 2+2, H 5*1 = 4+15+5+4+4+5 = 37;
    # granted A,2 (2) + B,0..4 (15) + F,0 (2) = 19, so unmet = 37 - 19 = 18.
    on = 18
    # Off-requests: C,12 (1), C,13 (1), F,8 (3), H,2 (3), H,3 (3); worked H,2 and C,12: 3 + 1 = 4.
    off = 4
    # Cover, requirement per day 0..13: 5 7 6 4 5 5 5 6 7 4 2 5 6 4 (weights 100 under, 1 over).
    # Staffed:                          2 1 3 1 1 0 0 0 0 0 3 0 1 0
    # Under (units):                    3 6 3 3 4 5 5 6 7 4 0 5 5 4 = 60 -> 60 * 100 = 6000
    # Over: day 10 has 3 for 2 -> 1 * 1 = 1
    under, over = 6000, 1
    assert result.breakdown == {
        "shift_on_requests": on,
        "shift_off_requests": off,
        "cover_under": under,
        "cover_over": over,
    }
    assert result.objective == on + off + under + over == 6023
    # Such a thin roster breaks minimum total minutes, and the penalties are still computed.
    assert 4 in _tags(result)


def test_empty_schedule_pays_every_on_request_and_all_cover() -> None:
    result = evaluate(_instance(1), [])
    # 37 on-request weight (see above) + 71 uncovered heads * 100.
    assert result.objective == 37 + 7100
    assert _tags(result) == {4}


# --------------------------------------------------------------------------- hard constraints
# Each mutation of a feasible reference roster breaks exactly one hard constraint.


def test_hc1_two_shifts_on_one_day() -> None:
    # Instance2-a: B works E on day 8 and L on day 9; add E on day 9 (9 shifts = 4320 min, the max).
    rows = [*_roster("Instance2-a.tsv"), ("B", 9, "E")]
    result = evaluate(_instance(2), rows)
    assert _tags(result) == {1}
    assert result.violated(1) == ["HC1 one shift per day: B works E, L on day 9"]


def test_hc1_duplicate_row() -> None:
    rows = _roster("Instance1-a.tsv")
    result = evaluate(_instance(1), [*rows, rows[0]])
    assert _tags(result) == {1}
    assert result.objective == 608  # a duplicate row is not counted twice


def test_hc2_forbidden_succession() -> None:
    # Instance2: E may not follow L. G works L on days 7 and 8; make day 8 an E.
    rows = _replace(_roster("Instance2-a.tsv"), ("G", 8, "L"), ("G", 8, "E"))
    result = evaluate(_instance(2), rows)
    assert _tags(result) == {2}
    assert result.violated(2) == ["HC2 shift succession: G works L on day 7 then E on day 8"]


def test_hc3_max_shifts_per_type() -> None:
    # Instance2: employee D may never work L (MaxShifts L=0); D's E on day 10 has day 11 off.
    rows = _replace(_roster("Instance2-a.tsv"), ("D", 10, "E"), ("D", 10, "L"))
    result = evaluate(_instance(2), rows)
    assert _tags(result) == {3}
    assert result.violated(3) == ["HC3 max shifts per type: D works L on 1 days (max 0)"]


def test_hc4_total_minutes_below_minimum() -> None:
    # Instance1-a: A works 8 shifts; dropping the final run (days 12, 13) leaves 2880 < 3360.
    rows = _remove(_roster("Instance1-a.tsv"), ("A", 12, "D"), ("A", 13, "D"))
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {4}
    assert result.violated(4) == ["HC4 total minutes: A works 2880 min (min 3360)"]


def test_hc4_total_minutes_above_maximum() -> None:
    # Instance1-a: B works 9 shifts (4320, the max); a tenth on day 9 gives 4800.
    rows = [*_roster("Instance1-a.tsv"), ("B", 9, "D")]
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {4}
    assert result.violated(4) == ["HC4 total minutes: B works 4800 min (max 4320)"]


def test_hc5_run_too_long() -> None:
    # Instance1-a: D works days 5-9; day 10 makes a run of 6 (max 5).
    rows = [*_roster("Instance1-a.tsv"), ("D", 10, "D")]
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {5}
    assert result.violated(5) == [
        "HC5 max consecutive shifts: D works 6 days in a row, days 5-10 (max 5)"
    ]


def test_hc6_run_too_short() -> None:
    # Instance1-a: B works days 7, 8; dropping day 8 leaves a single working day (min 2).
    rows = _remove(_roster("Instance1-a.tsv"), ("B", 8, "D"))
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {6}
    assert result.violated(6) == [
        "HC6 min consecutive shifts: B works 1 day(s) in a row, day 7 (min 2)"
    ]


def test_hc7_days_off_run_too_short() -> None:
    # Instance1-a: A works 7-9 and 12-13; working day 10 leaves day 11 as a lone day off (min 2).
    rows = [*_roster("Instance1-a.tsv"), ("A", 10, "D")]
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {7}
    assert result.violated(7) == [
        "HC7 min consecutive days off: A is off 1 day(s) in a row, day 11 (min 2)"
    ]


def test_hc8_too_many_weekends() -> None:
    # Instance1-a: A works weekend 1 (days 12, 13) only; Sunday 6 adds weekend 0 (max 1).
    rows = [*_roster("Instance1-a.tsv"), ("A", 6, "D")]
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {8}
    assert result.violated(8) == ["HC8 max weekends: A works 2 weekends (0, 1; max 1)"]


def test_hc9_shift_on_day_off() -> None:
    # Instance1: day 0 is a fixed day off for A; A-a starts working on day 1.
    rows = [*_roster("Instance1-a.tsv"), ("A", 0, "D")]
    result = evaluate(_instance(1), rows)
    assert _tags(result) == {9}
    assert result.violated(9) == ["HC9 days off: A works D on day off 0"]


@pytest.mark.parametrize(
    "row", [("ZZ", 1, "D"), ("A", 1, "X"), ("A", 14, "D"), ("A", -1, "D")], ids=str
)
def test_rows_outside_the_instance(row: ScheduleRow) -> None:
    result = evaluate(_instance(1), [*_roster("Instance1-a.tsv"), row])
    assert _tags(result) == {0}
    assert result.objective == 608  # the bad row is ignored for every count


# --------------------------------------------------------------------------- boundary conventions

TINY = """\
# one shift type, one employee
SECTION_HORIZON
14

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=14,10000,0,3,2,2,{weekends}

SECTION_DAYS_OFF
A

SECTION_SHIFT_ON_REQUESTS

SECTION_SHIFT_OFF_REQUESTS

SECTION_COVER
"""


def _tiny(days: list[int], weekends: int = 2) -> set[int]:
    instance = parse_instance(TINY.format(weekends=weekends), name="tiny")
    return _tags(evaluate(instance, [("A", d, "D") for d in days]))


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], set()),  # one off run over the whole horizon: a boundary run
        ([0], set()),  # short working run on day 0 is exempt from the minimum (HC6)
        ([13], set()),  # ... and so is one on day H-1
        ([0, 1, 2, 3], {5}),  # a long run on day 0 is not excused (outside counts as off)
        ([10, 11, 12, 13], {5}),  # ... nor one ending on day H-1
        ([6], {6}),  # interior single working day
        ([0, 1, 3, 4], {7}),  # interior single day off (day 2)
        ([1, 2, 12, 13], set()),  # off runs 0 and 3..11: the one-day off run on day 0 is exempt
        ([0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13], {7}),  # days off 3, 7, 11 are interior singles
    ],
    ids=str,
)
def test_boundary_runs(days: list[int], expected: set[int]) -> None:
    assert _tiny(days) == expected


def test_weekend_is_saturday_or_sunday() -> None:
    assert _tiny([5, 6], weekends=1) == set()  # one weekend, both days
    assert _tiny([6, 7], weekends=1) == set()  # Sunday 6 and Monday 7: still one weekend
    assert _tiny([4, 5, 11, 12], weekends=1) == {8}  # Saturday 5 and Saturday 12
    assert _tiny([3, 4], weekends=0) == set()  # Thursday-Friday is no weekend


MIXED = """\
SECTION_HORIZON
7
SECTION_SHIFTS
E,480,
L,600,E
SECTION_STAFF
A,E=7|L=7,10000,0,7,1,1,1
B,E=7|L=7,10000,0,7,1,1,1
SECTION_DAYS_OFF
SECTION_SHIFT_ON_REQUESTS
A,0,E,2
SECTION_SHIFT_OFF_REQUESTS
A,1,L,3
SECTION_COVER
0,E,1,100,1
0,L,0,100,1
1,E,0,100,1
1,L,0,100,1
"""


def test_cover_and_requests_are_per_shift_type() -> None:
    instance = parse_instance(MIXED, name="mixed")
    # A works L on day 0 (on-request for E not granted: 2), then E on day 1 (off-request was for
    # L: 0). Cover: day 0 E 0 of 1 -> 100, day 0 L 1 of 0 -> 1, day 1 E 1 of 0 -> 1.
    result = evaluate(instance, [("A", 0, "L"), ("A", 1, "E")])
    assert result.breakdown == {
        "shift_on_requests": 2,
        "shift_off_requests": 0,
        "cover_under": 100,
        "cover_over": 2,
    }
    assert _tags(result) == {2}  # E may not follow L
    # Lines without a cover line (day 2 onwards) add nothing; the last day pairs with nothing.
    assert evaluate(instance, [("B", 5, "L"), ("B", 6, "L")]).objective == 2 + 100


# --------------------------------------------------------------------------- parser


def test_parse_instance1_fields() -> None:
    instance = _instance(1)
    assert instance.name == "Instance1"
    assert instance.horizon == 14
    assert instance.weeks == instance.weekends == 2
    assert list(instance.shifts) == ["D"]
    assert instance.shifts["D"].length == 480
    assert instance.shifts["D"].cannot_follow == frozenset()
    staff = instance.staff["A"]
    assert dict(staff.max_shifts) == {"D": 14}
    assert (
        staff.max_total_minutes,
        staff.min_total_minutes,
        staff.max_consecutive_shifts,
        staff.min_consecutive_shifts,
        staff.min_consecutive_days_off,
        staff.max_weekends,
    ) == (4320, 3360, 5, 2, 2, 1)
    assert instance.days_off["H"] == frozenset({7})
    assert instance.on_requests[0].employee == "A"
    assert (instance.on_requests[0].day, instance.on_requests[0].weight) == (2, 2)
    assert len(instance.off_requests) == 5
    assert instance.cover[1].requirement == 7
    assert (instance.cover[1].weight_under, instance.cover[1].weight_over) == (100, 1)


def test_parse_crlf_equals_lf(tmp_path: Path) -> None:
    lf = (DATA / "Instance2.txt").read_bytes()
    assert b"\r" not in lf
    crlf = tmp_path / "Instance2.txt"
    crlf.write_bytes(lf.replace(b"\n", b"\r\n"))
    assert parse_instance(crlf) == _instance(2)
    text = lf.decode().replace("\n", "\r\n")
    assert parse_instance(text, name="Instance2") == _instance(2)


def test_parse_keys_on_section_keywords_not_order() -> None:
    text = (DATA / "Instance2.txt").read_text()
    head, cover = text.split("SECTION_COVER")
    shuffled = "SECTION_COVER" + cover + "\n  # indented comment  \n" + head.replace("\n\n", "\n")
    assert parse_instance(shuffled, name="Instance2") == _instance(2)


def test_parse_tolerates_trailing_commas_and_whitespace() -> None:
    text = (DATA / "Instance1.txt").read_text()
    text = text.replace("0,D,5,100,1", "  0 , D , 5 , 100 , 1 ,  ").replace("A,0\n", "A,0,\n")
    assert parse_instance(text, name="Instance1") == _instance(1)


def test_parse_minus_zero_requirement() -> None:
    text = (DATA / "Instance1.txt").read_text().replace("\n13,D,4,", "\n13,D,-0,")
    assert parse_instance(text).cover[13].requirement == 0


def test_malformed_line_reports_file_and_line(tmp_path: Path) -> None:
    lines = (DATA / "Instance1.txt").read_text().splitlines(keepends=True)
    assert lines[12].startswith("A,D=14,")  # line 13 of the file
    lines[12] = "A,D=14,4320,x,5,2,2,1\r\n"
    path = tmp_path / "Broken.txt"
    path.write_text("".join(lines))
    with pytest.raises(CurtoisFormatError) as info:
        parse_instance(path)
    assert info.value.line == 13
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}:13: MinTotalMinutes must be a non-negative integer")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("A,D=14,4320,3360,5,2,2,1", "A,D=14,4320,3360,5,2,2", 13, "expected 8 fields"),
        ("A,D=14,", "A,X=14,", 13, "unknown shift type 'X'"),
        ("A,D=14,", "A,D:14,", 13, "is not ShiftID=limit"),
        ("B,D=14,4320", "A,D=14,4320", 14, "employee 'A' defined twice"),
        ("D,480,", "D,480,N", 9, "unknown shift type 'N'"),
        ("D,480,", "D,0,", 9, "shift length must be positive"),
        ("A,2,D,2", "Q,2,D,2", 35, "unknown employee 'Q'"),
        ("A,2,D,2", "A,14,D,2", 35, "day 14 outside the horizon 0..13"),
        ("C,12,D,1", "C,12,D", 59, "expected 4 fields"),
        ("0,D,5,100,1", "0,D,-1,100,1", 67, "requirement must be a non-negative integer"),
        ("1,D,7,100,1", "0,D,7,100,1", 68, "second cover line for day 0, D"),
        ("SECTION_DAYS_OFF", "SECTION_DAYSOFF", 22, "unknown section keyword"),
        ("# This is a comment.", "stray", 1, "data before the first section keyword"),
        ("\n14\n", "\n14\n15\n", 6, "must hold exactly one line"),
    ],
)
def test_malformed_input(old: str, new: str, line: int, message: str) -> None:
    text = (DATA / "Instance1.txt").read_text()
    assert text.count(old) >= 1
    with pytest.raises(CurtoisFormatError) as info:
        parse_instance(text.replace(old, new, 1))
    assert info.value.line == line
    assert message in str(info.value)
    assert str(info.value).startswith(f"<string>:{line}: ")


def test_missing_section() -> None:
    text = (DATA / "Instance1.txt").read_text().split("SECTION_COVER")[0]
    with pytest.raises(CurtoisFormatError, match="missing section.*SECTION_COVER"):
        parse_instance(text)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CurtoisFormatError, match="cannot read file"):
        parse_instance(tmp_path / "nope.txt")


def test_missing_max_shifts_entry_means_not_allowed() -> None:
    text = MIXED.replace("A,E=7|L=7,", "A,E=7,")
    instance = parse_instance(text)
    assert instance.staff["A"].max_shifts["L"] == MISSING_MAX_SHIFTS == 0
    assert _tags(evaluate(instance, [("A", 3, "L")])) == {3}


# --------------------------------------------------------------------------- schedule TSV


def test_schedule_tsv_round_trip(tmp_path: Path) -> None:
    source = REFERENCES / "Instance10-b.tsv"
    rows = read_schedule_tsv(source)
    target = tmp_path / "out.tsv"
    write_schedule_tsv(target, reversed(rows))
    assert target.read_bytes() == source.read_bytes()  # sorted by (employee, day, shift)
    assert [p.name for p in tmp_path.iterdir()] == ["out.tsv"]  # no temp file left over
    write_schedule_tsv(target, [("B", 2, "D"), ("A", 10, "D"), ("A", 9, "D")])
    assert target.read_text() == "A\t9\tD\nA\t10\tD\nB\t2\tD\n"


def test_schedule_tsv_reader_tolerance_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "s.tsv"
    path.write_bytes(b"employee\tday\tshift\r\n# note\r\nA\t1\tD\r\n\r\nB\t2\tD\r\n")
    assert read_schedule_tsv(path) == [("A", 1, "D"), ("B", 2, "D")]
    path.write_text("A\t1\tD\nB\tx\tD\n")
    with pytest.raises(CurtoisFormatError, match=r"s\.tsv:2: day must be"):
        read_schedule_tsv(path)
    path.write_text("A\t1\n")
    with pytest.raises(CurtoisFormatError, match=r"s\.tsv:1: expected 3"):
        read_schedule_tsv(path)


def test_schedule_tsv_writer_rejects_bad_rows(tmp_path: Path) -> None:
    target = tmp_path / "out.tsv"
    with pytest.raises(ValueError):
        write_schedule_tsv(target, [("A", -1, "D")])
    with pytest.raises(ValueError):
        write_schedule_tsv(target, [("A B", 1, "D")])
    assert not target.exists()


# --------------------------------------------------------------------------- CLI


def test_cli_feasible(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(DATA / "Instance1.txt"), str(REFERENCES / "Instance1-a.tsv")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "objective: 608"
    assert "hard violations: 0" in out


def test_cli_infeasible_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.tsv"
    write_schedule_tsv(broken, [*_roster("Instance1-a.tsv"), ("A", 0, "D")])
    assert main([str(DATA / "Instance1.txt"), str(broken)]) == 1
    assert "HC9 days off: A works D on day off 0" in capsys.readouterr().out
    broken.write_text("A\tone\tD\n")
    assert main([str(DATA / "Instance1.txt"), str(broken)]) == 2
    assert "broken.tsv:1:" in capsys.readouterr().err


def test_evaluate_files() -> None:
    result = evaluate_files(DATA / "Instance10.txt", REFERENCES / "Instance10-b.tsv")
    assert (result.objective, result.violations) == (4650, [])


# --------------------------------------------------------------------------- size facts

# Days, staff, shift types, day-off entries, on requests, off requests, cover lines
# (the instance table of the benchmark's README).
SIZES = {
    "Instance1": (14, 8, 1, 8, 21, 5, 14),
    "Instance2": (14, 14, 2, 14, 50, 12, 28),
    "Instance3": (14, 20, 3, 20, 39, 25, 42),
    "Instance4": (28, 10, 2, 20, 52, 19, 56),
    "Instance5": (28, 16, 2, 32, 79, 27, 56),
    "Instance6": (28, 18, 3, 36, 87, 48, 84),
    "Instance7": (28, 20, 3, 40, 104, 64, 84),
    "Instance8": (28, 30, 4, 60, 139, 86, 112),
    "Instance10": (28, 40, 5, 80, 210, 74, 140),
}


def test_summary_matches_published_sizes() -> None:
    summaries = summarize_paths([DATA])
    assert [s.name for s in summaries] == list(SIZES)  # natural order
    for s in summaries:
        facts = (s.days, s.staff, s.shift_types, s.days_off, s.on_requests)
        assert facts + (s.off_requests, s.cover_lines) == SIZES[s.name]
        assert s.requests == s.on_requests + s.off_requests
    assert summarize(_instance(1)).cover_demand == 71


def test_bench_folder_is_complete_and_consistent() -> None:
    best = read_best_known(BENCH / "best_known.tsv")
    paths = instance_paths([BENCH / "instances"])
    assert [p.stem for p in paths] == list(best)
    assert len(best) == 20
    for path in paths:
        if path.stem in SIZES:
            assert path.read_bytes() == (DATA / path.name).read_bytes()
    for summary in summarize_paths(paths):
        row = best[summary.name]
        assert (row.days, row.staff, row.types) == (
            summary.days,
            summary.staff,
            summary.shift_types,
        )
        assert row.lb <= row.ub
    # Reference rosters are feasible, so none may beat the proven lower bound.
    for _, instance, objective in INDEX:
        assert objective >= best[instance.removesuffix(".txt")].lb
