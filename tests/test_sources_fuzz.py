"""Fuzzing every reader (issue 14, item 7): arbitrary bytes, and arbitrary JSON or YAML shapes
built from the keys each format uses, give either a plan or an input error (a
:class:`~migration.errors.MigrationError`), never another exception. Inputs are bounded in size
(hypothesis' ``max_size`` / ``max_leaves``), so time and memory are too: each reader is linear in
its input (a zone file's bad lines are read once each, JSON and YAML nest at most 64 levels)."""

from __future__ import annotations

import json
from pathlib import Path

import dns.name
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migration import plan as plan_mod
from migration.errors import MigrationError
from migration.phases import Facts
from migration.settings import from_lookup
from migration.sources import bind, cloudflare_existing, files, inventory, ses
from migration.sources import snapshot as snapshot_file
from tests.support import plans

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

# Keys and words of the formats read, so shapes reach past the first "not a ...": Route53 record
# sets, change batches, snapshots, SES identities, inventories, Cloudflare listings.
KEYS = [
    "ResourceRecordSets",
    "Name",
    "Type",
    "TTL",
    "ResourceRecords",
    "Value",
    "AliasTarget",
    "HostedZoneId",
    "DNSName",
    "EvaluateTargetHealth",
    "SetIdentifier",
    "Weight",
    "Region",
    "Failover",
    "GeoLocation",
    "HealthCheckId",
    "MultiValueAnswer",
    "TrafficPolicyInstanceId",
    "Changes",
    "ChangeBatch",
    "Action",
    "ResourceRecordSet",
    "IsTruncated",
    "NextRecordName",
    "NextRecordType",
    "snapshotVersion",
    "zone",
    "hostedZoneId",
    "nameServers",
    "comment",
    "tags",
    "readAt",
    "region",
    "EmailIdentity",
    "GetEmailIdentity",
    "IdentityType",
    "DkimAttributes",
    "Tokens",
    "Status",
    "SigningEnabled",
    "SigningAttributesOrigin",
    "MailFromAttributes",
    "MailFromDomain",
    "MailFromDomainStatus",
    "VerificationStatus",
    "inventoryVersion",
    "otherZones",
    "healthChecks",
    "queryLogging",
    "dnssec",
    "registeredDomain",
    "id",
    "private",
    "recordSetCount",
    "config",
    "usedByOtherZones",
    "cloudWatchLogsLogGroupArn",
    "result",
    "name",
    "type",
    "content",
    "data",
    "priority",
    "ttl",
    "proxied",
]
WORDS = [
    "example.com.",
    "www.example.com.",
    "A",
    "AAAA",
    "MX",
    "TXT",
    "CNAME",
    "SOA",
    "NS",
    "SRV",
    "CAA",
    "CREATE",
    "DELETE",
    "UPSERT",
    "192.0.2.1",
    "10 mail.example.com.",
    '"v=spf1 -all"',
    "Z2FDTNDATAQYW2",
    "DOMAIN",
    "SUCCESS",
    "ap-northeast-1",
    "abcdef",
    "NOT_SIGNING",
    "*.example.com.",
    "@",
    "",
    "\\052",
    "xn--bcher-kva",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2**40),
    st.floats(allow_nan=False),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=40,
)
# Integers as JSON numbers only: a float key or value round-trips through json.dumps as text.
VERSIONED = st.fixed_dictionaries(
    {"inventoryVersion": st.just(1)},
    optional={
        k: JSON
        for k in ("otherZones", "healthChecks", "queryLogging", "dnssec", "registeredDomain", "zone", "hostedZoneId")
    },
)


def _plan_or_input_error(read) -> None:
    """Call ``read()`` (which returns a snapshot to plan, or something else read); a snapshot is
    planned too. Anything raised must be a MigrationError with a message."""
    try:
        found = read()
        if isinstance(found, snapshot_file.Snapshot):
            plan_mod.build(plans.settings(zone=found.zone.to_text()), found, Facts())
    except MigrationError as exc:
        assert str(exc)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_source_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "source"
    path.write_bytes(data)
    _plan_or_input_error(lambda: snapshot_file.read(path, zone="example.com"))


ZONE_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "$ORIGIN example.com.",
                "$TTL 300",
                "$TTL 1h",
                "$ORIGIN sub",
                "@ SOA ns1 host 1 2 3 4 5",
                "@ NS ns1",
                "www A 192.0.2.1",
                "www 300 IN A 999.1.1.1",
                "mx MX 10 mail",
                "( 1",
                ")",
                "  A 192.0.2.2",
                't TXT "open',
                'w1 60 IN A 192.0.2.7 ; AWS routing="WEIGHTED" weight=1 identifier="One"',
                "a 60 AWS ALIAS A www $self false",
                "$INCLUDE /etc/passwd",
                "$GENERATE 1-3 h$ A 192.0.2.$",
                "x CNAME www",
                "x A 192.0.2.3",
                "; comment",
                "",
            ]
        ),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    ),
    max_size=25,
)


