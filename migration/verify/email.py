"""Email records as resolvers see them: SES DKIM selectors, stale selectors, MAIL FROM.

Facts (Amazon SES developer guide, "Easy DKIM" and "Using a custom MAIL FROM domain"):
Easy DKIM publishes three CNAMEs ``<token>._domainkey.<domain>`` ->
``<token>.dkim.amazonses.com``; a custom MAIL FROM domain has exactly one MX
``10 feedback-smtp.<region>.amazonses.com`` and the TXT ``"v=spf1 include:amazonses.com ~all"``.
A selector SES no longer lists is stale: Cloudflare must not serve it; Route53 serves it until
the decommission deletes the zone (a note, not a difference).

The expectations are :class:`EmailExpectations`, built here from the plan's Email section
(:func:`expectations_from_plan`: the selectors SES lists, the stale ones, the ones the plan
adds, the MAIL FROM domains), or from the plan's records when the plan has no SES data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import dns.name

from .. import email as email_plan
from .. import rdata_fields
from ..plan import Plan
from .compare import Check
from .query import Reply

DKIM_SUFFIX = dns.name.from_text("dkim.amazonses.com.")
SES_DOMAIN = dns.name.from_text("amazonses.com.")
DOMAINKEY = b"_domainkey"


@dataclass(frozen=True)
class MailFrom:
    """A custom MAIL FROM domain and the MX exchange SES gives it (absolute names)."""

    name: dns.name.Name
    exchange: dns.name.Name


@dataclass(frozen=True)
class EmailExpectations:
    """What resolvers must see: DKIM selector owner names (``<token>._domainkey.<zone>``,
    absolute) that are ``current`` (Cloudflare answers the CNAME SES expects), ``missing`` from
    Route53 (the plan adds them: Cloudflare answers them too) and ``stale`` (no server may answer
    them), and the MAIL FROM domains. ``stale_at``: the servers asked for the stale ones, ``all``
    (old and new: once the Route53 zone is decommissioned) or ``new`` (before: Route53 still
    serves its zone)."""

    current: tuple[dns.name.Name, ...] = ()
    stale: tuple[dns.name.Name, ...] = ()
    mail_from: tuple[MailFrom, ...] = ()
    missing: tuple[dns.name.Name, ...] = ()
    stale_at: str = "all"


def _is_ses_selector(name: dns.name.Name, target: dns.name.Name) -> bool:
    return len(name.labels) > 2 and name.labels[1] == DOMAINKEY and target.is_subdomain(DKIM_SUFFIX)


def expectations_from_plan(plan: Plan) -> EmailExpectations:
    """Derive the email expectations from the plan.

    With SES data (the plan's Email section read SES): the selectors SES lists and the plan
    copies or corrects (states ``current``, ``wrong``) or could not check (``unchecked``) are
    current, ``stale`` ones stale, ``missing`` ones the plan adds a CNAME for are missing; the
    MAIL FROM domains in this zone of the SES identities, with SES's feedback endpoint of each
    identity's region. Without SES data: :func:`expectations_from_records`.
    """
    found = plan.email
    if not (found.checked or found.identities):
        return expectations_from_records(plan)
    added = {r.name.lower() for r in plan.translation.records if r.type == "CNAME"}
    by_state: dict[str, list[dns.name.Name]] = {}
    for sel in found.selectors:
        if sel.state == email_plan.MISSING and sel.name.lower() not in added:
            continue  # a BYODKIM key the plan does not publish: nothing to expect
        by_state.setdefault(sel.state, []).append(dns.name.from_text(sel.name))
    current = [
        n for state in (email_plan.CURRENT, email_plan.WRONG, email_plan.UNCHECKED) for n in by_state.get(state, ())
    ]
    outside = {m.domain for m in found.mail_from if m.mx == "outside"}
    mail_from = []
    for ident in found.identities:
        domain = ident.mail_from
        if domain is None or domain.to_text(omit_final_dot=True) in outside:
            continue
        exchange = dns.name.from_text(f"feedback-smtp.{ident.region}.amazonses.com.")
        if MailFrom(domain, exchange) not in mail_from:
            mail_from.append(MailFrom(domain, exchange))
    return EmailExpectations(
        tuple(sorted(current)),
        tuple(sorted(by_state.get(email_plan.STALE, ()))),
        tuple(mail_from),
        tuple(sorted(by_state.get(email_plan.MISSING, ()))),
    )


def expectations_from_records(plan: Plan) -> EmailExpectations:
    """The expectations from the plan's records alone, for a plan without SES data.

    A ``_domainkey`` CNAME to ``dkim.amazonses.com`` is a current selector when the plan carries
    it to Cloudflare (outcome ``translated``) and stale when it does not (the plan leaves it
    behind with the Route53 zone). A MAIL FROM domain is an owner with an MX to
    ``feedback-smtp.<region>.amazonses.com``.
    """
    current: list[dns.name.Name] = []
    stale: list[dns.name.Name] = []
    mail_from: list[MailFrom] = []
    root = dns.name.root
    for outcome in plan.translation.outcomes:
        rs = outcome.record_set
        if rs.rtype == "CNAME" and rs.rdatas:
            target = rdata_fields.target(rs.rdatas[0]).derelativize(root)
            if _is_ses_selector(rs.name, target):
                (current if outcome.status == "translated" else stale).append(rs.name)
        if rs.rtype == "MX" and outcome.status == "translated":
            for rd in rs.rdatas:
                exchange = rdata_fields.exchange(rd).derelativize(root)
                if exchange.labels[0].startswith(b"feedback-smtp") and exchange.is_subdomain(SES_DOMAIN):
                    mail_from.append(MailFrom(rs.name, exchange))
    return EmailExpectations(tuple(current), tuple(stale), tuple(mail_from))


def questions(expect: EmailExpectations) -> list[tuple[str, dns.name.Name, str]]:
    """The questions the checks need: ``(servers, name, type)`` with ``servers`` ``new`` or
    ``all`` (old and new). Missing selectors are asked like current ones."""
    asked = [("new", name, "A") for name in expect.current + expect.missing]
    asked += [(expect.stale_at, name, "CNAME") for name in expect.stale]
    for mf in expect.mail_from:
        asked += [("new", mf.name, "MX"), ("new", mf.name, "TXT")]
    return asked


def _usable(reply: Reply, subject: str) -> Check | None:
    if reply.error:
        code = "timeout" if reply.error.startswith("timeout") else "unreachable"
        return Check("email", subject, "unchecked", code, reply.error, reply.server.label)
    if reply.rcode not in ("NOERROR", "NXDOMAIN"):
        return Check("email", subject, "unchecked", reply.rcode.lower(), f"answered {reply.rcode}", reply.server.label)
    return None


def check_selector(name: dns.name.Name, reply: Reply) -> Check:
    """A current DKIM selector asked for A at a new server must answer a CNAME to
    ``<token>.dkim.amazonses.com``; addresses mean the record is proxied (Cloudflare then
    answers its own addresses and SES cannot read the key)."""
    subject = f"{name.to_text()} DKIM selector"
    server = reply.server.label
    problem = _usable(reply, subject)
    if problem:
        return problem
    expected = dns.name.Name((name.labels[0],) + DKIM_SUFFIX.labels)
    cname = reply.find("answer", name, "CNAME")
    if cname is not None:
        target = next(iter(cname)).target
        if target == expected:
            return Check("email", subject, "equal", "dkim-cname", f"CNAME {target.to_text()}", server)
        return Check(
            "email",
            subject,
            "different",
            "dkim-wrong-target",
            f"CNAME {target.to_text()}, expected {expected.to_text()}",
            server,
        )
    addresses = [rrset for rrset in reply.answer if rrset.name == name and rrset.rdtype in (1, 28)]
    if addresses:
        values = ", ".join(rd.to_text() for rrset in addresses for rd in rrset)
        return Check(
            "email",
            subject,
            "different",
            "dkim-proxied",
            f"answers addresses ({values}) instead of a CNAME to {expected.to_text()}: "
            "the record is proxied; it must be DNS-only",
            server,
        )
    return Check(
        "email", subject, "different", "dkim-missing", f"no CNAME to {expected.to_text()} ({reply.rcode})", server
    )


def check_stale(name: dns.name.Name, reply: Reply) -> Check:
    """A stale selector asked for CNAME must not be answered by a new (Cloudflare) server; a
    Route53 server still answering it is a ``note``: the plan leaves it with the Route53 zone,
    which stays frozen until the decommission deletes it (README, "Email")."""
    subject = f"{name.to_text()} stale DKIM selector"
    problem = _usable(reply, subject)
    if problem:
        return problem
    cname = reply.find("answer", name, "CNAME")
    if cname is not None and reply.server.role == "old":
        return Check(
            "email",
            subject,
            "note",
            "stale-selector-until-decommission",
            f"Route53 still serves CNAME {next(iter(cname)).target.to_text()}, as planned: SES no longer "
            "uses this selector, and it goes with the Route53 zone at the decommission (the zone stays "
            "frozen until then)",
            reply.server.label,
        )
    if cname is not None:
        return Check(
            "email",
            subject,
            "different",
            "stale-selector-served",
            f"Cloudflare still serves CNAME {next(iter(cname)).target.to_text()}; SES no longer uses "
            "this selector: it must be deleted",
            reply.server.label,
        )
    return Check("email", subject, "equal", "stale-selector-gone", "", reply.server.label)


def check_mail_from(mf: MailFrom, mx: Reply, txt: Reply) -> list[Check]:
    """The MAIL FROM domain's MX must name SES's feedback endpoint and its TXT must hold an SPF
    policy including ``amazonses.com`` (at one new server: ``mx`` and ``txt`` are its replies)."""
    checks = []
    subject = f"{mf.name.to_text()} MAIL FROM"
    for reply in (mx, txt):
        problem = _usable(reply, subject)
        if problem:
            return [problem]
    server = mx.server.label
    rrset = mx.find("answer", mf.name, "MX")
    exchanges = {rd.exchange for rd in rrset} if rrset is not None else set()
    if mf.exchange in exchanges:
        checks.append(Check("email", subject, "equal", "mail-from-mx", f"MX {mf.exchange.to_text()}", server))
    else:
        found = ", ".join(sorted(e.to_text() for e in exchanges)) or "no MX"
        checks.append(
            Check(
                "email",
                subject,
                "different",
                "mail-from-mx-missing",
                f"expected MX {mf.exchange.to_text()}; found {found}",
                server,
            )
        )
    rrset = txt.find("answer", mf.name, "TXT")
    texts = [b"".join(rd.strings).decode("utf-8", "replace") for rd in rrset] if rrset is not None else []
    spf = [t for t in texts if t.lower().startswith("v=spf1")]
    if any("include:amazonses.com" in t.lower().split() for t in spf):
        checks.append(Check("email", subject, "equal", "spf", spf[0], server))
    else:
        checks.append(
            Check(
                "email",
                subject,
                "different",
                "spf-missing",
                f"no SPF TXT including amazonses.com; found {spf or 'no SPF record'}",
                server,
            )
        )
    return checks


def check_all(expect: EmailExpectations, answers: dict[tuple[str, dns.name.Name, str], Sequence[Reply]]) -> list[Check]:
    """Every email check from the replies to :func:`questions` (``answers`` maps each question
    to the replies of the servers it went to)."""
    checks: list[Check] = []
    for name in expect.current + expect.missing:
        checks += [check_selector(name, r) for r in answers[("new", name, "A")]]
    for name in expect.stale:
        checks += [check_stale(name, r) for r in answers[(expect.stale_at, name, "CNAME")]]
    for mf in expect.mail_from:
        for mx, txt in zip(answers[("new", mf.name, "MX")], answers[("new", mf.name, "TXT")], strict=True):
            checks += check_mail_from(mf, mx, txt)
    return checks
