"""The streamed JSON writer is ``json.dumps(indent=2, ensure_ascii=False)`` byte for byte, and
the plan's JSON is streamed (issue 17); redaction still catches a credential cut between two
pieces."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from migration import json_stream, report, secrets
from migration import plan as plan_mod
from migration.resources import ZoneRef
from migration.sources.snapshot import read
from tests.benchmarks import zonegen
from tests.benchmarks.common import settings as bench_settings

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=400)
@given(_VALUES)
def test_the_stream_is_json_dumps_with_indent_2(value):
    assert json_stream.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def test_a_generator_is_written_as_an_array_and_default_gives_other_values_a_form():
    value = {"refs": (ZoneRef(f"zone-{i}") for i in range(2)), "none": (i for i in ()), "é": [1.5, "\u2028\x00"]}
    assert json_stream.dumps(value, default=str) == (
        '{\n  "refs": [\n    "${zone-0.id}",\n    "${zone-1.id}"\n  ],\n  "none": [],\n'
        '  "é": [\n    1.5,\n    "\u2028\\u0000"\n  ]\n}\n'
    )


def test_a_value_json_has_no_form_for_is_refused_as_json_dumps_refuses_it():
    try:
        json_stream.dumps({"a": {1, 2}})
    except TypeError as exc:
        assert str(exc) == "Object of type set is not JSON serializable"
    else:
        raise AssertionError("a set was written")


def test_the_plan_json_is_handed_on_in_batches_and_equals_the_whole_document(tmp_path):
    path = tmp_path / "zone.json"
    zonegen.write_snapshot(600, path)
    plan = plan_mod.build(bench_settings(path), read(path, zone=zonegen.ZONE))
    pieces: list[str] = []
    report.write_json(plan, pieces.append)
    assert "".join(pieces) == json.dumps(report.to_dict(plan), indent=2, ensure_ascii=False) + "\n"
    assert '"${cloudflare-zone.id}"' in pieces[0]
    assert 5 <= len(pieces) < 60  # batches of about 4,096 pieces, not one write per string


def test_redaction_catches_a_value_cut_between_two_pieces():
    written: list[str] = []
    out = secrets.RedactingWriter(written.append, ["s3cr3t-token", "other-secret-value"])
    for piece in ('{"a": "xs3cr', '3t-tokeny", "b": "other-', 'secret-value"}', "\n"):
        out.write(piece)
    out.close()
    assert "".join(written) == '{"a": "x[secret]y", "b": "[secret]"}\n'


def test_with_nothing_to_redact_text_passes_straight_through():
    written: list[str] = []
    out = secrets.RedactingWriter(written.append, [])
    out.write("abc")
    out.write("def")
    out.close()
    assert written == ["abc", "def"]