@FUZZ
@given(lines=ZONE_LINES)
def test_any_zone_file_text(lines):
    text = "\n".join(lines)
    _plan_or_input_error(lambda: bind.read_text(text, "fuzz.zone", zone="example.com"))


@FUZZ
@given(document=JSON)
def test_any_json_shape_as_a_record_set_source(document):
    _plan_or_input_error(
        lambda: snapshot_file.from_document(
            files.parse_json(json.dumps(document), "fuzz.json", "a zone"), "fuzz.json", zone="example.com"
        )
    )


@FUZZ
@given(
    record_sets=st.lists(st.dictionaries(st.sampled_from(KEYS[:18]), JSON, max_size=6), max_size=6), pages=st.booleans()
)
def test_any_record_set_fields(record_sets, pages):
    document = [{"ResourceRecordSets": record_sets}] if pages else {"ResourceRecordSets": record_sets}
    _plan_or_input_error(lambda: snapshot_file.from_document(document, "fuzz.json", zone="example.com"))


@FUZZ
@given(
    changes=st.lists(
        st.fixed_dictionaries(
            {
                "Action": st.sampled_from(["CREATE", "DELETE", "UPSERT", "X"]),
                "ResourceRecordSet": st.dictionaries(st.sampled_from(KEYS[:18]), JSON, max_size=6),
            }
        ),
        max_size=8,
    )
)
def test_any_change_batch(changes):
    _plan_or_input_error(lambda: snapshot_file.from_document({"Changes": changes}, "fuzz.json", zone="example.com"))


@FUZZ
@given(
    document=st.one_of(
        JSON,
        st.lists(
            st.fixed_dictionaries(
                {
                    "region": JSON,
                    "EmailIdentity": JSON,
                    "GetEmailIdentity": st.dictionaries(st.sampled_from(KEYS[31:45]), JSON),
                }
            ),
            max_size=3,
        ),
    )
)
def test_any_ses_identity_document(document):
    _plan_or_input_error(lambda: ses.identities_from_document(document, "fuzz-ses.json"))


@FUZZ
@given(document=st.one_of(JSON, VERSIONED))
def test_any_inventory_document(document):
    _plan_or_input_error(lambda: inventory.from_document(document, "fuzz-inventory.json"))


@FUZZ
@given(
    document=st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"result": st.lists(st.dictionaries(st.sampled_from(KEYS[-10:]), JSON, max_size=7), max_size=4)}
        ),
    )
)
def test_any_cloudflare_listing(document):
    _plan_or_input_error(
        lambda: cloudflare_existing.from_document(document, "fuzz-cf.json", dns.name.from_text("example.com."))
    )


SETTING_KEYS = [
    "zone",
    "snapshot",
    "hostedZoneId",
    "cloudflareAccountId",
    "cloudflareZoneId",
    "cloudflareNameServers",
    "proxied",
    "phase",
    "cloudflareExisting",
    "deleteDifferingRecords",
    "inventory",
    "registeredWithRoute53Domains",
    "orphanZones",
    "cutOverAt",
    "decommissionWait",
    "route53Servers",
    "cloudflareServers",
    "parentServers",
    "routing",
    "cloudflarePlan",
    "cloudflareRecordLimit",
    "sesRegions",
    "sesIdentities",
    "misspelt",
]


@FUZZ
@given(config=st.dictionaries(st.sampled_from(SETTING_KEYS), JSON, max_size=10), region=JSON)
def test_any_stack_settings(tmp_path_factory, config, region):
    root = tmp_path_factory.mktemp("stack")
    _plan_or_input_error(
        lambda: from_lookup(
            "fuzz", lambda key: config.get(key), root, aws_region=region, keys=[f"migration:{k}" for k in config]
        )
    )


@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "config:",
                    "  migration:zone: example.com",
                    "  migration:zone: x",
                    "  a: &x [*x]",
                    "  b: *x",
                    "- [",
                    "  ? [a]",
                    "  : b",
                    "\t",
                    "  migration:proxied: [www.example.com]",
                    "!!python/object:os.system {}",
                    "{a: 1, a: 2}",
                ]
            ),
            max_size=8,
        ).map("\n".join),
    )
)
def test_any_yaml_text(text):
    try:
        files.parse_yaml(text, "fuzz.yaml")
    except MigrationError as exc:
        assert str(exc)


def test_the_yaml_reader_is_the_safe_one():
    """A Python tag is refused, never run."""
    with pytest.raises(MigrationError) as caught:
        files.parse_yaml("!!python/object/apply:os.system ['true']\n", "evil.yaml")
    assert str(caught.value).startswith(
        "evil.yaml: not valid YAML at line 1, column 1: could not determine a constructor"
    )
    assert yaml.safe_dump({"a": 1})  # PyYAML itself is fine
    assert Path("evil.yaml").exists() is False
