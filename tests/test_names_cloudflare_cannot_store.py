"""A zone or a DKIM selector whose name holds a byte Cloudflare cannot store (``\\@``, ``\\100``: only
an escape can write it) is an input error or a refusal naming it, not a traceback: the zone told
by an export's SOA or a zone file's $ORIGIN is checked as --zone is, and a ``_domainkey`` record
set of such a name is refused by the translation like any other (the email check skips it).
Found by a differential run of the plan against random names (breaker helper)."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import plan_argv, run

SOA = "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"


def _export(zone: str, *more: dict) -> dict:
    return {
        "ResourceRecordSets": [
            {"Name": zone, "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": SOA}]},
            {"Name": zone, "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}]},
            *more,
        ]
    }


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        (
            "zone.json",
            json.dumps(_export("a\\100b.example.")),
            "the SOA record set tells the zone: 'a\\\\100b.example.' is not a zone name: it has characters "
            "Cloudflare cannot store",
        ),
        (
            "zone.txt",
            "$ORIGIN a\\@b.example.\n@ 300 IN SOA ns1 h 1 2 3 4 5\n@ 300 IN NS ns1.example.net.\n",
            "the zone cannot be a Cloudflare zone: a\\@b.example. has characters Cloudflare cannot store in a name",
        ),
    ],
)
def test_a_zone_told_by_the_file_that_cloudflare_cannot_store(tmp_path, capsys, name, text, reason):
    # An export's SOA, a zone file's $ORIGIN.
    path = tmp_path / name
    path.write_text(text)
    assert run(["plan", "--source", str(path)], capsys) == (2, "", f"error: {path}: {reason}\n")


def test_a_selector_name_cloudflare_cannot_store_is_refused_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "zone.json"
    selector = {
        "Name": "a\\100b.s1._domainkey.example.com.",
        "Type": "TXT",
        "TTL": 300,
        "ResourceRecords": [{"Value": '"v=DKIM1; p=abc"'}],
    }
    path.write_text(json.dumps(_export("example.com.", selector)))
    status, out, err = run(plan_argv(path), capsys)
    assert (status, err) == (1, "")  # blocked: a refusal
    assert (
        "  refused        a\\@b.s1._domainkey.example.com. TXT: a\\@b.s1._domainkey.example.com. has characters "
        "Cloudflare cannot store in a name"
    ) in out.splitlines()
