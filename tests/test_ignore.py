"""``migration:ignore``: records others manage are never adopted, created or deleted, and verify
does not compare them. Zone: the reference scenario; verify against real knotd servers."""

from __future__ import annotations

import pytest

from migration import ignore, zonefile
from migration.errors import SettingsError
from migration.phases import Facts
from migration.resources import CF_RECORD
from migration.settings import from_lookup
from migration.sources import cloudflare_existing
from migration.verify import Servers, verify
from migration.verify.output import to_dict, to_text
from migration.verify.query import Server
from tests.conftest import ROOT
from tests.support import plans
from tests.support.knot import KnotServer
from tests.test_verify import ADDRESSES, CF_NAMES, FAST, R53_NAMES, ZONE

CF_ZONE = "023e105f4ecef8ad9ca31a8372d0c353"
ACME = ignore.IgnorePattern("_acme-challenge.*", ("TXT",))
PREVIEW = ignore.IgnorePattern("*.preview.example.com")
LISTING = {
    "result": [
        # cert-manager's challenge: not in Route53, would be deleted by deleteDifferingRecords.
        {
            "id": "rec-acme",
            "name": "_acme-challenge.www.example.com",
            "type": "TXT",
            "content": '"token-1"',
            "ttl": 120,
            "proxied": False,
        },
        # external-dns's record under an ignored name, with a value Route53 also has (would be adopted).
        {
            "id": "rec-preview",
            "name": "*.preview.example.com",
            "type": "A",
            "content": "192.0.2.10",
            "ttl": 60,
            "proxied": False,
        },
        # Not ignored, not in Route53: deleted when the settings say so.
        {
            "id": "rec-stray",
            "name": "www.example.com",
            "type": "A",
            "content": "198.51.100.4",
            "ttl": 1,
            "proxied": True,
        },
    ]
}


def _records(plan):
    return {(r.record.name, r.record.type) for r in plan.declared() if r.type == CF_RECORD}


def _existing_plan(phase, patterns):
    existing = cloudflare_existing.from_document(LISTING, "listing", ZONE)
    return plans.plan(
        phase,
        Facts(cloudflare_existing=existing),
        cloudflare_zone_id=CF_ZONE,
        orphan_zones=(),
        delete_differing_records=True,
        ignore=patterns,
    )


def test_settings_read_strings_and_mappings():
    config = {
        "zone": "example.com",
        "snapshot": "s.json",
        "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
        "ignore": [
            "_ACME-challenge.*.",
            {"name": "*.k8s.example.com", "types": ["txt", "A"]},
            {"name": "x.example.com", "type": "CNAME"},
        ],
    }
    settings = from_lookup("t", config.get, ROOT)
    assert settings.ignore == (
        ignore.IgnorePattern("_acme-challenge.*"),
        ignore.IgnorePattern("*.k8s.example.com", ("TXT", "A")),
        ignore.IgnorePattern("x.example.com", ("CNAME",)),
    )


def test_bad_patterns_are_named():
    config = {
        "zone": "example.com",
        "snapshot": "s.json",
        "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
        "ignore": [
            {"types": ["TXT"]},
            {"name": "a.example.com", "types": [3]},
            {"name": "b", "kind": "A"},
            {"name": "www.example.com", "types": ["A", "BOGUS"]},
        ],
    }
    with pytest.raises(SettingsError) as raised:
        from_lookup("t", config.get, ROOT)
    assert str(raised.value) == (
        "stack t: migration:ignore: {'types': ['TXT']} needs an owner-name pattern (name: ...); "
        "migration:ignore: a.example.com: types must be a record type or a list of them, not [3]; "
        "migration:ignore: {'name': 'b', 'kind': 'A'}: unknown keys ['kind']; expected name and types; "
        "migration:ignore: www.example.com: unknown record type(s) 'BOGUS'"
    )
    with pytest.raises(SettingsError, match="migration:ignore must be a list"):
        from_lookup("t", {**config, "ignore": "_acme-challenge.*"}.get, ROOT)


