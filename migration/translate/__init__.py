"""Translate a Route53 snapshot into Cloudflare records: pure functions over data.

:func:`translate` gives every record set exactly one :class:`~migration.model.Outcome`
(translated, skipped or refused, with the reason), so nothing disappears silently.
Value conversion lives in :mod:`.values`, alias targets in :mod:`.aliases`, proxy and TTL rules
in :mod:`.policy`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import dns.name

from ..model import CloudflareRecord, Finding, Outcome, RecordSet, Snapshot, Translation
from ..names import to_cloudflare
from . import aliases, policy
from .values import CONVERTERS, host

ALIAS_TTL = 60  # CloudFront, ELB and S3 website answers carry TTL 60 s; Route53 passes it through.


class _Zone:
    """Indexes built once per snapshot, so no rule rescans the zone per record set."""

    def __init__(self, snapshot: Snapshot):
        self.apex = snapshot.zone
        self.hosted_zone_id = snapshot.hosted_zone_id
        self.by_key: dict[tuple[dns.name.Name, str], list[RecordSet]] = defaultdict(list)
        for rs in snapshot.record_sets:
            self.by_key[(rs.name, rs.rtype)].append(rs)
        self.mx_targets = frozenset(rd.exchange for rs in snapshot.record_sets if rs.rtype == "MX" for rd in rs.rdatas)

    def alias_partner(self, rs: RecordSet, rtype: str) -> RecordSet | None:
        for other in self.by_key.get((rs.name, rtype), ()):
            if other.alias is not None and other.routing is None and other.alias.dns_name == rs.alias.dns_name:
                return other
        return None


def _refused(rs: RecordSet, reason: str) -> Outcome:
    return Outcome(rs, "refused", reason)


def _alias_outcome(rs: RecordSet, zone: _Zone, findings: list[Finding]) -> tuple[Outcome, list[tuple]]:
    if rs.rtype not in ("A", "AAAA"):
        return _refused(rs, f"an alias of type {rs.rtype} is not translated yet"), []
    partner = zone.alias_partner(rs, "A" if rs.rtype == "AAAA" else "AAAA")
    if rs.rtype == "AAAA" and partner is not None:
        return Outcome(rs, "translated", "same alias target as the A record set: one CNAME serves both",
                       merged_into=partner.label()), []
    result = aliases.resolve(rs, zone.apex, zone.hosted_zone_id, dual_stack=partner is not None)
    if result.refusal:
        return _refused(rs, result.refusal), []
    ttl = ALIAS_TTL
    if result.kind == aliases.SAME_ZONE:
        targets = [t for t in zone.by_key.get((result.target, rs.rtype), ()) if t.ttl is not None]
        ttl = targets[0].ttl if targets else ALIAS_TTL
    reason = f"alias to {result.kind} becomes a CNAME to {host(result.target)}"
    if rs.name == zone.apex:
        reason += " (Cloudflare flattens a CNAME at the apex)"
    return Outcome(rs, "translated", reason), [("CNAME", ttl, (host(result.target), None, None), result.target)]


def _value_outcome(rs: RecordSet, zone: _Zone) -> tuple[Outcome, list[tuple]]:
    convert = CONVERTERS.get(rs.rtype)
    if convert is None:
        return _refused(rs, f"type {rs.rtype} is not translated yet"), []
    reason = "delegation of a subdomain: NS copied" if rs.rtype == "NS" else ""
    target = rs.rdatas[0].target if rs.rtype == "CNAME" else None
    return Outcome(rs, "translated", reason), [(rs.rtype, rs.ttl, convert(rd), target) for rd in rs.rdatas]


def translate(snapshot: Snapshot, proxied: Iterable[dns.name.Name] = ()) -> Translation:
    """Translate every record set of ``snapshot``.

    ``proxied`` names the owners the user opted into Cloudflare's proxy (stack setting
    ``migration:proxied``); everything else is DNS-only. Returns a :class:`Translation` whose
    records are unique by (name, type, value) in snapshot order. Never raises for content: every
    problem is an outcome or a finding.
    """
    zone = _Zone(snapshot)
    proxied = frozenset(proxied)
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    records: dict[tuple[str, str, str], CloudflareRecord] = {}
    for rs in snapshot.record_sets:
        if rs.name == zone.apex and rs.rtype in ("SOA", "NS"):
            outcomes.append(Outcome(rs, "skipped", f"apex {rs.rtype}: Cloudflare serves its own"))
            continue
        if rs.routing is not None:
            r = rs.routing
            health = f", health check {r.health_check_id}" if r.health_check_id else ""
            outcomes.append(_refused(rs, f"{r.policy} routing policy (set identifier {r.set_identifier!r}{health}): "
                                         "plain Cloudflare DNS cannot route, and keeping one set would silently drop the others"))
            continue
        try:
            cf_name = to_cloudflare(rs.name)
        except ValueError as exc:
            outcomes.append(_refused(rs, str(exc)))
            continue
        outcome, planned = (_alias_outcome(rs, zone, findings) if rs.alias is not None else _value_outcome(rs, zone))
        made = []
        for rtype, ttl, (content, data, priority), target in planned:
            ttl, warning = policy.clamp_ttl(ttl)
            if warning and not made:
                findings.append(Finding("warning", "ttl-clamped", rs.label(), warning))
            is_proxied = False
            if rs.name in proxied:
                refusal = policy.proxy_refusal(rs.name, zone.apex, rtype, target, zone.mx_targets)
                if refusal:
                    if not made:
                        findings.append(Finding("error", "proxy-refused", rs.label(), f"proxying refused: {refusal}"))
                else:
                    is_proxied, ttl = True, policy.TTL_AUTOMATIC
            record = CloudflareRecord(name=cf_name, type=rtype, ttl=ttl, proxied=is_proxied, content=content,
                                      data=data, priority=priority, source=rs.label())
            made.append(records.setdefault(record.identity(), record))
        if made:
            outcome = Outcome(outcome.record_set, outcome.status, outcome.reason, tuple(made), outcome.merged_into)
        outcomes.append(outcome)
    names = {rs.name for rs in snapshot.record_sets}
    for name in sorted(proxied - names):
        findings.append(Finding("warning", "proxied-unknown-name", name.to_text(),
                                "migration:proxied names a name that has no record set in the zone"))
    return Translation(tuple(outcomes), tuple(records.values()), tuple(findings))
