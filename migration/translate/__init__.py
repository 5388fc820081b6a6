"""Translate a Route53 snapshot into Cloudflare records: pure functions over data.

:func:`translate` gives every record set exactly one :class:`~migration.model.Outcome`
(translated, skipped or refused, with the reason), so nothing disappears silently.
Value conversion lives in :mod:`.values`, alias targets in :mod:`.aliases`, proxy and TTL rules
in :mod:`.policy`, routing-policy choices in :mod:`.routing`, combinations Cloudflare forbids in
:mod:`.conflicts`, Cloudflare's size limits in :mod:`.limits`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

import dns.name

from .. import rdata_fields
from ..model import (
    CloudflareRecord,
    Decision,
    Finding,
    Outcome,
    RecordSet,
    Rewrite,
    Snapshot,
    Status,
    Translation,
    stored_form,
)
from ..names import Key, key
from . import aliases, conflicts, limits, policy, routing
from .values import CONVERTERS, PUBLISHED_TYPE, host

# The Route53 TTL of an alias record set: Route53 answers an alias with its target's TTL, 60 s for
# CloudFront, ELB and S3 website endpoints; policy.cloudflare_ttl turns it into Cloudflare's.
ALIAS_TTL = 60


class _Zone:
    """Indexes built once per snapshot, so no rule rescans the zone per record set."""

    def __init__(self, snapshot: Snapshot, record_sets: list[RecordSet]):
        self.apex = snapshot.zone
        self.apex_key = key(snapshot.zone)
        self.hosted_zone_id = snapshot.hosted_zone_id
        # Keyed by names.key, not by dns.name.Name, whose hash lower-cases every label per call.
        self.by_key: dict[tuple[Key, str], list[RecordSet]] = defaultdict(list)
        for rs in record_sets:
            self.by_key[(rs.name_key, rs.rtype)].append(rs)
        self._mx_targets: frozenset[dns.name.Name] | None = None

    @property
    def mx_targets(self) -> frozenset[dns.name.Name]:
        """The exchange names of every MX in the zone, computed once when first asked (only the
        proxy rule asks, and only for proxied names)."""
        if self._mx_targets is None:
            self._mx_targets = frozenset(
                rdata_fields.exchange(rd)
                for (_, rtype), group in self.by_key.items()
                if rtype == "MX"
                for rs in group
                for rd in rs.rdatas
            )
        return self._mx_targets

    def is_apex(self, rs: RecordSet) -> bool:
        return rs.name_key == self.apex_key

    def lookup(self, name: dns.name.Name, rtype: str) -> list[RecordSet]:
        return self.by_key.get((key(name), rtype), [])

    def alias_partner(self, rs: RecordSet, rtype: str) -> RecordSet | None:
        assert rs.alias is not None
        target = rs.alias.dns_name
        for other in self.by_key.get((rs.name_key, rtype), ()):
            if other.alias is not None and other.routing is None and _same_name(other.alias.dns_name, target):
                return other
        return None


def _same_name(a: dns.name.Name, b: dns.name.Name) -> bool:
    """``a == b`` (names compare without case, RFC 4343), told from the labels as spelled when
    they are alike (alias targets are read in lower case), else by key: dnspython compares label
    by label in Python."""
    return a.labels == b.labels or key(a) == key(b)


# What becomes of one record set before its records are made: status, reason, merged into (the
# fields of an Outcome, which is built once, with the records), and the planned values.
_Result = tuple[Status, str, "str | None", list[tuple]]


def _refusal(reason: str) -> _Result:
    return "refused", reason, None, []


def _alias_outcome(rs: RecordSet, zone: _Zone) -> _Result:
    followed = aliases.follow(rs, zone.apex, zone.hosted_zone_id, zone.lookup)
    if followed.refusal:
        return _refusal(followed.refusal)
    final = followed.final
    assert final is not None
    if final.alias is None:
        # A same-zone alias answers the target's own records: copy them (a CNAME would also
        # answer every other type of the target's name, and clash with this name's other types).
        status, reason, _, planned = _value_outcome(final, zone)
        if status != "translated":
            return _refusal(reason)
        walked = followed.chain_text()
        return "translated", f"alias within the zone ({walked}): the target's values copied", None, planned
    if rs.rtype not in ("A", "AAAA"):
        return _refusal(f"an alias of type {rs.rtype} to an AWS service cannot be answered by a CNAME")
    partner = zone.alias_partner(rs, "A" if rs.rtype == "AAAA" else "AAAA")
    if rs.rtype == "AAAA" and partner is not None:
        return "translated", "same alias target as the A record set: one CNAME serves both", partner.label, []
    result = aliases.resolve(final, dual_stack=partner is not None)
    if result.refusal:
        return _refusal(result.refusal)
    assert result.target is not None  # an AliasResult holds a refusal or a target
    target_text = host(result.target)
    reason = f"alias to {result.kind} becomes a CNAME to {target_text}"
    if final is not rs:
        reason += f" (through {followed.chain_text()})"
    if zone.is_apex(rs):
        reason += " (Cloudflare flattens a CNAME at the apex)"
    return "translated", reason, None, [("CNAME", ALIAS_TTL, (target_text, None, None), result.target)]


# DNSSEC's own records, which a signing server makes (RFC 4034, RFC 5155, RFC 7344), and the types
# Cloudflare's API creates that Route53 cannot hold (Cloudflare API reference, "DNS Records for a
# Zone"; Route53 developer guide, "Supported DNS record types").
_DNSSEC_TYPES = frozenset({"DNSKEY", "RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "CDS", "CDNSKEY"})
_CLOUDFLARE_ONLY_TYPES = frozenset({"LOC", "URI", "CERT", "OPENPGPKEY", "SMIMEA"})


def untranslated(rs: RecordSet) -> str:
    """Why a record set of a type the plan does not copy (only a zone file holds one: Route53
    hosts none of them) is refused, and what to do; ``rs.rtype`` is not in :data:`CONVERTERS`."""
    why = (
        f"type {rs.rtype} is not translated: Route53 cannot hold it, so no hosted zone serves it, and the plan "
        "copies only the types Route53 serves"
    )
    if rs.rtype in _DNSSEC_TYPES:
        return (
            f"{why}; a DNSSEC record is made by the signing server: Cloudflare signs the zone with its own keys "
            "once DNSSEC is enabled there. Remove it from the file"
        )
    if rs.rtype in _CLOUDFLARE_ONLY_TYPES:
        owner = rs.name.to_text(omit_final_dot=True)
        return (
            f"{why}. To publish it at Cloudflare, remove it from the file, create it there yourself and list it in "
            f"migration:ignore ({{name: {owner}, types: [{rs.rtype}]}}) so the stack leaves it alone; else remove it"
        )
    return f"{why}; Cloudflare has no {rs.rtype} record either: remove it from the file"


def _value_outcome(rs: RecordSet, zone: _Zone) -> _Result:
    convert = CONVERTERS.get(rs.rtype)
    if rs.rtype == "SOA":
        return _refusal("an SOA record set belongs only at a zone's apex; Cloudflare serves its own")
    if convert is None:
        return _refusal(untranslated(rs))
    reason = "delegation of a subdomain: NS copied" if rs.rtype == "NS" else ""
    rtype = PUBLISHED_TYPE.get(rs.rtype, rs.rtype)
    if rtype != rs.rtype:
        txt = {rdata_fields.strings(rd) for t in zone.lookup(rs.name, rtype) for rd in t.rdatas}
        if all(rdata_fields.strings(rd) in txt for rd in rs.rdatas):
            return "skipped", f"{rs.rtype} is obsolete (RFC 7208) and an identical TXT record set exists", None, []
        reason = f"{rs.rtype} is obsolete (RFC 7208) and Cloudflare refuses it: published as {rtype}"
    target = rdata_fields.target(rs.rdatas[0]) if rs.rtype == "CNAME" else None
    try:
        planned = [(rtype, rs.ttl, convert(rd), target) for rd in rs.rdatas]
    except ValueError as exc:  # a value Cloudflare cannot hold (values.py says which)
        return _refusal(str(exc))
    return "translated", reason, None, planned


def _rewritten(step: routing.Step, rewrites: Mapping[tuple, Rewrite]) -> routing.Step:
    """``step`` with the policy's rewrite of its record set applied: skipped, or the replacement
    translated in its place (its reason after the routing note, if any). A record set the
    routing rules settled (refused, skipped, merged) is not rewritten: it publishes nothing of
    its own to rewrite."""
    rewrite = rewrites.get(step.original.index_key) if step.effective is not None else None
    if rewrite is None:
        return step
    reason = f"{step.note}; {rewrite.reason}" if step.note else rewrite.reason
    if rewrite.replacement is None:
        return routing.Step(step.original, outcome=Outcome(step.original, "skipped", reason))
    return routing.Step(step.original, rewrite.replacement, note=reason)


def translate(
    snapshot: Snapshot,
    proxied: Iterable[dns.name.Name] = (),
    routing_decisions: Mapping[dns.name.Name, Decision] | None = None,
    rewrites: Mapping[tuple, Rewrite] | None = None,
    added: Iterable[CloudflareRecord] = (),
) -> Translation:
    """Translate every record set of ``snapshot``.

    ``proxied`` names the owners the user opted into Cloudflare's proxy (stack setting
    ``migration:proxied``); everything else is DNS-only. ``routing_decisions`` are the
    ``migration:routing`` choices per owner name (see :mod:`.routing`). ``rewrites`` are a
    policy's decisions made before translation (:class:`~migration.model.Rewrite`, keyed by the
    record set's ``index_key``; :func:`migration.email.classify` makes them), applied here once,
    before the record set's records are made; ``added`` are records a policy adds with no record
    set behind them, declared after the translated ones. Returns a :class:`Translation` whose
    records are unique by (name, type, value) in snapshot order. Never raises for content:
    every problem is an outcome or a finding.
    """
    steps, routing_findings = routing.resolve(snapshot.record_sets, routing_decisions or {})
    if rewrites:
        steps = [_rewritten(step, rewrites) for step in steps]
    zone = _Zone(snapshot, [step.effective for step in steps if step.effective is not None])
    proxied = frozenset(proxied)
    proxied_keys = {key(name) for name in proxied}
    findings: list[Finding] = list(snapshot.findings) + list(routing_findings)
    outcomes: list[Outcome] = []
    proxiable_names: set = set()
    for step in steps:
        if step.outcome is not None:
            outcomes.append(step.outcome)
            continue
        rs = step.effective
        assert rs is not None
        if rs.rtype in ("SOA", "NS") and zone.is_apex(rs):
            outcomes.append(Outcome(step.original, "skipped", f"apex {rs.rtype}: Cloudflare serves its own"))
            continue
        try:
            cf_name = rs.cloudflare_name
        except ValueError as exc:
            outcomes.append(Outcome(step.original, "refused", str(exc)))
            continue
        status, reason, merged_into, planned = (
            _alias_outcome(rs, zone) if rs.alias is not None else _value_outcome(rs, zone)
        )
        made: list[CloudflareRecord] = []
        label = step.original.label
        is_proxy_candidate = rs.name_key in proxied_keys
        refused: set[str] = set()
        ttl_warning_at = len(findings)  # a clamped TTL is named once, before the proxy findings
        ttl_warned = False
        for rtype, route53_ttl, (spelled_content, spelled_data, priority), target in planned:
            content, data = stored_form(rtype, spelled_content, spelled_data)
            is_proxied = False
            if is_proxy_candidate:
                refusal = policy.proxy_refusal(rs.name, zone.apex, rtype, target, zone.mx_targets)
                if not refusal and rtype in ("A", "AAAA"):
                    refusal = policy.address_refusal(content)  # type: ignore[arg-type]
                if rtype not in policy.PROXIABLE_TYPES:
                    # The opt-in is per name: its MX, TXT, CAA... simply stay DNS-only.
                    if not made:
                        findings.append(Finding("info", "proxy-not-applicable", label, f"stays DNS-only: {refusal}"))
                else:
                    proxiable_names.add(rs.name_key)
                    if refusal and refusal not in refused:  # each address named, each name rule once
                        refused.add(refusal)
                        findings.append(Finding("error", "proxy-refused", label, f"proxying refused: {refusal}"))
                    else:
                        is_proxied = True
            ttl, warning = policy.cloudflare_ttl(route53_ttl, is_proxied)
            if warning and not ttl_warned:
                ttl_warned = True
                findings.insert(ttl_warning_at, Finding("warning", "ttl-clamped", label, warning))
            former: tuple[str, ...] = ()
            if content != spelled_content or data != spelled_data:
                # A host name Route53 spelled in upper case: earlier versions named the record by
                # that spelling, which stays its alias (no replacement for stacks that hold it).
                former = (
                    CloudflareRecord(
                        name=cf_name, type=rtype, ttl=ttl, content=spelled_content, data=spelled_data, priority=priority
                    ).value_name,
                )
            # By position (name, type, ttl, proxied, content, data, priority, comment, source,
            # former names): keywords cost a sixth of making a record, once per value of the zone.
            made.append(CloudflareRecord(cf_name, rtype, ttl, is_proxied, content, data, priority, None, label, former))
        if step.note:
            reason = f"{step.note}; {reason}" if reason else step.note
        outcomes.append(Outcome(step.original, status, reason, tuple(made), merged_into))
    outcomes = limits.txt_refusals(conflicts.spf_refusals(conflicts.apply(outcomes, zone.apex)))
    findings += conflicts.spf_already_twice(outcomes)
    records: dict[tuple[str, str, str], CloudflareRecord] = {}
    for o in outcomes:
        for record in o.records if o.status == "translated" else ():
            records.setdefault(record.identity, record)
    for record in added:
        records.setdefault(record.identity, record)
    names = {rs.name_key for rs in snapshot.record_sets} if proxied else set()
    for name in sorted(n for n in proxied if key(n) not in names):
        # An error, not a warning: a misspelt name would otherwise leave the intended one DNS-only.
        findings.append(
            Finding(
                "error",
                "proxied-unknown-name",
                name.to_text(),
                "migration:proxied names a name that has no record set in the zone",
            )
        )
    for name in sorted(n for n in proxied if key(n) in names and key(n) not in proxiable_names):
        findings.append(
            Finding(
                "error",
                "proxy-refused",
                name.to_text(),
                f"proxying refused: migration:proxied names {name.to_text()}, which has no "
                f"{', '.join(policy.PROXIABLE_TYPES)} record to proxy",
            )
        )
    return Translation(tuple(outcomes), tuple(records.values()), tuple(findings))
