"""Small builders for tests: record sets and snapshots from Route53-shaped dicts."""

from __future__ import annotations

from typing import Any

from migration.model import Snapshot
from migration.sources.route53_json import record_sets_from_raw
from migration.names import from_route53

APEX_SOA = {"Name": "example.com.", "Type": "SOA", "TTL": 900,
            "ResourceRecords": [{"Value": "ns-1.awsdns-1.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]}


def rrset(name: str, rtype: str, *values: str, ttl: int | None = 300, **extra: Any) -> dict[str, Any]:
    """A raw Route53 record set (API shape)."""
    raw: dict[str, Any] = {"Name": name, "Type": rtype, **extra}
    if "AliasTarget" not in extra:
        raw["TTL"] = ttl
        raw["ResourceRecords"] = [{"Value": v} for v in values]
    return raw


def alias(name: str, rtype: str, zone_id: str, dns_name: str, evaluate: bool = False) -> dict[str, Any]:
    """A raw Route53 alias record set."""
    return {"Name": name, "Type": rtype,
            "AliasTarget": {"HostedZoneId": zone_id, "DNSName": dns_name, "EvaluateTargetHealth": evaluate}}


def snapshot(*raws: dict[str, Any], zone: str = "example.com.", hosted_zone_id: str | None = "ZSELF") -> Snapshot:
    apex = from_route53(zone)
    return Snapshot(zone=apex, record_sets=record_sets_from_raw(list(raws), apex, "test"), hosted_zone_id=hosted_zone_id)
