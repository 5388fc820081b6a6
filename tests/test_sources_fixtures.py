"""Every shared fixture file plans with every record set accounted for.

Sources (see tests/data/SOURCES.md): route53/r53json_* from octodns/octodns-route53
tests/test_octodns_provider_route53.py (MIT); route53/r53_changebatch_* from botocore 1.44.8
botocore/data/route53/2013-04-01/examples-1.json (Apache-2.0); bind/cli53-* from barnybug/cli53
tests/*.txt (MIT); bind/azure-* from Azure/azure-cli network zone_files tests (MIT).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from migration import cli
from tests.conftest import DATA


def plan_json(capsys, path, zone):
    status = cli.main(["plan", "--source", str(DATA / path), "--zone", zone, "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    return status, document


def summary(document):
    statuses = Counter((r["status"]) for r in document["recordSets"])
    return document["summary"]["recordSets"], dict(statuses)


def records(document):
    return sorted(
        (r["inputs"]["type"], r["inputs"]["name"], r["inputs"].get("content") or json.dumps(r["inputs"].get("data")))
        for r in document["resources"]
        if r["type"].endswith("DnsRecord")
    )


def status_of(document, name, rtype, set_id=None):
    return [
        (r["status"], r["reason"])
        for r in document["recordSets"]
        if r["name"] == name and r["type"] == rtype and r["setIdentifier"] == set_id
    ]


def test_octodns_two_pages(capsys):
    status, doc = plan_json(capsys, "route53/r53json_octodns_populate_2pages.json", "unit.tests")
    assert status == 1
    assert summary(doc) == (16, {"translated": 12, "skipped": 1, "refused": 3})
    assert status_of(doc, "alias.unit.tests.", "NAPTR")[0][0] == "translated"
    assert (
        "NAPTR",
        "alias.unit.tests",
        json.dumps(
            {
                "flags": "U",
                "order": 10,
                "preference": 20,
                "regex": "!^.*$!sip:info@bar.example.com!",
                "replacement": ".",
                "service": "SIP+D2U",
            }
        ),
    ) in records(doc)
    assert ("MX", "unit.tests", "smtp-2.unit.tests") in records(doc)
    assert status_of(doc, "ignored.unit.tests.", "A")[0][1].startswith("owned by Route53 traffic policy instance 'foo'")


def test_octodns_dynamic(capsys):
    status, doc = plan_json(capsys, "route53/r53json_octodns_dynamic_geo_weighted_failover.json", "unit.tests")
    assert status == 1
    assert summary(doc) == (18, {"translated": 1, "refused": 17})
    assert status_of(doc, "unit.tests.", "A", "3-us-east-1-None")[0][1].startswith(
        "geolocation routing policy: unit.tests. A is 5 record set(s): '1-ap-southeast-1-AS-JP' (GeoLocation"
    )


def test_botocore_change_batches(capsys):
    # 22 CREATE changes in independent example batches: contradictory as one zone (a plain and
    # weighted example.com. A), an input error naming the name and type.
    path = DATA / "route53/r53_changebatch_aws_botocore_examples.json"
    status = cli.main(["plan", "--source", str(path), "--zone", "example.com", "--format", "json"])
    assert (status, capsys.readouterr()) == (
        2,
        (
            "",
            f"error: {path}: example.com. A mixes plain and weighted routing record sets, which Route53 does "
            "not allow; the input is inconsistent\n",
        ),
    )


def test_azure_zone1(capsys):
    status, doc = plan_json(capsys, "bind/azure-zone1.txt", "zone1.com")
    assert status == 1
    assert summary(doc) == (17, {"skipped": 2, "translated": 14, "refused": 1})
    assert ("CAA", "caa2.zone1.com", json.dumps({"flags": 45, "tag": "tag56", "value": "test test test"})) in records(
        doc
    )
    assert (
        "NAPTR",
        "mynaptr.zone1.com",
        json.dumps(
            {
                "flags": "U",
                "order": 20,
                "preference": 20,
                "regex": "!^(\\+441632960083)$!sip:\\1@example.com",
                "replacement": ".",
                "service": "SIP+D2U",
            }
        ),
    ) in records(doc)
    # "_sip._tls.@" is Azure's own syntax; as a zone file it is a label "@", which Cloudflare cannot store.
    assert status_of(doc, "_sip._tls.\\@.zone1.com.", "SRV")[0][0] == "refused"


def test_azure_zone3(capsys):
    status, doc = plan_json(capsys, "bind/azure-zone3.txt", "zone3.com")
    assert status == 1
    assert summary(doc) == (21, {"skipped": 2, "translated": 16, "refused": 3})
    assert [c for t, n, c in records(doc) if n == "txt3.zone3.com"] == [
        '"string;string;string"',
        '"this is a very long string with lots of text, in fact is has 74 characters" '
        '"this is a very long string with lots of text, in fact is has 74 characters" '
        '"this is a very long string with lots of text, in fact is has 74 characters" '
        '"this is a very long string with lots of text, in fact is has 74 characters"',
    ]
    assert [c for t, n, c in records(doc) if n == "noclass.zone3.com"] == ["1.2.3.4", "2.3.4.5"]
    assert status_of(doc, "d1.zone3.com.", "NS")[0][1].startswith("d1.zone3.com. is delegated (NS)")


@pytest.mark.parametrize(
    "path,counts,expected",
    [
        (
            "bind/cli53-alias.txt",
            (2, {"translated": 2}),
            [("A", "alias.example.com", "127.0.0.1"), ("A", "www.example.com", "127.0.0.1")],
        ),
        ("bind/cli53-wildcard.txt", (1, {"translated": 1}), [("A", "*.example.com", "10.0.0.1")]),
    ],
)
def test_cli53_small(capsys, path, counts, expected):
    status, doc = plan_json(capsys, path, "example.com")
    assert status == 0
    assert summary(doc) == counts
    assert records(doc) == expected


def test_cli53_basic(capsys):
    status, doc = plan_json(capsys, "bind/cli53-basic.txt", "example.com")
    assert status == 0
    assert summary(doc) == (15, {"translated": 12, "skipped": 3})
    assert status_of(doc, "example.com.", "SPF") == [
        ("skipped", "SPF is obsolete (RFC 7208) and an identical TXT record set exists")
    ]
    assert ("CNAME", "root.example.com", "example.com") in records(doc)
    assert ("TXT", "test.example.com", '"multivalued" " txt \\"quoted\\" record"') in records(doc)


def test_cli53_weighted(capsys):
    status, doc = plan_json(capsys, "bind/cli53-weighted.txt", "example.com")
    assert status == 1
    assert summary(doc) == (3, {"refused": 3})
    assert status_of(doc, "weighted.example.com.", "A", "Zero")[0][1].startswith(
        "weighted routing policy: weighted.example.com. A is 3 record set(s): 'One' (Weight 1), 'Two' (Weight 2), "
        "'Zero' (Weight 0)."
    )
