"""Change batches as a source: each action keeps Route53's meaning, in order (Route53 API
reference, ``Change``), and bad changes are listed by batch."""

from __future__ import annotations

import json

import pytest

from migration.errors import InputError
from migration.sources import route53_json
from migration.sources.changebatch import raw_record_sets
from tests.conftest import CASES
from tests.support.cli import plan_argv, run


def rrset(name, value, rtype="A", **extra):
    return {"Name": name, "Type": rtype, "TTL": 300, "ResourceRecords": [{"Value": value}], **extra}


def change(action, raw):
    return {"Action": action, "ResourceRecordSet": raw}


def test_actions_apply_in_order_keeping_creation_order():
    batches = [
        {
            "Changes": [
                change("CREATE", rrset("a.example.com.", "192.0.2.1")),
                change("CREATE", rrset("b.example.com.", "192.0.2.2")),
                change("CREATE", rrset("c.example.com.", "192.0.2.3")),
            ]
        },
        {
            "ChangeBatch": {
                "Changes": [
                    change("UPSERT", rrset("A.example.com", "192.0.2.9")),  # same name, spelt otherwise
                    change("DELETE", rrset("b.example.com.", "192.0.2.2")),
                    change("UPSERT", rrset("d.example.com.", "192.0.2.4")),
                    change("CREATE", rrset("b.example.com.", "192.0.2.5")),
                ]
            }
        },
    ]
    assert [(r["Name"], r["ResourceRecords"][0]["Value"]) for r in raw_record_sets(batches, "f.json")] == [
        ("A.example.com", "192.0.2.9"),
        ("c.example.com.", "192.0.2.3"),
        ("d.example.com.", "192.0.2.4"),
        ("b.example.com.", "192.0.2.5"),
    ]


def test_a_repeated_create_is_kept_and_delete_removes_the_latest():
    first, second = rrset("a.example.com.", "192.0.2.1"), rrset("a.example.com.", "192.0.2.2")
    weighted = rrset("a.example.com.", "192.0.2.3", SetIdentifier="blue", Weight=1)
    doc = {
        "Changes": [
            change("CREATE", first),
            change("CREATE", weighted),
            change("CREATE", second),
            change("DELETE", second),
        ]
    }
    assert raw_record_sets(doc, "f.json") == [first, weighted]
    doc["Changes"].append(change("UPSERT", second))
    assert raw_record_sets(doc, "f.json") == [second, weighted]


def test_bad_changes_are_listed_by_batch():
    doc = [
        {"Changes": [change("DELETE", rrset("gone.example.com.", "192.0.2.1"))]},
        {"Changes": [{"Action": "RENAME", "ResourceRecordSet": rrset("a.example.com.", "192.0.2.1")}]},
    ]
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
    for doc in (
        {"ResourceRecordSets": listing, "ChangeBatch": batch},
        [{"ResourceRecordSets": listing}, {"ResourceRecordSets": [], **batch}],
    ):
        with pytest.raises(InputError) as caught:
            route53_json.raw_record_sets(doc, "f.json")
        assert caught.value.problems == [
            "the document holds both a 'ResourceRecordSets' listing and change "
            "batches ('Changes'); give one or the other"
        ]


def test_a_delete_whose_values_differ_is_refused(capsys):
    path = CASES / "r-changebatch-delete-mismatch" / "changes.json"
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (
        2,
        "",
        (
            f"error: {path}: batch 1, change 3: DELETE www.example.com. A: does not match the record set it would "
            'delete (values ["203.0.113.9"], not ["192.0.2.1"]); Route53 refuses such a batch (InvalidChangeBatch)\n'
        ),
    )


def _batch(*changes):
    return {"Changes": [{"Action": action, "ResourceRecordSet": raw} for action, raw in changes]}


A = {
    "Name": "www.example.com.",
    "Type": "A",
    "TTL": 300,
    "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}],
}


ALIAS = {
    "Name": "a.example.com.",
    "Type": "A",
    "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d1.cloudfront.net.", "EvaluateTargetHealth": False},
}


