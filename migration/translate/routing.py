"""Routing-policy record sets: refused unless the stack settings say what to publish.

Route53 routing policies (weighted, latency, failover, geolocation, geoproximity, IP-based,
multivalue; Route53 developer guide, "Choosing a routing policy") give several record sets the
same name and type, told apart by ``SetIdentifier``. Plain Cloudflare DNS answers every record of
a name, so publishing them all changes the answers, and keeping the first one (what known peers
do) silently drops the others. So by default every such record set is refused, listed with its
set identifiers and health checks; the setting ``migration:routing`` decides per owner name:

* ``{"keep": "<SetIdentifier>"}``: publish that set as a plain record set; the others are skipped.
* ``{"union": true}``: publish the values of all sets as one plain record set (weighted and
  multivalue only, where every value is a valid answer; weight-0 sets, which get no traffic while
  another set has weight, are left out).

Pure: works on model data only.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Iterable, Mapping, NamedTuple

import dns.name

from ..model import Decision, Finding, Outcome, RecordSet, repeat_problem
from ..names import Key, key

UNION_POLICIES = ("weighted", "multivalue")


class Step(NamedTuple):
    """What to do with one record set of the snapshot, in snapshot order.

    ``outcome`` is set when the record set is already settled (refused, skipped, merged);
    otherwise ``effective`` is the plain record set to translate in its place (the original
    without routing, or the union), and ``note`` explains the substitution for the reviewer.
    A named tuple, not a dataclass: one is made per record set, and a tuple is made faster.
    """

    original: RecordSet
    effective: RecordSet | None = None
    outcome: Outcome | None = None
    note: str = ""


def _describe(rs: RecordSet) -> str:
    r = rs.routing
    assert r is not None
    fields = ", ".join(f"{k} {v}" for k, v in r.detail if k != "TrafficPolicyInstanceId")
    health = f", health check {r.health_check_id}" if r.health_check_id else ""
    return f"{r.set_identifier!r} ({fields}{health})"


def _choices(name: dns.name.Name) -> str:
    key = name.to_text(omit_final_dot=True)
    return (
        f'choose in the stack settings: migration:routing: {{"{key}": {{"keep": "<set identifier>"}}}} '
        f'to publish one set, or {{"{key}": {{"union": true}}}} to publish all values as one '
        "record set (weighted and multivalue only)"
    )


def _weight(rs: RecordSet) -> int | None:
    return next((int(v) for k, v in rs.routing.detail if k == "Weight"), None) if rs.routing else None


def _union(group: list[RecordSet]) -> tuple[dict[int, Step], str]:
    """Steps for a group whose owner asked for the union, or a refusal reason for all."""
    policies = {rs.routing.policy for rs in group if rs.routing}
    if not policies <= set(UNION_POLICIES):
        return {}, (
            f"migration:routing asks for the union, but {', '.join(sorted(policies))} routing answers "
            "different clients differently by design; the union is offered for weighted and multivalue "
            "only: keep one set instead"
        )
    if any(rs.alias is not None for rs in group):
        return {}, "migration:routing asks for the union, but alias record sets have no values to unite: keep one set"
    weighted = [rs for rs in group if _weight(rs) != 0] or group
    first = weighted[0]
    values = list(dict.fromkeys(rd for rs in weighted for rd in rs.rdatas))
    # One record set has one TTL (RFC 2181 section 5.2): the union takes the shortest of its sets',
    # so no answer is cached longer than Route53 let it be; policy.cloudflare_ttl then applies.
    ttl = min(rs.ttl for rs in weighted if rs.ttl is not None)
    union = dataclasses.replace(first, rdatas=tuple(values), ttl=ttl, routing=None)
    ids = ", ".join(repr(rs.routing.set_identifier) for rs in weighted if rs.routing)
    steps = {
        id(first): Step(
            first, effective=union, note=f"migration:routing: union of sets {ids} ({len(values)} values, TTL {ttl} s)"
        )
    }
    for rs in group:
        if rs is first:
            continue
        if any(rs is w for w in weighted):
            steps[id(rs)] = Step(
                rs, outcome=Outcome(rs, "translated", "values published in the union", merged_into=first.label)
            )
        else:
            steps[id(rs)] = Step(
                rs,
                outcome=Outcome(
                    rs,
                    "skipped",
                    "migration:routing union leaves out weight-0 sets: "
                    "they get no traffic while another set has weight",
                ),
            )
    return steps, ""


def _keep(group: list[RecordSet], keep: str) -> tuple[dict[int, Step], str]:
    kept = [rs for rs in group if rs.routing and rs.routing.set_identifier == keep]
    if not kept:
        listing = ", ".join(_describe(rs) for rs in group)
        return {}, f"migration:routing keeps set {keep!r}, but this name and type has no such set (sets: {listing})"
    steps = {}
    for rs in group:
        if rs is kept[0]:
            steps[id(rs)] = Step(
                rs, effective=dataclasses.replace(rs, routing=None), note=f"migration:routing keeps set {keep!r}"
            )
        else:
            steps[id(rs)] = Step(
                rs, outcome=Outcome(rs, "skipped", f"migration:routing keeps set {keep!r} for this name")
            )
    return steps, ""


def _health_lost(routed: list[RecordSet], decision: Decision) -> str:
    """Why publishing ``decision`` loses health-based answers (``""`` when it does not): the
    group had health checks, or the kept set is a failover PRIMARY. Route53 stops answering an
    unhealthy set (and fails over to the SECONDARY); Cloudflare DNS answers the published values
    whatever their health (Route53 developer guide, "How health checks work in simple and
    complex configurations")."""
    checks = sorted({rs.routing.health_check_id for rs in routed if rs.routing and rs.routing.health_check_id})
    primary = decision.keep is not None and any(
        rs.routing
        and rs.routing.set_identifier == decision.keep
        and dict(rs.routing.detail).get("Failover") == "PRIMARY"
        for rs in routed
    )
    if not checks and not primary:
        return ""
    what = f"keeps set {decision.keep!r}" if decision.keep is not None else "publishes the union"
    because = []
    if primary:
        because.append(f"{decision.keep!r} is a failover PRIMARY: nothing fails over to the SECONDARY any more")
    if checks:
        because.append(f"health check(s) {', '.join(checks)} no longer decide the answer")
    return (
        f"migration:routing {what}: health-based routing is lost ({'; '.join(because)}); Cloudflare answers "
        "the published values whether or not they are healthy"
    )


def resolve(
    record_sets: Iterable[RecordSet], decisions: Mapping[dns.name.Name, Decision]
) -> tuple[list[Step], list[Finding]]:
    """One :class:`Step` per record set, in order, and findings for settings that match nothing.

    Record sets without routing pass through unchanged. A group (same name and type) that mixes
    plain and routing record sets, or a traffic-policy record set, is refused whatever the
    settings say.
    """
    record_sets = list(record_sets)
    groups: dict[tuple[Key, str], list[RecordSet]] = defaultdict(list)
    for rs in record_sets:
        groups[(rs.name_key, rs.rtype)].append(rs)
    settled: dict[int, Step] = {}
    health_findings: list[Finding] = []
    for group in groups.values():
        if len(group) == 1 and group[0].routing is None:
            continue  # the common case: one plain record set, translated as it is
        name, rtype = group[0].name, group[0].rtype
        routed = [rs for rs in group if rs.routing is not None]

        def refuse(reason: str, group: list[RecordSet] = group) -> None:
            for rs in group:
                settled[id(rs)] = Step(rs, outcome=Outcome(rs, "refused", reason))

        # The readers refuse a repeat as an input error; a snapshot made in code is checked here.
        repeat = repeat_problem(group) if len(group) > 1 else None
        if repeat:
            refuse(repeat)
            continue
        if not routed:
            continue
        policy = next((rs.routing.policy for rs in routed if rs.routing), "")
        if any(rs.routing and rs.routing.policy == "traffic-policy" for rs in routed):
            owner = next(dict(rs.routing.detail).get("TrafficPolicyInstanceId") for rs in routed if rs.routing)
            refuse(
                f"owned by Route53 traffic policy instance {owner!r}: the policy generates its answers, which "
                "plain Cloudflare DNS cannot; replace the policy by plain record sets before migrating"
            )
            continue
        decision = decisions.get(name)
        if decision is None:
            listing = ", ".join(_describe(rs) for rs in routed)
            refuse(
                f"{policy} routing policy: {name.to_text()} {rtype} is {len(routed)} record set(s): {listing}. "
                "Plain Cloudflare DNS cannot route, and keeping one would silently drop the others; " + _choices(name)
            )
            continue
        steps, reason = _union(routed) if decision.union else _keep(routed, decision.keep or "")
        if reason:
            refuse(reason)
            continue
        settled.update(steps)
        lost = _health_lost(routed, decision)
        if lost:
            health_findings.append(Finding("warning", "routing-health-lost", f"{name.to_text()} {rtype}", lost))
    routed_names = {rs.name_key for rs in record_sets if rs.routing} if decisions else set()
    findings = [
        Finding(
            "warning",
            "routing-setting-unused",
            name.to_text(),
            "migration:routing names a name that has no routing-policy record set",
        )
        for name in decisions
        if key(name) not in routed_names
    ]
    if not settled:  # the common case: every record set translated as it is
        return [Step(rs, rs) for rs in record_sets], health_findings + findings
    return [settled.get(id(rs)) or Step(rs, rs) for rs in record_sets], health_findings + findings
