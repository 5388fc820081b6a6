"""A key written twice in one object of any JSON file the planner reads is an input error naming
the file, the key, both positions and the record set (migration/sources/files.py, parse_json):
Python's parser keeps the last value silently."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.errors import InputError
from migration.sources import files
from tests.conftest import BASE
from tests.support.cli import STACK_JSON_FILES, named_in_errors, plan_process, run

TWICE = "keep one (the last would win silently)"
EXPORT_TTL_TWICE = (
    '{"ResourceRecordSets": [\n'
    '  {"Name": "www.example.com.", "Type": "A", "TTL": 300, "TTL": 60,\n'
    '   "ResourceRecords": [{"Value": "192.0.2.1"}]}\n'
    "]}\n"
)


def test_a_route53_export_with_a_ttl_twice_is_refused_in_one_line(tmp_path):
    """In a process of its own: exit status 2, one line naming the file, key, record set and both
    positions, no traceback."""
    path = tmp_path / "export.json"
    path.write_text(EXPORT_TTL_TWICE)
    done = plan_process(path)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"error: {path}: 'TTL' is given twice in the record set www.example.com. A, at line 2 column 45 "
        f"and at line 2 column 57: {TWICE}\n",
    )


@pytest.mark.parametrize("setting, name", STACK_JSON_FILES)
def test_a_key_twice_in_every_json_file_of_a_stack_is_refused(project, capsys, setting, name):
    (project / name).write_text('{\n  "zone": "example.com",\n  "zone": "example.org"\n}\n')
    value = f"[{name}]" if setting == "sesIdentities" else name
    stack = BASE if setting == "snapshot" else BASE + f"  migration:{setting}: {value}\n"
    (project / "stacks" / "Pulumi.twice.yaml").write_text(stack)
    assert run(["plan", "--stack", "twice"], capsys) == (
        2,
        "",
        f"error: {named_in_errors(project / name, setting)}: 'zone' is given twice, at line 2 column 3 and at line 3 column 3: "
        f"{TWICE}\n",
    )


def test_a_baseline_with_a_key_twice_is_refused(project, capsys):
    (project / "stacks" / "Pulumi.s.yaml").write_text(BASE)
    (project / "applied.json").write_text(EXPORT_TTL_TWICE)
    assert run(["plan", "--stack", "s", "--baseline", "applied.json"], capsys) == (
        2,
        "",
        "error: applied.json: 'TTL' is given twice in the record set www.example.com. A, "
        f"at line 2 column 45 and at line 2 column 57: {TWICE}\n",
    )


def test_a_plan_document_with_a_key_twice_is_refused_by_summary(tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text('{"stack": "a", "stack": "b", "error": "x"}')
    assert run(["summary", str(path)], capsys) == (
        2,
        "",
        f"error: {path}: 'stack' is given twice, at line 1 column 2 and at line 1 column 16: {TWICE}\n",
    )


@pytest.mark.parametrize(
    "text, reasons",
    [
        (  # inside an alias target: the enclosing record set is named
            '[{"Name": "a.example.com.", "AliasTarget": {"DNSName": "x.", "DNSName": "y."}, "Type": "CNAME"}]',
            [
                f"'DNSName' is given twice in the record set a.example.com. CNAME, at line 1 column 45 and at line 1 column 62: {TWICE}"
            ],
        ),
        (  # an escaped key is the same key; every duplicate is named, in the order of the text
            '{"TTL": 1,\n "b": {"c": "x:y{[", "\\u0063": 2}, "\\u0054TL": 3}',
            [
                f"'c' is given twice, at line 2 column 8 and at line 2 column 22: {TWICE}",
                f"'TTL' is given twice, at line 1 column 2 and at line 2 column 36: {TWICE}",
            ],
        ),
        (  # quotes, backslashes and colons inside strings are no keys
            '{"x": "a\\\\", "y": "\\":", "z\\"": "::", "x": 1}',
            [f"'x' is given twice, at line 1 column 2 and at line 1 column 39: {TWICE}"],
        ),
    ],
)
def test_duplicates_are_named_with_their_positions(text, reasons):
    with pytest.raises(InputError) as caught:
        files.parse_json(text, "f.json", "a document")
    assert caught.value.problems == reasons


def test_the_same_key_in_different_objects_is_no_duplicate():
    text = '[{"Name": "a.", "Type": "A"}, {"Name": "b.", "Type": "A", "x": {"Name": "c."}}]'
    assert files.parse_json(text, "f.json", "a document") == json.loads(text)


# Any JSON value; keys and strings of any text, the structural characters often.
KEYS = st.text(alphabet=st.sampled_from('ab:"\\{}[],é \u2028'), max_size=4) | st.text(max_size=6)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | KEYS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@given(document=JSON, indent=st.sampled_from([None, 1]))
def test_any_document_without_duplicates_reads_as_json_does(document, indent):
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    assert files.parse_json(text, "f.json", "a document") == document


@given(
    obj=st.dictionaries(KEYS, JSON, min_size=1, max_size=4),
    pick=st.integers(min_value=0),
    around=st.lists(st.sampled_from(["list", "object"]), max_size=3),
)
def test_a_key_written_twice_anywhere_is_found(obj, pick, around):
    key = sorted(obj)[pick % len(obj)]
    dumped = json.dumps({key: obj[key], **obj})  # the key first
    text, start = dumped[:-1] + ", " + json.dumps(key) + ": 0}", 0
    for wrapper in around:
        head = "[1, " if wrapper == "list" else '{"a": '
        text, start = head + text + ("]" if wrapper == "list" else "}"), start + len(head)
    with pytest.raises(InputError) as caught:
        files.parse_json(text, "f.json", "a document")
    assert caught.value.problems == [
        f"'{key}' is given twice, at line 1 column {start + 2} and at line 1 column {start + len(dumped) + 2}: {TWICE}"
    ]
