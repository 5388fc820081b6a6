"""Pure comparison of what name servers answered: no I/O, data in, :class:`Check` out.

A :class:`Probe` is one question the plan makes us ask (owner name, type); the replies of the
old (Route53) servers are the reference, every other server is compared with it after
normalisation: rdata sets compared as dnspython values (names compared case-insensitively,
RFC 4343), TXT character strings also compared joined (what a DKIM or SPF checker reads,
RFC 7208 section 3.3), TTL differences reported as warnings, and a Route53 alias compared with
the CNAME that replaces it by where they lead (the same addresses when Cloudflare flattens the
apex CNAME, or a CNAME to the target the plan declares).

What the plan changes on purpose is compared in the planned form: a type published as another
(SPF as TXT, RFC 7208 section 3.1), values the plan replaces, a TTL clamped to Cloudflare's range
are expected differences (``equivalent``); a record set the plan does not migrate (refused) that
Route53 still answers is ``different`` (``not-migrated``), or a ``note`` when the settings accept it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Sequence, get_args

import dns.name
import dns.rdata
import dns.rdatatype

from .query import Reply

# Statuses of a check, best first. ``note``: expected and harmless, but worth a line (a stale
# selector Route53 serves until the decommission, a record set skipped on purpose). ``different``
# makes the run fail (exit 1), ``unchecked`` means a server could not be asked (exit 2 when
# nothing is different).
CheckStatus = Literal["equal", "equivalent", "note", "warning", "different", "unchecked"]
STATUSES: tuple[CheckStatus, ...] = get_args(CheckStatus)
Verdict = tuple[CheckStatus, str, str]  # (status, code, detail)


@dataclass(frozen=True)
class Check:
    """One verdict: ``area`` (``records``, ``email``, ``delegation``), ``subject`` (the record
    set, selector or zone), ``status`` (one of :data:`STATUSES`), ``code`` (a stable tag such as
    ``missing``, ``changed``, ``ttl-differs``, ``flattened``, ``timeout``), ``server`` (the
    server's label, empty when the verdict is about all of them) and ``detail`` (the values)."""

    area: str
    subject: str
    status: CheckStatus
    code: str
    detail: str = ""
    server: str = ""


@dataclass(frozen=True)
class Probe:
    """One question for every server, from one record set of the plan.

    ``section`` is where the answer is expected: ``answer``, or ``authority`` for the NS of a
    delegated subdomain (a referral, RFC 1034 section 4.3.2). ``planned_cname`` is the CNAME
    target the plan declares for a Route53 alias (``None`` otherwise); ``apex_alias`` is set for
    an alias at the apex, which Cloudflare answers by flattening. ``deleting`` holds values
    (rdata) the Cloudflare zone still serves but the phase deletes (pre-existing records that
    differ from Route53): left out of the new servers' answers before they are compared.
    ``planned`` holds the values (rdata) the plan declares when it deliberately changes the
    record set (a wrong DKIM or MAIL FROM record replaced, a routing union, SPF values published
    as TXT): the new servers are compared with them instead of with Route53. ``new_rtype`` is the
    type the new servers are asked when the plan publishes the record set as another type (SPF as
    TXT), else ``None``. ``planned_ttl`` is the TTL (seconds) the plan declares when it clamps
    Route53's into Cloudflare's range, else ``None``. ``not_migrated`` is the plan's reason when it
    does not carry the record set to Cloudflare (refused), else empty; ``accepted`` when the
    settings accept that (``migration:acceptNotMigrated``).
    """

    name: dns.name.Name
    rtype: str
    subject: str
    section: str = "answer"
    planned_cname: dns.name.Name | None = None
    apex_alias: bool = False
    deleting: frozenset = frozenset()
    planned: frozenset | None = None
    new_rtype: str | None = None
    planned_ttl: int | None = None
    not_migrated: str = ""
    accepted: bool = False

    @property
    def asked_new(self) -> str:
        """The type the new (Cloudflare) servers are asked."""
        return self.new_rtype or self.rtype


@dataclass(frozen=True)
class Observed:
    """A reply reduced to what is compared: the values (a frozenset of rdata), their TTL in
    seconds, or the CNAME target answered instead; ``problem`` is set (with ``code``) when the
    server could not be asked or did not answer authoritatively."""

    values: frozenset = frozenset()
    ttl: int | None = None
    cname: dns.name.Name | None = None
    code: str = ""
    problem: str = ""

    def text(self) -> str:
        if self.cname is not None:
            return f"CNAME {self.cname.to_text()}"
        return " | ".join(sorted(rd.to_text() for rd in self.values)) or "(nothing)"


def _problem_code(reply: Reply) -> str:
    return "timeout" if reply.error.startswith("timeout") else "unreachable"


def observe(probe: Probe, reply: Reply, rtype: str | None = None) -> Observed:
    """Normalise one server's reply to ``probe`` (asked for ``rtype``, by default ``probe.rtype``)."""
    rtype = rtype or probe.rtype
    if reply.error:
        return Observed(code=_problem_code(reply), problem=reply.error)
    if reply.rcode not in ("NOERROR", "NXDOMAIN"):
        return Observed(code=reply.rcode.lower(), problem=f"answered {reply.rcode}")
    if probe.section == "answer" and not reply.authoritative:
        return Observed(code="not-authoritative", problem="answered without the AA flag: not authoritative")
    rrset = reply.find(probe.section, probe.name, rtype)
    if rrset is not None:
        # From the rdataset's own dict (dns.set.Set.items): the set reuses the hashes stored at
        # parse time instead of rendering every rdata to wire again to hash it.
        return Observed(values=frozenset(rrset.items), ttl=rrset.ttl)
    if rtype != "CNAME":
        cname = reply.find("answer", probe.name, "CNAME")
        if cname is not None:
            return Observed(ttl=cname.ttl, cname=next(iter(cname)).target)
    return Observed()


def _joined_txt(values: frozenset) -> frozenset:
    return frozenset(b"".join(rd.strings) for rd in values)


def compare(probe: Probe, reference: Observed, other: Observed) -> Verdict:
    """``(status, code, detail)`` of ``other`` against ``reference`` (the old servers' answer), or
    against the plan's values when the plan changes the record set on purpose (``probe.planned``)."""
    if other.problem:
        return "unchecked", other.code, other.problem
    detail = f"Route53: {reference.text()}; here: {other.text()}"
    if probe.not_migrated:
        return _not_migrated(probe, reference, other, detail)
    if probe.planned is not None:
        planned = Observed(values=probe.planned)
        if other.values == probe.planned and other.cname is None:
            if probe.new_rtype:
                return (
                    "equivalent",
                    "published-as-" + probe.new_rtype.lower(),
                    f"Route53's {probe.rtype} {reference.text()} is published as {probe.new_rtype}: {planned.text()}",
                )
            return (
                "equivalent",
                "planned-change",
                f"the plan replaces Route53's {reference.text()} with {planned.text()}",
            )
        return "different", "changed", f"the plan declares {planned.text()}; here: {other.text()}"
    if reference.cname is None and not reference.values:
        if other.cname is None and not other.values:
            return "different", "missing-everywhere", "neither Route53 nor this server answers it"
        return "different", "not-at-route53", detail
    if other.cname is None and not other.values:
        return "different", "missing", detail
    ttl_note = "" if reference.ttl == other.ttl else f"TTL {reference.ttl} s at Route53, {other.ttl} s here"
    if reference.values == other.values and reference.cname == other.cname:
        if probe.apex_alias:
            return "equivalent", "flattened", "the flattened apex CNAME answers the alias's addresses"
        if ttl_note and probe.planned_ttl is not None and other.ttl == probe.planned_ttl:
            return "equivalent", "ttl-clamped", f"{ttl_note}: clamped into Cloudflare's range, as planned"
        return ("warning", "ttl-differs", ttl_note) if ttl_note else ("equal", "equal", "")
    if probe.planned_cname is not None and other.cname == probe.planned_cname:
        return (
            "equivalent",
            "cname-for-alias",
            f"CNAME to {other.cname.to_text()}, the target the plan declares for the alias",
        )
    if probe.rtype == "TXT" and other.values and _joined_txt(reference.values) == _joined_txt(other.values):
        return "equivalent", "txt-split", "same text, split into character strings differently"
    return "different", "changed", detail


def _not_migrated(probe: Probe, reference: Observed, other: Observed, detail: str) -> Verdict:
    """A record set the plan leaves behind: what Route53 answers and this server does not is an
    answer resolvers lose at the cut-over."""
    if reference.cname is None and not reference.values:
        if other.cname is None and not other.values:
            return "equal", "not-served", f"not migrated ({probe.not_migrated}) and no longer answered"
        return "different", "not-at-route53", detail
    if other.cname is None and not other.values:
        status: CheckStatus = "note" if probe.accepted else "different"
        accepted = "; accepted by migration:acceptNotMigrated" if probe.accepted else ""
        return (
            status,
            "not-migrated",
            f"Route53 answers {reference.text()}; the plan does not migrate it: {probe.not_migrated}{accepted}",
        )
    if reference.values == other.values and reference.cname == other.cname:
        return "equal", "equal", ""
    return "different", "changed", detail


def compare_probe(probe: Probe, old: Sequence[Reply], new: Sequence[Reply]) -> list[Check]:
    """Every verdict for one probe: old servers that disagree with the first old server that
    answered, and each new server against that reference. All servers equal gives one
    ``equal`` (or ``equivalent``/``warning``) check with an empty ``server``."""
    observed_old = [(r, observe(probe, r)) for r in old]
    usable = [o for _, o in observed_old if not o.problem]
    checks: list[Check] = []
    if not usable:
        for reply, obs in observed_old:
            checks.append(Check("records", probe.subject, "unchecked", obs.code, obs.problem, reply.server.label))
        return checks
    reference = usable[0]
    verdicts: list[tuple[Reply, CheckStatus, str, str]] = []
    for reply, obs in observed_old:
        if obs is reference:
            continue
        status, code, detail = compare(Probe(probe.name, probe.rtype, probe.subject, probe.section), reference, obs)
        if status == "different":
            code = "route53-servers-disagree"
        verdicts.append((reply, status, code, detail))
    for reply in new:
        observed = observe(probe, reply, probe.asked_new)
        if probe.deleting and observed.values:
            observed = replace(observed, values=observed.values - probe.deleting)
        verdicts.append((reply, *compare(probe, reference, observed)))
    kinds = {(status, code, detail) for _, status, code, detail in verdicts}
    if not kinds:
        return [Check("records", probe.subject, "equal", "equal")]
    if len(kinds) == 1:
        status, code, detail = kinds.pop()
        if status in ("equal", "equivalent", "note", "warning"):
            return [Check("records", probe.subject, status, code, detail)]
    return [
        Check("records", probe.subject, status, code, detail, reply.server.label)
        for reply, status, code, detail in verdicts
    ]
