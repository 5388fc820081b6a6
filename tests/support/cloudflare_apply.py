"""A test oracle: what one ``pulumi up`` from one plan's records to another's does on Cloudflare.

Not product code. Two small models, each rule with its source:

Pulumi's step order (Pulumi docs, "Resource options": ``aliases``, ``dependsOn``,
``deleteBeforeReplace``; "How Pulumi works": deployment steps; pulumi/pulumi#9979):

* P1. A declared resource whose logical name is in the old state is that resource; otherwise its
  first alias that the old state holds (and no declared resource is named) makes it that resource
  (a rename); otherwise it is created.
* P2. Same inputs: no step. Other inputs: an update in place, except a change of ``name``,
  ``type`` or ``zone_id``, which the model counts as a replacement (the worst case: a provider
  may replace for more, never for less on these).
* P3. A replacement deletes the old record first when ``deleteBeforeReplace``; otherwise it
  creates the new one and deletes the old one at the end of the update.
* P4. A step runs after every step of the resources in its ``dependsOn`` (transitively); steps
  not ordered so may run in any order, concurrently.
* P5. Old resources no declared resource took are deleted at the end, dependents first.

Cloudflare's acceptance rules the project relies on (Cloudflare DNS docs and API errors):

* C1. A CNAME is alone at its name: error 81053 "An A, AAAA or CNAME record already exists with
  that host", 81054 for other records beside a CNAME (RFC 1034 section 3.6.2; Cloudflare DNS
  docs, "Records with the same name"; hashicorp/terraform#10065). At the apex, which Cloudflare
  flattens, only A, AAAA and CNAME exclude each other.
* C2. An NS record (a delegation) shares its name only with DS (RFC 4035 section 2.4; the
  domain notes, migration/translate/conflicts.py).
* C3. A DS is created only where NS records of its name exist, and the last NS is not deleted
  while a DS remains (octodns/octodns-cloudflare#102, PR#103).
* C4. One record per identical value: 81058 "An identical record already exists".
* C5. Read-only records: no SOA and no apex NS (Cloudflare serves its own).
* C6. Only A, AAAA and CNAME are proxied, an A/AAAA only to a global unicast address
  (cloudflare/python-cloudflare#73; DNSControl#4776); a proxied record has TTL 1, others 1 or
  60..86400 ("Time to Live").
* C7. Record limit per zone (200 on Free; "DNS record limits").

The check is worst-case: when a step runs, every record that *may* exist (old records not yet
certainly deleted, new records of steps not ordered after it) counts against C1, C2, C4 and C7;
only records that *must* exist count for C3.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from migration.resources import pulumi_inputs

RECORD = "cloudflare:index/dnsRecord:DnsRecord"
_REPLACING = ("name", "type", "zone_id")


@dataclass(frozen=True)
class Rec:
    urn: str
    name: str
    type: str
    value: str  # the value fields, as text: content, data, priority
    ttl: int
    proxied: bool
    content: str | None = None

    @staticmethod
    def of(urn: str, inputs: dict[str, Any]) -> "Rec":
        data = inputs.get("data")
        value = repr((inputs.get("content"), sorted(data.items()) if data else None, inputs.get("priority")))
        return Rec(
            urn, inputs["name"].lower(), inputs["type"], value, inputs["ttl"], inputs["proxied"], inputs.get("content")
        )


@dataclass
class Step:
    kind: str  # create, update, replace
    urn: str
    new: Rec
    old: Rec | None = None
    delete_first: bool = False
    after: set[str] = field(default_factory=set)  # urns of steps this one runs after (transitively)


def _records(plan) -> dict[str, Any]:
    return {r.name: r for r in plan.declared() if r.type == RECORD}


def steps(before, after) -> tuple[list[Step], list[Rec]]:
    """The steps of ``pulumi up`` from ``before``'s state to ``after``'s program (P1-P3, P5):
    the create/update/replace steps in program order, and the old records deleted at the end."""
    old_resources = _records(before)
    old = {name: Rec.of(name, pulumi_inputs(r)) for name, r in old_resources.items()}
    new = _records(after)
    taken: dict[str, str] = {}  # new urn -> old urn it took
    for name, res in new.items():
        if name in old:
            taken[name] = name
            continue
        for alias in res.aliases:
            if alias in old and alias not in new and alias not in taken.values():
                taken[name] = alias
                break
    out: dict[str, Step] = {}
    for name, res in new.items():
        rec = Rec.of(name, pulumi_inputs(res))
        previous = old.get(taken[name]) if name in taken else None
        if previous is None:
            step = Step("create", name, rec)
        else:
            old_inputs = pulumi_inputs(old_resources[taken[name]])
            if any(old_inputs.get(k) != pulumi_inputs(res).get(k) for k in _REPLACING):
                step = Step("replace", name, rec, previous, delete_first=res.delete_before_replace)
            elif (previous.value, previous.ttl, previous.proxied) != (rec.value, rec.ttl, rec.proxied):
                step = Step("update", name, rec, previous)
            else:
                continue
        out[name] = step
    # P4: transitive predecessors among the steps (dependencies on resources with no step are met).
    direct = {name: {d for d in new[name].depends_on if d in out} for name in out}
    for name, step in out.items():
        todo, seen = list(direct[name]), set()
        while todo:
            d = todo.pop()
            if d not in seen:
                seen.add(d)
                todo.extend(direct[d])
        step.after = seen
    deleted = [rec for urn, rec in old.items() if urn not in taken.values()]
    return list(out.values()), deleted


def _record_rules(rec: Rec, apex: str) -> list[str]:
    """C5 and C6 for one record."""
    problems = []
    if rec.type == "SOA" or (rec.type == "NS" and rec.name == apex):
        problems.append(f"C5 {rec.type} {rec.name} is read-only")
    if rec.proxied:
        if rec.type not in ("A", "AAAA", "CNAME"):
            problems.append(f"C6 {rec.type} {rec.name} cannot be proxied")
        if rec.type in ("A", "AAAA"):
            address = ipaddress.ip_address(rec.content)
            if not address.is_global and not _documentation(address):  # documentation ranges stand in
                problems.append(f"C6 {rec.name} proxied to {address}")
        if rec.ttl != 1:
            problems.append(f"C6 proxied {rec.name} has TTL {rec.ttl}")
    elif not (rec.ttl == 1 or 60 <= rec.ttl <= 86400):
        problems.append(f"C6 {rec.name} TTL {rec.ttl}")
    return problems


_DOCUMENTATION = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)


def _documentation(address: Any) -> bool:
    """RFC 5737 / RFC 3849 ranges: examples stand in for public addresses with them."""
    return any(address in net for net in _DOCUMENTATION if net.version == address.version)


def _beside(rec: Rec, others: list[Rec], apex: str) -> list[str]:
    """C1, C2 and C4 for ``rec`` arriving among ``others`` (records that may exist)."""
    problems = []
    same_name = [o for o in others if o.name == rec.name and o.urn != rec.urn]
    if rec.name == apex:
        flattened = [o for o in same_name if o.type in ("A", "AAAA", "CNAME")]
        if rec.type in ("A", "AAAA", "CNAME") and "CNAME" in {rec.type, *(o.type for o in flattened)} and flattened:
            problems.append(f"C1 81053: {rec.type} {rec.name} beside {sorted({o.type for o in flattened})}")
    else:
        if rec.type == "CNAME" and same_name:
            problems.append(f"C1 81053: CNAME {rec.name} beside {sorted({o.type for o in same_name})}")
        if rec.type != "CNAME" and any(o.type == "CNAME" for o in same_name):
            problems.append(f"C1 81054: {rec.type} {rec.name} beside a CNAME")
        if rec.type == "NS" and any(o.type not in ("NS", "DS") for o in same_name):
            problems.append(f"C2: NS {rec.name} beside {sorted({o.type for o in same_name} - {'NS', 'DS'})}")
        if rec.type not in ("NS", "DS") and any(o.type == "NS" for o in same_name):
            problems.append(f"C2: {rec.type} {rec.name} beside a delegation")
    if any((o.type, o.value) == (rec.type, rec.value) for o in same_name):
        problems.append(f"C4 81058: {rec.type} {rec.name} {rec.value} already exists")
    return problems


def violations(before, after, apex: str, limit: int = 200) -> list[str]:
    """Every moment of ``pulumi up`` from ``before`` to ``after`` (plans) that Cloudflare refuses,
    as ``"<rule> ..."`` texts; ``[]`` when the whole update applies."""
    step_list, deleted = steps(before, after)
    by_urn = {s.urn: s for s in step_list}
    old_records = [Rec.of(name, pulumi_inputs(r)) for name, r in _records(before).items()]
    problems: list[str] = []
    for step in step_list:
        problems += _record_rules(step.new, apex)
        successors = {s.urn for s in step_list if step.urn in s.after}
        certain_gone = {by_urn[u].old.urn for u in step.after if by_urn[u].delete_first and by_urn[u].old}
        may_gone = certain_gone | {
            s.old.urn for s in step_list if s.delete_first and s.old and s.urn not in successors and s is not step
        }
        own_old = {step.old.urn} if step.old and (step.kind == "update" or step.delete_first) else set()
        may_exist = [r for r in old_records if r.urn not in certain_gone | own_old]
        may_exist += [s.new for s in step_list if s is not step and s.urn not in successors]
        must_exist = [r for r in old_records if r.urn not in may_gone | own_old]
        must_exist += [by_urn[u].new for u in step.after]
        problems += _beside(step.new, may_exist, apex)
        if step.new.type == "DS" and not any(r.type == "NS" and r.name == step.new.name for r in must_exist):
            problems.append(f"C3: DS {step.new.name} created where no NS must exist")
        # A delete-first replacement's old and new records never exist together: count one.
        counted = {r.urn for r in may_exist} | {step.new.urn}
        counted -= {s.old.urn for s in step_list if s.delete_first and s.old and s.new.urn in counted}
        if len(counted) > limit:
            problems.append(f"C7: {len(counted)} records, more than {limit}")
    # P5: deletes at the end, dependents first; C3 for the last NS of a name.
    end_state: dict[str, Rec] = {s.new.urn: s.new for s in step_list}
    end_state.update(
        {
            r.urn: r
            for r in old_records
            if r.urn not in {s.urn for s in step_list} and r.urn not in {s.old.urn for s in step_list if s.old}
        }
    )
    pending = deleted + [s.old for s in step_list if s.kind == "replace" and not s.delete_first and s.old]
    pending.sort(key=lambda r: r.type != "DS")  # old DS depend on their NS: deleted first
    for rec in pending:
        end_state.pop(rec.urn, None)
        if (
            rec.type == "NS"
            and any(r.type == "DS" and r.name == rec.name for r in end_state.values())
            and not any(r.type == "NS" and r.name == rec.name for r in end_state.values())
        ):
            problems.append(f"C3: last NS of {rec.name} deleted while a DS remains")
    final = sorted((r.name, r.type, r.value) for r in end_state.values())
    wanted = sorted(
        (r.name, r.type, r.value) for r in (Rec.of(n, pulumi_inputs(x)) for n, x in _records(after).items())
    )
    if final != wanted:
        problems.append(f"the update ends with {final}, not the plan's {wanted}")
    return problems
