"""A deterministic zone of N record sets in Route53's API JSON shape, for the benchmarks.

``record_sets(n)`` returns exactly ``n`` raw ``ResourceRecordSet`` objects (as
``ListResourceRecordSets`` returns them): the apex SOA and NS, then a repeating mix of every kind
the planner translates today: A, AAAA, CNAME, MX, TXT (short, and longer than 255 bytes split
into two character strings), SRV, CAA, NS delegations, aliases to CloudFront (an A and AAAA pair),
to an ELB, to an S3 website endpoint, to another record set of the same zone and to such an alias (a
chain), and wildcards
(``\\052``, Route53's octal escape for ``*``). No randomness: the same ``n`` gives the same zone.
``aliases=False`` leaves the six aliases of each group out (:data:`PLAIN_GROUP_SIZE` record sets
a group): a zone every peer can plan whole (octoDNS leaves Route53 aliases out of a Cloudflare
plan), for a like-for-like comparison.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

ZONE = "bench.example."
HOSTED_ZONE_ID = "ZBENCH00000000000001"
NAME_SERVERS = ("ns-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk.", "ns-3.awsdns-03.com.", "ns-4.awsdns-04.net.")
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
ELB_AP_NORTHEAST_1_ZONE_ID = "Z14GRHDCWA56QT"
S3_WEBSITE_AP_NORTHEAST_1_ZONE_ID = "Z2M4EHUR26P7ZW"

# A TXT value of 300 bytes: Route53 holds it as two character strings (each at most 255 bytes,
# RFC 1035 section 3.3.14), the way DKIM keys are published.
_LONG_KEY = ("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" * 7)[:300]
LONG_TXT = f'"{_LONG_KEY[:255]}" "{_LONG_KEY[255:]}"'


def _values(rtype: str, ttl: int, *values: str) -> dict[str, Any]:
    return {"Type": rtype, "TTL": ttl, "ResourceRecords": [{"Value": v} for v in values]}


def _alias(rtype: str, zone_id: str, dns_name: str) -> dict[str, Any]:
    return {"Type": rtype, "AliasTarget": {"HostedZoneId": zone_id, "DNSName": dns_name, "EvaluateTargetHealth": False}}


def _kinds(i: int, zone: str, zone_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The record sets of group ``i``: (owner, fields) pairs, owners unique per group."""
    a, b = i // 256 % 256, i % 256
    return [
        (f"host{i}.{zone}", _values("A", 300, f"10.{a}.{b}.1", f"10.{a}.{b}.2")),
        (f"host{i}.{zone}", _values("AAAA", 300, f"2001:db8:{a:x}:{b:x}::1")),
        (f"www{i}.{zone}", _values("CNAME", 3600, f"host{i}.{zone}")),
        (f"mail{i}.{zone}", _values("MX", 3600, f"10 mx1.mail{i}.example.net.", f"20 mx2.mail{i}.example.net.")),
        (f"mail{i}.{zone}", _values("TXT", 300, '"v=spf1 include:amazonses.com ~all"')),
        (f"k{i}._domainkey.{zone}", _values("TXT", 300, LONG_TXT)),
        (f"_sip._tcp.svc{i}.{zone}", _values("SRV", 3600, f"10 5 5060 sip{i}.example.net.")),
        (f"caa{i}.{zone}", _values("CAA", 3600, '0 issue "amazon.com"', '0 iodef "mailto:security@example.com"')),
        (f"sub{i}.{zone}", _values("NS", 172800, f"ns1.sub{i}.example.net.", f"ns2.sub{i}.example.net.")),
        (f"cdn{i}.{zone}", _alias("A", CLOUDFRONT_ZONE_ID, f"d{i}.cloudfront.net.")),
        (f"cdn{i}.{zone}", _alias("AAAA", CLOUDFRONT_ZONE_ID, f"d{i}.cloudfront.net.")),
        (
            f"api{i}.{zone}",
            _alias("A", ELB_AP_NORTHEAST_1_ZONE_ID, f"dualstack.api{i}-123.ap-northeast-1.elb.amazonaws.com."),
        ),
        (
            f"static{i}.{zone}",
            _alias("A", S3_WEBSITE_AP_NORTHEAST_1_ZONE_ID, "s3-website-ap-northeast-1.amazonaws.com."),
        ),
        (f"alias{i}.{zone}", _alias("A", zone_id, f"host{i}.{zone}")),
        (f"chain{i}.{zone}", _alias("A", zone_id, f"alias{i}.{zone}")),
        (f"\\052.wild{i}.{zone}", _values("A", 60, f"10.{a}.{b}.3")),
    ]


GROUP_SIZE = 16  # record sets per group of :func:`_kinds`
PLAIN_GROUP_SIZE = 10  # the same without its aliases


def record_sets(
    n: int, zone: str = ZONE, hosted_zone_id: str = HOSTED_ZONE_ID, aliases: bool = True
) -> list[dict[str, Any]]:
    """Exactly ``n`` raw record sets (``n >= 2``): the apex SOA and NS, then groups of
    :data:`GROUP_SIZE` record sets (:data:`PLAIN_GROUP_SIZE` without ``aliases``), the last group
    cut short to make ``n``.

    Raises ``ValueError`` for ``n < 2`` (every hosted zone has its apex SOA and NS).
    """
    if n < 2:
        raise ValueError(f"a hosted zone has at least 2 record sets (apex SOA and NS), not {n}")
    found = [
        {"Name": zone, **_values("NS", 172800, *NAME_SERVERS)},
        {
            "Name": zone,
            **_values("SOA", 900, f"{NAME_SERVERS[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"),
        },
    ]
    group = 0
    while len(found) < n:
        kinds = [kind for kind in _kinds(group, zone, hosted_zone_id) if aliases or "AliasTarget" not in kind[1]]
        for owner, fields in kinds[: n - len(found)]:
            found.append({"Name": owner, **fields})
        group += 1
    return found


def snapshot_document(n: int, aliases: bool = True) -> dict[str, Any]:
    """A snapshot file's document (``migration.sources.snapshot`` format) of ``n`` record sets
    (:func:`record_sets`)."""
    return {
        "snapshotVersion": 1,
        "zone": ZONE,
        "hostedZoneId": HOSTED_ZONE_ID,
        "nameServers": list(NAME_SERVERS),
        "comment": "benchmark zone",
        "tags": {},
        "readAt": "2026-01-01T00:00:00Z",
        "ResourceRecordSets": record_sets(n, aliases=aliases),
    }


def change_batches(raws: list[dict[str, Any]], size: int) -> Iterator[dict[str, Any]]:
    """``ChangeBatch`` arguments creating ``raws`` (apex SOA and NS left out: creating a hosted
    zone makes its own), ``size`` changes each."""
    changes = [
        {"Action": "CREATE", "ResourceRecordSet": rs}
        for rs in raws
        if not (rs["Name"] == raws[0]["Name"] and rs["Type"] in ("SOA", "NS"))
    ]
    for start in range(0, len(changes), size):
        yield {"Changes": changes[start : start + size]}


def write_snapshot(n: int, path: Path, aliases: bool = True) -> None:
    """Write :func:`snapshot_document` of ``n`` record sets to ``path``."""
    path.write_text(json.dumps(snapshot_document(n, aliases)), encoding="utf-8")