@pytest.mark.parametrize(
    "deleted, why",
    [
        ({**A, "TTL": 60}, "TTL 60, not 300"),
        ({**A, "ResourceRecords": [{"Value": "192.0.2.1"}]}, 'values ["192.0.2.1"], not ["192.0.2.1", "192.0.2.2"]'),
        ({**A, "Weight": 1, "SetIdentifier": None}, "Weight 1, not none"),
    ],
)
def test_a_delete_must_repeat_ttl_values_and_routing(deleted, why):
    from migration.sources.changebatch import raw_record_sets

    with pytest.raises(InputError) as caught:
        raw_record_sets(_batch(("CREATE", A), ("DELETE", deleted)), "f.json")
    assert caught.value.problems == [
        f"batch 1, change 2: DELETE www.example.com. A: does not match the record set "
        f"it would delete ({why}); Route53 refuses such a batch (InvalidChangeBatch)"
    ]


def test_a_delete_that_matches_removes_the_record_set():
    from migration.sources.changebatch import raw_record_sets

    reordered = {**A, "ResourceRecords": A["ResourceRecords"][::-1]}
    alias_spelt_otherwise = {**ALIAS, "AliasTarget": {**ALIAS["AliasTarget"], "DNSName": "D1.cloudfront.net"}}
    kept = {**A, "Name": "kept.example.com."}
    assert raw_record_sets(
        _batch(
            ("CREATE", A), ("CREATE", ALIAS), ("CREATE", kept), ("DELETE", reordered), ("DELETE", alias_spelt_otherwise)
        ),
        "f.json",
    ) == [kept]


def test_the_request_keys_are_botocores_model_of_route53():
    import botocore.session

    from migration.sources.changebatch import BATCH_KEYS, CHANGE_KEYS, REQUEST_KEYS

    model = botocore.session.get_session().get_service_model("route53")
    request = model.operation_model("ChangeResourceRecordSets").input_shape
    batch = request.members["ChangeBatch"]
    assert (REQUEST_KEYS, BATCH_KEYS, CHANGE_KEYS) == (
        tuple(request.members),
        tuple(batch.members),
        tuple(batch.members["Changes"].member.members),
    )


DROPPED = "the file is damaged, or holds a field this tool would drop"


@pytest.mark.parametrize(
    ("document", "why"),
    [
        (
            {"Comment": "x", "Bogus": 1, "Changes": [change("CREATE", rrset("a.example.com.", "192.0.2.1"))]},
            f"unknown key(s) 'Bogus': a change batch has only Comment and Changes (Route53 API reference, "
            f"ChangeResourceRecordSets): {DROPPED}",
        ),
        (
            {
                "HostedZoneId": "Z1",
                "Foo": 1,
                "ChangeBatch": {"Changes": [change("CREATE", rrset("a.example.com.", "1"))]},
            },
            f"unknown key(s) 'Foo': a request has only HostedZoneId and ChangeBatch (Route53 API reference, "
            f"ChangeResourceRecordSets): {DROPPED}",
        ),
        (
            {"Changes": [{**change("CREATE", rrset("a.example.com.", "192.0.2.1")), "Extra": 2}]},
            f"batch 1, change 1: unknown key(s) 'Extra': a change has only Action and ResourceRecordSet (Route53 API "
            f"reference, ChangeResourceRecordSets): {DROPPED}",
        ),
        (
            {"Changes": change("CREATE", rrset("a.example.com.", "192.0.2.1"))},
            '\'Changes\' must be a list of changes ([{"Action": "CREATE", "ResourceRecordSet": {...}}, ...]), not '
            '{"Action": "CREATE", "ResourceRecordSet": {"Name": "a.example.com.", "Type": "A"',
        ),
    ],
    ids=["batch-key", "request-key", "change-key", "changes-object"],
)
def test_keys_the_model_lacks_and_changes_not_a_list_are_named(document, why, tmp_path, capsys):
    """Before, an unknown key was dropped silently, and 'Changes' given as one change (an object)
    was reported as a document without a 'ResourceRecordSets' list."""
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(document))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (2, "", f"error: {path}: {why}\n")
