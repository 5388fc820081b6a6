"""Settings are declared once (``migration.settings.SETTINGS``): the accepted keys, the parser and
the table of ``docs/settings.md`` all come from it, so none of them can drift from the others."""

from __future__ import annotations

import os
from dataclasses import fields

import pytest

from migration import settings
from migration.errors import SettingsError
from migration.settings import KEYS, SETTINGS, Settings, from_lookup
from tests.conftest import ROOT
from tests.support.settings_doc import markdown_table, table_of, with_table

DOC = ROOT / "docs" / "settings.md"
# The least a stack needs: every other key takes its default.
MINIMAL = {
    "zone": "example.com",
    "snapshot": "examples/seed-scenario/route53-example.com.json",
    "cloudflareZoneId": "023e105f4ecef8ad9ca31a8372d0c353",
}


def test_the_docs_table_is_the_table_rendered_from_the_code():
    doc = DOC.read_text()
    if os.environ.get("UPDATE_GOLDEN"):
        DOC.write_text(with_table(doc))
        doc = DOC.read_text()
    assert table_of(doc) == markdown_table(), (
        "docs/settings.md's table differs from migration.settings.SETTINGS: "
        "UPDATE_GOLDEN=1 ./run test tests/test_settings_table.py rewrites it"
    )


def test_every_field_of_the_settings_has_exactly_one_key():
    assert sorted(s.field for s in SETTINGS) == sorted(f.name for f in fields(Settings) if f.name != "stack")
    assert len(set(KEYS)) == len(KEYS) == len(SETTINGS)
    assert KEYS == tuple(s.key for s in SETTINGS)


def test_no_doc_text_breaks_the_markdown_table():
    assert [s.key for s in SETTINGS if "|" in s.doc + (s.default_doc or "") or "\n" in s.doc] == []


def test_an_unset_key_takes_the_default_the_table_names():
    got = from_lookup("s", MINIMAL.get, ROOT, aws_region="eu-west-1")
    unset = [s for s in SETTINGS if s.key not in MINIMAL and s.key != "sesRegions"]
    assert {s.field: getattr(got, s.field) for s in unset} == {s.field: s.default for s in unset}
    assert (got.phase, got.cloudflare_plan, got.safety_threshold) == ("mirror", "free", 30)
    # The one default found at run time: the stack's aws:region.
    assert got.ses_regions == ("eu-west-1",)


@pytest.mark.parametrize(
    "setting", [s for s in SETTINGS if s.key not in ("cloudflareAccountId", "cloudflareZoneId")], ids=lambda s: s.key
)
def test_every_key_refuses_a_value_of_the_wrong_shape_naming_itself(setting):
    """A mapping where a text, number, flag or list belongs (routing: a mapping whose choice is
    a number) is a problem naming the key, never silently taken or dropped."""
    wrong = {"www.example.com": 1}
    values = {**MINIMAL, setting.key: wrong}
    with pytest.raises(SettingsError) as raised:
        from_lookup("s", values.get, ROOT)
    problems = str(raised.value).removeprefix("stack s: ").split("; ")
    assert len(problems) == 1 and problems[0].startswith(f"migration:{setting.key}"), problems


def test_problems_come_in_the_order_of_the_table():
    values = {**MINIMAL, "safetyThreshold": "many", "phase": "later", "zone": "exa mple..com"}
    with pytest.raises(SettingsError) as raised:
        from_lookup("s", values.get, ROOT)
    assert str(raised.value) == (
        "stack s: migration:zone: 'exa mple..com' is not a zone name: it has an empty label; "
        "migration:phase is 'later'; expected one of mirror, cut-over, decommission; "
        "migration:safetyThreshold must be a whole percent from 0 to 100, not 'many'"
    )


def test_neither_an_account_nor_a_zone_to_adopt_is_one_problem_after_the_others():
    values = {**MINIMAL, "cloudflareZoneId": None, "phase": "later"}
    with pytest.raises(SettingsError) as raised:
        from_lookup("s", values.get, ROOT)
    assert str(raised.value) == (
        "stack s: migration:phase is 'later'; expected one of mirror, cut-over, decommission; "
        "migration:cloudflareAccountId (to create the zone) or migration:cloudflareZoneId (to adopt one) is required"
    )


def test_the_argparse_helpers_live_in_cli_options():
    assert not hasattr(settings, "add_zone_options") and not hasattr(settings, "argparse")
