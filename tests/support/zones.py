"""Build snapshots from Route53-shaped record sets, decoded exactly as real input is."""

from __future__ import annotations

from typing import Any

import dns.name
import pytest

from migration.errors import InputError
from migration.model import CloudflareRecord, Outcome, Snapshot, Translation
from migration.names import from_route53
from migration.sources.bind import read_text
from migration.sources.route53_json import record_sets_from_raw
from migration.translate import translate

ZONE_ID = "ZOWNZONE0000001"
APEX_SOA = {
    "Name": "example.com.",
    "Type": "SOA",
    "TTL": 900,
    "ResourceRecords": [{"Value": "ns-1.awsdns-1.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}],
}


def rrset(name: str, rtype: str, *values: str, ttl: int = 300, **extra: Any) -> dict[str, Any]:
    """A raw ``ResourceRecordSet`` with values (``extra`` adds SetIdentifier, Weight, ...)."""
    raw: dict[str, Any] = {"Name": name, "Type": rtype, **extra}
    if "AliasTarget" not in extra:
        raw["TTL"] = ttl
        raw["ResourceRecords"] = [{"Value": v} for v in values]
    return raw


def alias(name: str, rtype: str, target: str, zone_id: str, **extra: Any) -> dict[str, Any]:
    """A raw alias record set."""
    return rrset(
        name, rtype, AliasTarget={"HostedZoneId": zone_id, "DNSName": target, "EvaluateTargetHealth": False}, **extra
    )


def snapshot(*raws: dict[str, Any], zone: str = "example.com.", hosted_zone_id: str | None = ZONE_ID) -> Snapshot:
    apex = from_route53(zone)
    return Snapshot(zone=apex, record_sets=record_sets_from_raw(raws, apex, "test"), hosted_zone_id=hosted_zone_id)


def run(*raws: dict[str, Any], **kwargs: Any) -> Translation:
    """Translate record sets of ``example.com.`` (``routing_decisions``/``proxied`` pass through)."""
    zone = kwargs.pop("zone", "example.com.")
    return translate(snapshot(*raws, zone=zone), **kwargs)


def outcome(translation: Translation, label: str) -> Outcome:
    """The outcome of the record set labelled ``label`` (``owner TYPE [set-id]``)."""
    found = [o for o in translation.outcomes if o.record_set.label == label]
    assert len(found) == 1, [o.record_set.label for o in translation.outcomes]
    return found[0]


def values(records: tuple[CloudflareRecord, ...]) -> list[tuple[Any, ...]]:
    """Records as (name, type, ttl, content, data, priority) tuples, for exact comparison."""
    return [(r.name, r.type, r.ttl, r.content, dict(r.data) if r.data else None, r.priority) for r in records]


# A zone of international-name tests, and a zone file's first lines for it.
IDN_ZONE = dns.name.from_text("example.org.")
IDN_HEAD = "$ORIGIN example.org.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1.example.net.\n"


def json_problems(name: str, rtype: str = "A", value: str = "192.0.2.1") -> list[str]:
    """The problems the JSON reader names for one record set ``name rtype value`` in :data:`IDN_ZONE`
    (it must refuse it)."""
    with pytest.raises(InputError) as err:
        record_sets_from_raw([rrset(name, rtype, value)], IDN_ZONE, "export.json")
    return err.value.problems


def zone_problems(lines: str) -> list[str]:
    """The problems the zone-file reader names for ``lines`` after :data:`IDN_HEAD` (it must refuse them)."""
    with pytest.raises(InputError) as err:
        read_text(IDN_HEAD + lines, "z.zone")
    return err.value.problems