def test_ignored_record_sets_are_not_created():
    before = plans.plan("mirror")
    patterns = (
        PREVIEW,
        ignore.IgnorePattern("_dmarc.example.com", ("TXT",)),
        ignore.IgnorePattern("api.example.com", ("A",)),
    )
    plan = plans.plan("mirror", ignore=patterns)
    assert _records(before) - _records(plan) == {
        ("*.preview.example.com", "A"),
        ("_dmarc.example.com", "TXT"),
        ("api.example.com", "CNAME"),
    }  # the alias's CNAME goes too
    assert _records(plan) < _records(before)
    left_alone = {
        o.record_set.label: o.reason
        for o in plan.translation.outcomes
        if o.status == "skipped" and ignore.is_ignored(o)
    }
    assert left_alone == {
        "*.preview.example.com. A": "left alone (ignored by setting migration:ignore: *.preview.example.com)",
        "_dmarc.example.com. TXT": "left alone (ignored by setting migration:ignore: _dmarc.example.com TXT)",
        "api.example.com. A": "left alone (ignored by setting migration:ignore: api.example.com A)",
    }
    # A pattern for another type leaves the name's records alone only for that type.
    assert _records(plans.plan("mirror", ignore=(ignore.IgnorePattern("_dmarc.example.com", ("MX",)),))) == _records(
        before
    )


def test_ignored_existing_records_are_neither_adopted_nor_deleted():
    mirror = _existing_plan("mirror", (ACME, PREVIEW))
    adopted = {r.import_id for r in mirror.resources if r.action == "adopt" and r.type == CF_RECORD}
    assert adopted == {f"{CF_ZONE}/rec-stray"}
    notes = {f.subject: f.message for f in mirror.findings if f.code == "ignored-by-setting"}
    assert notes == {
        'TXT _acme-challenge.www.example.com "token-1"': "Cloudflare record rec-acme: left alone (ignored by setting "
        "migration:ignore: _acme-challenge.* TXT); never adopted, changed or deleted",
        "A *.preview.example.com 192.0.2.10": "Cloudflare record rec-preview: left alone (ignored by setting "
        "migration:ignore: *.preview.example.com); never adopted, changed or deleted",
    }
    cut_over = _existing_plan("cut-over", (ACME, PREVIEW))
    deleted = {r.name for r in cut_over.resources if r.action == "delete" and r.type == CF_RECORD}
    assert deleted == {"cloudflare-existing-rec-stray"}
    # Without the patterns, the challenge is deleted and the external-dns record adopted.
    plain = _existing_plan("cut-over", ())
    assert {r.name for r in plain.resources if r.action == "delete" and r.type == CF_RECORD} == {
        "cloudflare-existing-rec-stray",
        "cloudflare-existing-rec-acme",
    }
    assert any("adopted: Cloudflare record rec-preview" in r.subject for r in _existing_plan("mirror", ()).resources)


def test_verify_lists_ignored_record_sets_as_not_compared():
    dmarc = ignore.IgnorePattern("_dmarc.example.com", ("TXT",))
    plain = plans.plan("mirror")
    plan = plans.plan("mirror", ignore=(dmarc,))
    # Route53 serves _dmarc; Cloudflare does not (another tool manages it there).
    with (
        KnotServer({"example.com": zonefile.snapshot_to_bind(plan.snapshot, ADDRESSES)}) as old,
        KnotServer(
            {"example.com": zonefile.cloudflare_to_bind(ZONE, plan.translation.records, CF_NAMES, ADDRESSES)}
        ) as new,
    ):
        servers = Servers(
            old=(Server("old", old.host, old.port),),
            new=(Server("new", new.host, new.port),),
            old_names=R53_NAMES,
            new_names=CF_NAMES,
        )
        result = verify(plan, servers, FAST, areas=("records",))
        without = verify(plain, servers, FAST, areas=("records",))
    assert result.exit_status == 0
    assert "_dmarc.example.com. TXT" not in {c.subject for c in result.checks}
    assert result.not_compared == (
        ("_dmarc.example.com. TXT", "left alone (ignored by setting migration:ignore: _dmarc.example.com TXT)"),
    )
    assert to_dict(result)["notCompared"] == [
        {
            "recordSet": "_dmarc.example.com. TXT",
            "reason": "left alone (ignored by setting migration:ignore: _dmarc.example.com TXT)",
        }
    ]
    assert (
        "1 record set(s) not compared:\n  _dmarc.example.com. TXT: left alone (ignored by setting "
        "migration:ignore: _dmarc.example.com TXT)\n"
    ) in to_text(result)
    # The same servers without the setting: the record set is missing at Cloudflare.
    assert without.exit_status == 1 and without.not_compared == ()
    assert [(c.subject, c.code) for c in without.differences] == [("_dmarc.example.com. TXT", "missing")]
