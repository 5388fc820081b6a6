"""``python -m migration summary`` on files that look like plans but are not ones it can show: each
is an input error naming the file and the field (exit 2, no traceback, nothing printed on stdout)."""

from __future__ import annotations

import json

import pytest

from migration import report_summary
from tests.support.cli import run
from tests.support.plans import SUMMARY_PLAN

PLAN = SUMMARY_PLAN


def _changed(path: str, value) -> dict:
    document = json.loads(json.dumps(PLAN))
    *parents, key = path.split(".")
    target = document
    for parent in parents:
        target = target[parent]
    if value is KeyError:
        del target[key]
    else:
        target[key] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (
            "planVersion",
            99,
            "planVersion 99 is not the version this summary reads (1): make the plan with this version of "
            "'python -m migration plan --format json'",
        ),
        (
            "planVersion",
            "1",
            'planVersion "1" is not the version this summary reads (1): make the plan with this version of '
            "'python -m migration plan --format json'",
        ),
        ("zone", None, "'zone' must be text, not null"),
        ("stack", 5, "'stack' must be text, not 5"),
        ("phase", KeyError, "'phase' is missing"),
        ("blocked", "no", "'blocked' must be true or false, not \"no\""),
        ("summary", "x", "'summary' must be an object of counts, not \"x\""),
        ("summary.create", "3", "'summary.create' must be a whole number, not \"3\""),
        ("summary.errors", True, "'summary.errors' must be a whole number, not true"),
        ("summary.delete", -1, "'summary.delete' must be a whole number, not -1"),
        ("summary.refused", KeyError, "'summary.refused' is missing"),
    ],
)
def test_a_plan_with_a_field_of_the_wrong_kind_is_refused_naming_it(tmp_path, capsys, path, value, reason):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(PLAN))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_changed(path, value)))
    status, out, err = run(["summary", str(good), str(bad)], capsys)
    assert (status, out, err) == (2, "", f"error: {bad}: {reason}\n")


def test_every_wrong_field_is_named_at_once(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**PLAN, "zone": None, "blocked": "no"}))
    status, out, err = run(["summary", str(bad)], capsys)
    assert (status, out, err) == (
        2,
        "",
        f"error: {bad}: 'zone' must be text, not null; 'blocked' must be true or false, not \"no\"\n",
    )


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"stack": None, "error": "x"}, "'stack' must be text, not null"),
        ({"stack": "s1", "error": ["x"]}, "'error' must be text, not [\"x\"]"),
    ],
)
def test_an_error_document_of_the_wrong_shape_is_refused(tmp_path, capsys, document, reason):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    status, out, err = run(["summary", str(bad)], capsys)
    assert (status, out, err) == (2, "", f"error: {bad}: {reason}\n")


@pytest.mark.parametrize("document", [[PLAN], "plan", 5, None, {"zone": "a"}])
def test_what_is_neither_shape_says_what_it_expects(tmp_path, capsys, document):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    status, out, err = run(["summary", str(bad)], capsys)
    assert (status, out, err) == (
        2,
        "",
        f"error: {bad}: not a plan document ('python -m migration plan --format json') nor "
        '{"stack": ..., "error": ...}\n',
    )


def test_the_plan_of_this_version_is_summarised(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(PLAN))
    status, out, err = run(["summary", str(good)], capsys)
    assert (status, err) == (0, "")
    assert "| example.com | s1 | mirror | 3 | 0 | 0 | 0 | ✅ ready |" in out.splitlines()
    assert report_summary.problems(PLAN) == []
