"""``docs/plan-json.md`` documents every key ``plan --format json`` prints, and the version."""

from __future__ import annotations

import json
import re

from migration import report
from migration.settings import load_stack
from migration.stack import plan_for
from tests.conftest import ROOT

DOC = ROOT / "docs" / "plan-json.md"


def _keys(value, path=""):
    """Every key path of a JSON value, list items written ``[]``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}" if path else key
            yield from _keys(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, f"{path}[]")


def test_every_key_of_the_example_plan_is_documented():
    document = json.loads(report.to_json(plan_for(load_stack("example", cwd=ROOT))))
    documented = set(re.findall(r"^\| `([^`]+)` \|", DOC.read_text(), re.MULTILINE))
    keys = set(_keys(document))
    # Inputs are the provider's own arguments: documented by name under resources[].inputs.
    assert keys - documented == set()
    assert "resources[].inputs.proxied" in keys


def test_the_doc_names_the_current_plan_version():
    assert f"`planVersion` is `{report.PLAN_VERSION}`" in DOC.read_text()


def test_top_level_keys_come_in_the_documented_order():
    """docs/plan-json.md promises the keys in the order of its table."""
    doc = (ROOT / "docs" / "plan-json.md").read_text()
    table = doc[doc.index("### Top level") :].split("\n\n")[1]
    documented = re.findall(r"^\| `(\w+)` \|", table, flags=re.M)
    printed = list(json.loads(report.to_json(plan_for(load_stack("example", ROOT), run_gates=False))))
    assert printed == documented
