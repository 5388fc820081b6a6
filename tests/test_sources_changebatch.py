"""Change batches as a source: each action keeps Route53's meaning, in order (Route53 API
reference, ``Change``), and bad changes are listed by batch."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from migration.sources import route53_json
from migration.sources.changebatch import raw_record_sets


def rrset(name, value, rtype="A", **extra):
    return {"Name": name, "Type": rtype, "TTL": 300, "ResourceRecords": [{"Value": value}], **extra}


def change(action, raw):
    return {"Action": action, "ResourceRecordSet": raw}


def test_actions_apply_in_order_keeping_creation_order():
    batches = [
        {"Changes": [change("CREATE", rrset("a.example.com.", "192.0.2.1")),
                     change("CREATE", rrset("b.example.com.", "192.0.2.2")),
                     change("CREATE", rrset("c.example.com.", "192.0.2.3"))]},
        {"ChangeBatch": {"Changes": [change("UPSERT", rrset("A.example.com", "192.0.2.9")),  # same name, spelt otherwise
                                     change("DELETE", rrset("b.example.com.", "192.0.2.2")),
                                     change("UPSERT", rrset("d.example.com.", "192.0.2.4")),
                                     change("CREATE", rrset("b.example.com.", "192.0.2.5"))]}},
    ]
    assert [(r["Name"], r["ResourceRecords"][0]["Value"]) for r in raw_record_sets(batches, "f.json")] == [
        ("A.example.com", "192.0.2.9"), ("c.example.com.", "192.0.2.3"), ("d.example.com.", "192.0.2.4"),
        ("b.example.com.", "192.0.2.5")]


def test_a_repeated_create_is_kept_and_delete_removes_the_latest():
    first, second = rrset("a.example.com.", "192.0.2.1"), rrset("a.example.com.", "192.0.2.2")
    weighted = rrset("a.example.com.", "192.0.2.3", SetIdentifier="blue", Weight=1)
    doc = {"Changes": [change("CREATE", first), change("CREATE", weighted), change("CREATE", second),
                       change("DELETE", second)]}
    assert raw_record_sets(doc, "f.json") == [first, weighted]
    doc["Changes"].append(change("UPSERT", second))
    assert raw_record_sets(doc, "f.json") == [second, weighted]


def test_bad_changes_are_listed_by_batch():
    doc = [{"Changes": [change("DELETE", rrset("gone.example.com.", "192.0.2.1"))]},
           {"Changes": [{"Action": "RENAME", "ResourceRecordSet": rrset("a.example.com.", "192.0.2.1")}]}]
    with pytest.raises(InputError) as caught:
        raw_record_sets(doc, "f.json")
    assert caught.value.problems == [
        "batch 1, change 1: DELETE gone.example.com. A: no such record set was created before",
        "batch 2, change 1: a change needs an Action (CREATE, UPSERT, DELETE) and a ResourceRecordSet: "
        "{'Action': 'RENAME', 'ResourceRecordSet': {'Name': 'a.example.com.', 'Type': 'A'",
    ]


def test_a_listing_is_not_a_change_batch():
    assert raw_record_sets({"ResourceRecordSets": [rrset("a.example.com.", "192.0.2.1")]}, "f.json") is None


def test_a_document_that_is_both_a_listing_and_a_change_batch_is_refused():
    listing = [rrset("l.example.org.", "192.0.2.1")]
    batch = {"Changes": [change("CREATE", rrset("cb.example.org.", "192.0.2.2"))]}
    for doc in ({"ResourceRecordSets": listing, "ChangeBatch": batch},
                [{"ResourceRecordSets": listing}, {"ResourceRecordSets": [], **batch}]):
        with pytest.raises(InputError) as caught:
            route53_json.raw_record_sets(doc, "f.json")
        assert caught.value.problems == ["the document holds both a 'ResourceRecordSets' listing and change "
                                         "batches ('Changes'); give one or the other"]
