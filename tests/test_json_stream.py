"""The streamed JSON writer is ``json.dumps(indent=2, ensure_ascii=False)`` byte for byte, and
the plan's JSON is streamed (issue 17); redaction still catches a credential cut between two
pieces."""

from __future__ import annotations

import json
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from migration import json_stream, report, secrets
from migration import plan as plan_mod
from migration.resources import ZoneRef
from migration.sources.snapshot import read
from tests.benchmarks import zonegen
from tests.benchmarks.common import settings as bench_settings

# Plan-shaped values: what report._document holds (no floats: see migration/json_stream.py),
# with integers past orjson's 64 bits and strings with lone surrogates, which json.dumps writes.
_TEXT = st.text() | st.text(st.characters(codec=None, categories=None), max_size=5)
_SCALARS = st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**80), max_value=2**80) | _TEXT
_REFS = st.builds(ZoneRef, st.text(max_size=8))
_KEYS = _TEXT | st.integers() | st.booleans() | st.none()
_VALUES = st.recursive(
    _SCALARS | _REFS,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=30,
)
# A document: an object whose values may be lists, the plan's long ones streamed from a generator.
_DOCUMENTS = st.dictionaries(st.text(), st.tuples(_VALUES, st.booleans()), max_size=6)


def _ref_text(value):
    if isinstance(value, ZoneRef):
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _dumps(document, default=_ref_text):
    pieces: list[str] = []
    json_stream.Writer(pieces.append, default).document(document)
    return "".join(pieces)


@settings(max_examples=400)
@given(_DOCUMENTS, st.integers(min_value=1, max_value=3))
def test_the_stream_is_json_dumps_with_indent_2(document, batch):
    whole = {key: value for key, (value, _) in document.items()}
    streamed = {
        key: (iter(value) if streamed and isinstance(value, list) else value)
        for key, (value, streamed) in document.items()
    }
    expected = json.dumps(whole, indent=2, ensure_ascii=False, default=_ref_text) + "\n"
    pieces: list[str] = []
    with patch.object(json_stream, "BATCH", batch):
        json_stream.Writer(pieces.append, _ref_text).document(streamed)
    assert "".join(pieces) == expected


def test_a_generator_is_written_as_an_array_and_default_gives_other_values_a_form():
    value = {
        "refs": (ZoneRef(f"zone-{i}") for i in range(2)),
        "none": (i for i in ()),
        "é": [2**70, "\u2028\x00"],
        "ref": {"zone": ZoneRef("z")},
    }
    assert _dumps(value, default=str) == (
        '{\n  "refs": [\n    "${zone-0.id}",\n    "${zone-1.id}"\n  ],\n  "none": [],\n'
        '  "é": [\n    1180591620717411303424,\n    "\u2028\\u0000"\n  ],\n  "ref": {\n    "zone": "${z.id}"\n  }\n}\n'
    )


def test_a_value_json_has_no_form_for_is_refused_as_json_dumps_refuses_it():
    for document in ({"a": {"b": {1, 2}}}, {"a": (i for i in [{1, 2}])}):
        try:
            _dumps(document)
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
    assert pieces[0].endswith('"resources": ') and '"${cloudflare-zone.id}"' in pieces[1]
    assert 5 <= len(pieces) < 12  # batches of 256 items, not one write per item


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
