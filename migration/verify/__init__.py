"""Verify a migration with real DNS queries: old (Route53) and new (Cloudflare) name servers,
the parent zone's delegation, and email records as resolvers see them.

Entry points (plain data in, a :class:`VerifyResult` out; no printing):

* :func:`verify` - everything ``python -m migration verify`` checks.
* :func:`cutover_gate` - "Cloudflare's servers answer every planned record exactly as Route53's
  do" (records and email at the new servers): the gate before changing the delegation.
* :func:`decommission_delegation_gate` - "the parent zone's servers delegate to Cloudflare's
  name servers alone", every one of them authoritative: gate (a) before deleting the Route53 zone.
* :func:`parent_ds` - the DS records the parent publishes for the zone (the DNSSEC gate).

Modules: :mod:`.query` (asking servers), :mod:`.compare` (pure comparison), :mod:`.records`
(the records area, in one process or several), :mod:`.email`, :mod:`.delegation`,
:mod:`.servers` (whom to ask, from the settings), :mod:`.output` (text, Markdown, JSON).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

import dns.exception
import dns.name

from .. import ignore, zonefile
from ..model import CloudflareRecord
from ..names import key as name_key
from ..names import to_cloudflare
from ..plan import Plan, without_cyclic_gc
from . import email as email_checks
from . import records, value_keys
from .compare import STATUSES, Check, Probe
from .delegation import ROOT_SERVERS, DelegationError, Lookup, check_delegation, ds_at_parent, find_parent_servers
from .query import Querier, Server

AREAS = ("records", "email", "delegation")
Progress = Callable[[int, int], None]  # (total, done) in checks, called as work completes


@dataclass(frozen=True)
class Servers:
    """Whom to ask. ``old``/``new``: the Route53 and Cloudflare servers (addresses);
    ``old_names``/``new_names``: their host names as the delegation lists them (absolute);
    ``parents``: the parent zone's servers, or empty to find them from ``roots``;
    ``known``: host name (absolute, lower case) -> server, for delegated servers whose address
    (or port) the parent's glue does not give."""

    old: tuple[Server, ...] = ()
    new: tuple[Server, ...] = ()
    old_names: tuple[str, ...] = ()
    new_names: tuple[str, ...] = ()
    parents: tuple[Server, ...] = ()
    roots: tuple[Server, ...] = ROOT_SERVERS
    known: Mapping[str, Server] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """``timeout`` seconds per try, ``retries`` more tries after a timeout, ``concurrency``
    queries in flight at most in each process.

    ``workers``: processes that may share the record sets of the records area (this one
    included), used only when each gets ``min_share`` record sets at least, and only on Linux
    (forked, :mod:`.records`). The default 1 keeps a run in this process: the Pulumi program's
    gates (:mod:`migration.gate_checks`) run verify in a thread of the Pulumi runtime, which must
    not fork; ``python -m migration verify`` (``--workers``) and the benchmark ask for more.
    Email and delegation checks always run in this process."""

    timeout: float = 2.0
    retries: int = 2
    concurrency: int = 64
    workers: int = 1
    min_share: int = 1000


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of a run: every check, the number of queries sent and the wall time in
    seconds. ``not_compared``: the record sets left out on purpose, as (label, reason) pairs:
    those ``migration:ignore`` leaves to others (:mod:`migration.ignore`). ``exit_status``: 0 nothing different and everything checked, 1 something different,
    2 nothing different but something could not be checked. ``parent_ns_ttl``: the smallest TTL
    (seconds) of the NS sets the parent's servers gave for the zone (``None`` when the delegation
    was not checked or no parent answered). ``processes``: how many processes asked the record
    sets (:attr:`Options.workers`)."""

    zone: str
    checks: tuple[Check, ...]
    queries: int = 0
    seconds: float = 0.0
    parent_ns_ttl: int | None = None
    processes: int = 1
    not_compared: tuple[tuple[str, str], ...] = ()

    def counts(self) -> dict[str, int]:
        """Checks by status (every status of :data:`~.compare.STATUSES` present, 0 if none)."""
        found = Counter(c.status for c in self.checks)
        return {status: found[status] for status in STATUSES}

    @property
    def differences(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "different")

    @property
    def unchecked(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "unchecked")

    @property
    def passed(self) -> bool:
        """True when nothing is different and everything could be checked."""
        return self.exit_status == 0

    @property
    def exit_status(self) -> int:
        if self.differences:
            return 1
        return 2 if self.unchecked else 0


def cloudflare_deletions(plan: Plan) -> dict[tuple[dns.name.Name, str], frozenset]:
    """The values the plan's phase deletes from the Cloudflare zone (pre-existing records that
    differ from Route53, action ``delete``), as rdata by (owner name, type)."""
    found: dict[tuple[dns.name.Name, str], frozenset] = {}
    for res in plan.resources:
        record = res.record
        if record is None or res.action != "delete":
            continue
        try:
            value = zonefile.cloudflare_rdata(record)
        except (ValueError, dns.exception.DNSException):
            continue  # not read back: its answer is compared as served, which can only fail the check
        key = (dns.name.from_text(record.name), record.type)
        found[key] = found.get(key, frozenset()) | {value}
    return found


@dataclass(frozen=True)
class _Published:
    """The values the plan declares DNS-only at each (Cloudflare owner name, lower case; type):
    what a Cloudflare server answers for that name and type. ``keys``: their
    :mod:`.value_keys`, to compare with Route53's; :meth:`rdata` the values themselves, read
    back only where the plan changes a record set (the comparison with every record set's
    Route53 values was most of a verify run's set-up through dnspython)."""

    records: Mapping[tuple[str, str], tuple[CloudflareRecord, ...]]
    keys: Mapping[tuple[str, str], frozenset]

    @classmethod
    def of(cls, plan: Plan) -> "_Published":
        """Raises ``ValueError`` for a record whose value cannot be read back
        (:func:`migration.zonefile.cloudflare_rdata`)."""
        found: dict[tuple[str, str], list[CloudflareRecord]] = {}
        for record in plan.translation.records:
            if not record.proxied:
                found.setdefault((record.name.lower(), record.type), []).append(record)
        return cls(
            {at: tuple(records) for at, records in found.items()},
            {at: frozenset(map(value_keys.record_key, records)) for at, records in found.items()},
        )

    def rdata(self, at: tuple[str, str]) -> frozenset:
        """The values (dnspython rdata) declared at ``at``; empty when none."""
        return frozenset(zonefile.cloudflare_rdata(r) for r in self.records.get(at, ()))


def _planned_form(outcome, published: _Published) -> tuple[frozenset | None, str | None, int | None]:
    """How the plan changes a translated record set on purpose, as ``(planned values, published
    type, planned TTL)``: the values Cloudflare is declared to answer when they differ from
    Route53's (email records replaced, a routing union, SPF values published as TXT beside the
    name's TXT; a routing-policy set kept by ``migration:routing``), the type when it is not Route53's (SPF published as TXT), the TTL when it was
    clamped into Cloudflare's range; each ``None`` when unchanged. Aliases and proxied records are
    compared by their own rules (:func:`~.compare.compare`)."""
    rs = outcome.record_set
    if rs.alias is not None or not outcome.records or any(r.proxied for r in outcome.records):
        return None, None, None
    first = outcome.records[0]
    at = (first.name.lower(), first.type)
    ttl = first.ttl if rs.ttl is not None and first.ttl != rs.ttl else None
    if first.type != rs.rtype:
        return published.rdata(at), first.type, ttl
    # A routing-policy set kept by migration:routing: Route53 answers by health, weight or place,
    # not one fixed value, so Cloudflare is compared with the plan.
    changed = published.keys.get(at, frozenset()) != frozenset(map(value_keys.rdata_key, rs.rdatas))
    return (published.rdata(at) if changed or rs.routing is not None else None), None, ttl


def _accepted(plan: Plan, rs) -> bool:
    """Whether the settings accept that ``rs`` is not migrated (``migration:acceptNotMigrated``)."""
    return any(rs.name == name and rtype in (None, rs.rtype) for name, rtype in plan.settings.accept_not_migrated)


def probes_from_plan(plan: Plan) -> list[Probe]:
    """One probe per record set Route53 serves, in plan order (the apex SOA and NS are
    Cloudflare's own, record sets skipped on purpose are :func:`skipped_checks`):

    * each record set the plan carries to Cloudflare (outcome ``translated``), compared in the
      planned form (:func:`_planned_form`); values the phase deletes from Cloudflare
      (:func:`cloudflare_deletions`) are left out of its answers;
    * each (owner name, type) the plan refuses and does not otherwise carry, with the plan's
      reasons: Route53 answers it, Cloudflare will not (``not-migrated``).
    """
    apex = plan.snapshot.zone
    cnames = {r.name.lower(): r.content for r in plan.translation.records if r.type == "CNAME" and r.content}
    # Owner names keyed by names.key: hashing a dnspython Name walks its characters in Python.
    deleting = {(name_key(name), rtype): values for (name, rtype), values in cloudflare_deletions(plan).items()}
    published = _Published.of(plan)
    carried = {
        (o.record_set.name_key, o.record_set.rtype) for o in plan.translation.outcomes if o.status == "translated"
    }
    refused: dict[tuple[tuple[bytes, ...], str], tuple[int, list]] = {}  # -> (probe index, outcomes)
    probes: list[Probe] = []
    for outcome in plan.translation.outcomes:
        rs = outcome.record_set
        section = "authority" if rs.rtype == "NS" and rs.name != apex else "answer"
        if outcome.status == "refused" and (rs.name_key, rs.rtype) not in carried:
            if (rs.name_key, rs.rtype) not in refused:
                refused[(rs.name_key, rs.rtype)] = (len(probes), [])
                probes.append(Probe(rs.name, rs.rtype, f"{rs.name.to_text()} {rs.rtype}", section))
            refused[(rs.name_key, rs.rtype)][1].append(outcome)
            continue
        if outcome.status != "translated":
            continue
        planned_cname = None
        if rs.alias is not None and to_cloudflare(rs.name) in cnames:
            planned_cname = dns.name.from_text(cnames[to_cloudflare(rs.name)])
        planned, new_rtype, ttl = _planned_form(outcome, published)
        probes.append(
            Probe(
                rs.name,
                rs.rtype,
                rs.label,
                section,
                planned_cname,
                apex_alias=rs.alias is not None and rs.name == apex,
                deleting=deleting.get((rs.name_key, rs.rtype), frozenset()),
                planned=planned,
                new_rtype=new_rtype,
                planned_ttl=ttl,
            )
        )
    for at, outcomes in refused.values():
        # A refusal shared by several record sets (routing sets of one name) is given once.
        reasons = dict.fromkeys(o.reason for o in outcomes)
        probes[at] = replace(
            probes[at], not_migrated="; ".join(reasons), accepted=all(_accepted(plan, o.record_set) for o in outcomes)
        )
    return probes


def skipped_checks(plan: Plan) -> list[Check]:
    """A ``note`` for each record set the plan skips on purpose (outcome ``skipped``: the apex
    SOA and NS Cloudflare serves itself, a stale DKIM selector that goes with the Route53 zone, an
    SPF set identical to the name's TXT, a routing set ``migration:routing`` leaves out), with the
    plan's reason: every record set of the snapshot is accounted for, none asked in vain. Record
    sets ``migration:ignore`` leaves alone are the result's ``not_compared`` instead."""
    return [
        Check("records", o.record_set.label, "note", "skipped", o.reason)
        for o in plan.translation.outcomes
        if o.status == "skipped" and not ignore.is_ignored(o)
    ]


async def _email(
    expect: email_checks.EmailExpectations, servers: Servers, querier: Querier, tick: Callable[[], None]
) -> list[Check]:
    async def ask(where: str, name: dns.name.Name, rtype: str):
        chosen = servers.new if where == "new" else servers.old + servers.new
        replies = await asyncio.gather(*(querier.ask(s, name, rtype) for s in chosen))
        tick()
        return (where, name, rtype), replies

    answers = dict(await asyncio.gather(*(ask(*q) for q in email_checks.questions(expect))))
    return email_checks.check_all(expect, answers)


async def run(
    plan: Plan,
    servers: Servers,
    options: Options = Options(),
    areas: Sequence[str] = AREAS,
    email: email_checks.EmailExpectations | None = None,
    lookup: Lookup | None = None,
    strict_delegation: bool = False,
    progress: Progress | None = None,
) -> VerifyResult:
    """The asynchronous engine behind :func:`verify` (same arguments)."""
    unknown = set(areas) - set(AREAS)
    if unknown:
        raise ValueError(f"unknown verify areas {sorted(unknown)}; expected some of {AREAS}")
    zone = plan.snapshot.zone
    started = time.perf_counter()
    probes = probes_from_plan(plan) if "records" in areas else []
    expect = (email or email_checks.expectations_from_plan(plan)) if "email" in areas else None
    total = len(probes) + (len(email_checks.questions(expect)) if expect else 0) + ("delegation" in areas)
    done = 0

    def tick(count: int = 1) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(total, done)

    checks: list[Check] = []
    ttl = None
    processes, elsewhere = 1, 0  # processes asking the record sets, queries the workers sent
    async with Querier(timeout=options.timeout, retries=options.retries, concurrency=options.concurrency) as querier:
        if probes:
            asked, elsewhere, processes = await records.ask_shared(probes, servers, options, querier, tick)
            checks += asked
        if "records" in areas:
            checks += skipped_checks(plan)
        if expect is not None:
            checks += await _email(expect, servers, querier, tick)
        if "delegation" in areas:
            found, ttl = await _delegation(zone, servers, querier, lookup, strict_delegation)
            checks += found
            tick()
        sent = querier.sent + elsewhere
    not_compared = (
        tuple((o.record_set.label, o.reason) for o in plan.translation.outcomes if ignore.is_ignored(o))
        if "records" in areas
        else ()
    )
    return VerifyResult(
        zone.to_text(), tuple(checks), sent, time.perf_counter() - started, ttl, processes, not_compared
    )


async def _parents(zone: dns.name.Name, servers: Servers, querier: Querier, lookup: Lookup | None) -> list[Server]:
    """``servers.parents``, or the parent's servers found from ``servers.roots``. Raises
    :class:`DelegationError`."""
    return list(servers.parents) or await find_parent_servers(zone, querier, servers.roots, lookup)


async def _delegation(
    zone: dns.name.Name, servers: Servers, querier: Querier, lookup: Lookup | None, strict: bool
) -> tuple[list[Check], int | None]:
    try:
        parents = await _parents(zone, servers, querier, lookup)
    except DelegationError as exc:
        return [Check("delegation", f"{zone.to_text()} delegation", "unchecked", "no-parent", str(exc))], None
    known = dict(servers.known)
    return await check_delegation(zone, querier, parents, servers.old_names, servers.new_names, known, lookup, strict)


def verify(
    plan: Plan,
    servers: Servers,
    options: Options = Options(),
    areas: Sequence[str] = AREAS,
    email: email_checks.EmailExpectations | None = None,
    lookup: Lookup | None = None,
    strict_delegation: bool = False,
    progress: Progress | None = None,
) -> VerifyResult:
    """Check ``plan`` against real servers; returns every verdict (never raises for network
    trouble: a server that cannot be asked gives ``unchecked`` checks).

    ``areas``: any of ``records`` (each translated record set asked of every old and new
    server), ``email`` (DKIM selectors, stale selectors, MAIL FROM; expectations from the plan
    unless ``email`` is given), ``delegation`` (the parent's NS set and lame servers).
    ``lookup(host) -> [IP]`` resolves host names the delegation needs (``None``: only glue and
    ``servers.known``). ``progress(total, done)`` is called as checks complete.
    Raises ``ValueError`` for an unknown area.

    Python's cyclic garbage collector is paused meanwhile (:func:`migration.plan.without_cyclic_gc`):
    a run makes and frees a few objects per query, and each full collection they trigger would
    scan the plan's millions of objects again (nearly half the query engine's CPU time at 10,000
    record sets, docs/performance.md "Verify against dnsperf"). Reference counting still frees them; the few cycles asyncio makes wait for the next
    collection after the run.
    """
    outcome: list[VerifyResult] = []

    async def main() -> None:
        # The result is handed out beside the task, not as its result: when asyncio.run puts
        # back the SIGINT handler, CPython 3.11 formats the main task, result included, into an
        # error it then discards (signal._int_to_enum), twice: 50 ms for 10,000 checks.
        outcome.append(await run(plan, servers, options, areas, email, lookup, strict_delegation, progress))

    with without_cyclic_gc():
        asyncio.run(main())
    return outcome[0]


def cutover_gate(
    plan: Plan, servers: Servers, options: Options = Options(), email: email_checks.EmailExpectations | None = None
) -> VerifyResult:
    """Gate before cut-over: Cloudflare's servers (``servers.new``) answer every planned record
    exactly as Route53's (``servers.old``) do, and the email records are right at Cloudflare.

    ``result.passed`` is the verdict (TTL differences and equivalences such as a flattened apex
    CNAME do not block; stale selectors Cloudflare serves count as differences, while Route53,
    whose zone goes only at the decommission, may still serve them). Values the cut-over deletes
    from Cloudflare are discounted (:func:`probes_from_plan`). Delegation is not looked at.
    """
    expect = replace(email or email_checks.expectations_from_plan(plan), stale_at="new")
    return verify(plan, servers, options, areas=("records", "email"), email=expect)


def decommission_delegation_gate(
    plan: Plan, servers: Servers, options: Options = Options(), lookup: Lookup | None = None
) -> VerifyResult:
    """Decommission gate (a): the parent zone's servers delegate to Cloudflare's name servers
    (``servers.new_names``) alone, every one of them answering authoritatively.

    Parents from ``servers.parents`` or found from ``servers.roots``. Still delegating to
    Route53, to a mix, or to a lame server: ``result.passed`` is False.
    """
    return verify(plan, servers, options, areas=("delegation",), lookup=lookup, strict_delegation=True)


def parent_ds(
    plan: Plan, servers: Servers, options: Options = Options(), lookup: Lookup | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The DS records the parent zone's servers (``servers.parents``, or found from
    ``servers.roots``) publish for the zone, in presentation format, and why a server could not
    be asked (empty when all answered). Never raises for network trouble."""
    zone = plan.snapshot.zone

    async def ask() -> tuple[tuple[str, ...], tuple[str, ...]]:
        async with Querier(timeout=options.timeout, retries=options.retries, concurrency=options.concurrency) as q:
            try:
                parents = await _parents(zone, servers, q, lookup)
            except DelegationError as exc:
                return (), (str(exc),)
            found, problems = await ds_at_parent(zone, q, parents)
        return tuple(found), tuple(problems)

    return asyncio.run(ask())
