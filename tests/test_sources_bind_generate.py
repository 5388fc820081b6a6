"""``$GENERATE`` ranges are counted before dnspython expands them: one line, or all of a file's
lines together, may make at most ``GENERATE_MAX`` records. Found by a review:
``$GENERATE 1-99999999 h$ A 10.0.0.1`` ran for 10 minutes to 4.8 GB until killed."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from migration.sources import bind
from tests.support.cli import plan_process

HEAD = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n"


def _problems(body: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        bind.read_text(HEAD + body, "z.zone")
    return caught.value.problems


def test_the_limit_is_one_hundred_thousand():
    assert bind.GENERATE_MAX == 100_000


def test_a_range_over_the_limit_is_refused_before_it_is_expanded(tmp_path):
    path = tmp_path / "z.zone"
    path.write_text(HEAD + "www A 192.0.2.1\n$GENERATE 1-99999999 h$ A 10.0.0.1\n")
    done = plan_process(path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {path}: line 5: '$GENERATE 1-99999999 h$ A 10.0.0.1' would make 99,999,999 records; a $GENERATE line may "
        "make at most 100,000: split the range, or write the records out\n"
    )


def test_the_step_is_counted_and_the_limit_itself_is_allowed():
    # 0, 2, ..., 199998: exactly 100,000 records; one more step is over.
    assert _problems("$GENERATE 0-200000/2 h$ A 10.0.0.1\n") == [
        "line 4: '$GENERATE 0-200000/2 h$ A 10.0.0.1' would make 100,001 records; a $GENERATE line may make "
        "at most 100,000: split the range, or write the records out"
    ]


def test_the_lines_of_one_file_are_bounded_together():
    assert _problems("$GENERATE 1-60000 a$ A 10.0.0.1\n$generate 1-60000 b$ A 10.0.0.1\n") == [
        "line 5: '$generate 1-60000 b$ A 10.0.0.1' would bring the records made by this file's $GENERATE "
        "lines to 120,000; a zone file's $GENERATE lines may make at most 100,000 in all"
    ]


def test_a_step_of_zero_is_refused_with_the_reason():
    # dnspython asserts step >= 1: an AssertionError (a traceback) before.
    assert _problems("$GENERATE 1-3/0 h$ A 10.0.0.1\n") == [
        "line 4: cannot read '$GENERATE 1-3/0 h$ A 10.0.0.1': the step of a $GENERATE range must be 1 or more"
    ]


def test_small_ranges_are_still_expanded():
    snap = bind.read_text(HEAD + "$GENERATE 1-3 h$ A 10.0.0.1\n$GENERATE 1-10/5 k$ A 10.0.0.$\n", "z.zone")
    assert [(str(rs.name), rs.values_text()) for rs in snap.record_sets[1:]] == [
        ("h1.example.com.", ["10.0.0.1"]),
        ("h2.example.com.", ["10.0.0.1"]),
        ("h3.example.com.", ["10.0.0.1"]),
        ("k1.example.com.", ["10.0.0.1"]),
        ("k6.example.com.", ["10.0.0.6"]),
    ]
