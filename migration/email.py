"""Email records checked against Amazon SES: DKIM selectors, MAIL FROM, verification, DMARC.

Pure functions over data (no I/O: :mod:`migration.sources.ses` reads SES). A policy step before
the plan, like an octoDNS processor on the desired zone: :func:`classify` takes a snapshot and what
SES says about the identities of the zone, and decides per record set (keep, skip a stale
selector, replace a wrong one, add what SES needs) as an :class:`EmailPolicy`;
:func:`migration.translate.translate` applies those decisions once, where it makes each record
set's outcome, so every rule of translation (TTL, proxy, conflicts, limits) also holds for what
the policy publishes; :func:`settle` then gives the :class:`EmailPlan` (what the report's Email
section shows) from the decisions and what translation made of them.

Facts (Amazon SES developer guide):

* "Easy DKIM": three CNAMEs ``<token>._domainkey.<domain>`` -> ``<token>.dkim.amazonses.com``;
  the current tokens are ``DkimAttributes.Tokens`` of ``sesv2 GetEmailIdentity`` (SES v1
  ``GetIdentityDkimAttributes.DkimTokens``). A ``_domainkey`` CNAME to SES whose token SES does
  not list is stale: no SES key answers it any more.
* "Bring your own DKIM" (``SigningAttributesOrigin`` ``EXTERNAL``): ``Tokens`` holds the selector
  of the user's own TXT key record.
* "Custom MAIL FROM domain": exactly one MX ``10 feedback-smtp.<region>.amazonses.com`` and the
  TXT ``"v=spf1 include:amazonses.com ~all"`` at the MAIL FROM domain.
* Legacy domain verification: TXT at ``_amazonses.<domain>``.
* DMARC (RFC 7489 section 6.1): TXT ``v=DMARC1`` at ``_dmarc.<domain>``; a receiver falls back to
  the organizational domain's record (section 6.6.3), so a parent's record covers a subdomain.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Final, Literal, Mapping

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from . import rdata_fields
from .ignore import REASON as IGNORED
from .ignore import IgnorePattern, is_ignored, matching
from .model import (
    CloudflareRecord,
    Decision,
    Finding,
    Outcome,
    RecordSet,
    Rewrite,
    SesData,
    SesIdentity,
    Snapshot,
    Translation,
    stored_form,
)
from .names import Key, is_under, key, to_cloudflare
from .translate import routing
from .translate.policy import cloudflare_ttl
from .translate.values import host, txt_content

DOMAINKEY = b"_domainkey"
SES_DKIM_SUFFIX = dns.name.from_text("dkim.amazonses.com.")
SES_SUFFIX = dns.name.from_text("amazonses.com.")
MAIL_FROM_PREFERENCE = 10
MAIL_FROM_SPF = b"v=spf1 include:amazonses.com ~all"
SPF_INCLUDE = "include:amazonses.com"

# Selector states, in the order the report explains them.
CURRENT: Final = "current"  # Easy DKIM token SES lists: copied, DNS-only CNAME
STALE: Final = "stale"  # CNAME to SES DKIM whose token SES does not list: not copied
MISSING: Final = "missing"  # token SES lists, no record in Route53: added
WRONG: Final = "wrong"  # token SES lists, record is not the CNAME SES expects: replaced
BYODKIM: Final = "byodkim"  # selector of SES "bring your own DKIM": copied exactly
OTHER: Final = "other"  # another provider's selector (Google, Microsoft, SendGrid...): copied exactly
UNCHECKED: Final = "unchecked"  # looks like Easy DKIM but SES could not tell: copied as it is
SelectorState = Literal["current", "stale", "missing", "wrong", "byodkim", "other", "unchecked"]
STATES: tuple[SelectorState, ...] = (CURRENT, STALE, MISSING, WRONG, BYODKIM, OTHER, UNCHECKED)


@dataclass(frozen=True)
class Selector:
    """One DKIM selector: ``name`` (owner, Cloudflare spelling), ``domain`` it signs for, ``rtype``
    of the Route53 record set (``""`` when missing from Route53), ``state`` (one of
    :data:`STATES`), ``ses_status`` (SES's DKIM status for the domain, ``""`` when unknown) and
    ``action`` (what the plan does, in words)."""

    name: str
    domain: str
    rtype: str
    state: SelectorState
    ses_status: str
    action: str


@dataclass(frozen=True)
class MailFrom:
    """A custom MAIL FROM domain: ``identity`` using it, ``region``, SES's ``ses_status``, and the
    state of its ``mx`` and ``spf`` records (``present``, ``missing``, ``wrong``, or ``outside``
    when the domain is not in this zone) with ``detail`` in words."""

    domain: str
    identity: str
    region: str
    ses_status: str
    mx: str
    spf: str
    detail: str


@dataclass(frozen=True)
class EmailPlan:
    """The Email section of a plan. ``checked`` is False when SES could not be read (or was not
    asked), so Easy DKIM selectors could not be checked; ``identities`` as read; ``notes`` are
    one-line facts (verification records kept, DMARC, why SES was not checked); ``problems``
    why SES could not be read (each names the region or file and the AWS error)."""

    checked: bool
    identities: tuple[SesIdentity, ...] = ()
    selectors: tuple[Selector, ...] = ()
    mail_from: tuple[MailFrom, ...] = ()
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    problems: tuple[str, ...] = ()


def _domainkey_split(name: dns.name.Name) -> tuple[str, dns.name.Name] | None:
    """``(selector, domain)`` for ``<selector>._domainkey.<domain>``; ``None`` otherwise."""
    labels = name.labels
    if DOMAINKEY not in labels:
        return None
    at = labels.index(DOMAINKEY)
    selector = b".".join(labels[:at]).decode("ascii", "backslashreplace")
    return selector, dns.name.Name(labels[at + 1 :])


def identity_domains(snapshot: Snapshot) -> tuple[dns.name.Name, ...]:
    """The domains whose SES identities matter to the zone: the apex, and every domain with
    ``_domainkey`` or ``_amazonses`` records (subdomains that send mail). Sorted, absolute."""
    found = {snapshot.zone}
    for rs in snapshot.record_sets:
        split = _domainkey_split(rs.name)
        if split:
            found.add(split[1])
        elif rs.name.labels and rs.name.labels[0] == b"_amazonses":
            found.add(rs.name.parent())
    return tuple(sorted(found))


def is_ses_dkim_target(target: dns.name.Name) -> bool:
    """Whether a CNAME target is an SES DKIM key host (``<token>.dkim.amazonses.com``, or a
    regional ``dkim`` host under ``amazonses.com``)."""
    return is_under(target, SES_SUFFIX) and b"dkim" in target.labels[1:]


def _cname_target(rs: RecordSet) -> dns.name.Name | None:
    return rdata_fields.target(rs.rdatas[0]) if rs.rtype == "CNAME" and rs.rdatas else None


def _joined_txt(rs: RecordSet) -> list[bytes]:
    return [b"".join(rdata_fields.strings(rd)) for rd in rs.rdatas] if rs.rtype == "TXT" else []


def _is_spf(rd: dns.rdata.Rdata) -> bool:
    return b"".join(rdata_fields.strings(rd)).lower().startswith(b"v=spf1")


def _rdata(rtype: str, text: str) -> dns.rdata.Rdata:
    return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), text)


# The TTL of a record the policy adds (no Route53 record set behind it): Cloudflare's automatic.
ADDED_TTL = cloudflare_ttl(None)[0]

_SetKey = tuple  # RecordSet.index_key of the record set a row or finding is about
# What a finding is about when it stands only while some selector is shown as unchecked.
_UNCHECKED = ("selectors shown unchecked",)
# The owner name in a note of check_verification_and_dmarc: "NAME TXT: ..." or "DMARC for D: NAME TXT, kept".
_KEPT_NOTE = re.compile(r"(?:^|: )(\S+) TXT(?::|, kept$)")


@dataclass(frozen=True)
class EmailPolicy:
    """The email decisions for a zone, made before translation (:func:`classify`).

    ``rewrites``: per record set (keyed by the Route53 record set's ``index_key``), what
    :func:`migration.translate.translate` publishes instead (stale selectors skipped, wrong
    DKIM/MAIL FROM records replaced); ``added``: records SES needs that Route53 lacks;
    ``plan``: the Email section as decided. :func:`settle` turns it into the section of the
    plan, once translation has said what became of each record set. The ``*_sets`` tuples run
    beside ``plan.selectors``, ``plan.findings`` and ``plan.mail_from``: which record set each
    row or finding is about (``None``: none, e.g. an added record). ``ses_checked``: the domains
    SES was read for completely (:attr:`migration.model.SesData.checked`)."""

    rewrites: Mapping[_SetKey, Rewrite]
    added: tuple[CloudflareRecord, ...]
    plan: EmailPlan
    selector_sets: tuple[_SetKey | None, ...] = ()
    finding_sets: tuple[_SetKey | None, ...] = ()
    mail_from_sets: tuple[tuple[tuple[_SetKey | None, str], tuple[_SetKey | None, str]], ...] = ()
    ses_checked: frozenset[dns.name.Name] = frozenset()


class _Builder:
    """Accumulates the email decisions and the Email section."""

    def __init__(self, snapshot: Snapshot, ses: SesData | None, routing_decisions: Mapping[dns.name.Name, Decision]):
        self.snapshot = snapshot
        self.apex = snapshot.zone
        self.ses = ses
        # Indexes keyed by RecordSet.index_key / names.key: dns.name.Name hashes slowly. Each
        # (name, type) maps to (the Route53 record set, the plain record set translation will
        # publish for it): itself, or what migration:routing keeps of a routing group.
        self.by_key: dict[tuple[Key, str], tuple[RecordSet, RecordSet]] = {}
        routed_names: set[Key] = set()
        apex_key = key(self.apex)
        self.delegations: list[dns.name.Name] = []
        for rs in snapshot.record_sets:  # one walk of the zone for the three
            if rs.routing is None:
                self.by_key.setdefault((rs.name_key, rs.rtype), (rs, rs))
            else:
                routed_names.add(rs.name_key)
            if rs.rtype == "NS" and rs.name_key != apex_key:
                self.delegations.append(rs.name)
        if routed_names and routing_decisions:
            # Only the names with routing groups: the rest passes routing unchanged.
            steps, _ = routing.resolve(
                [rs for rs in snapshot.record_sets if rs.name_key in routed_names], routing_decisions
            )
            for step in steps:
                if step.effective is not None and step.original.routing is not None:
                    self.by_key.setdefault(
                        (step.original.name_key, step.original.rtype), (step.original, step.effective)
                    )
        self.rewrites: dict[_SetKey, Rewrite] = {}
        self.added: list[CloudflareRecord] = []
        self.findings: list[tuple[Finding, _SetKey | None]] = []
        self.selectors: list[tuple[Selector, _SetKey | None]] = []
        self.mail_from: list[tuple[MailFrom, tuple[_SetKey | None, str], tuple[_SetKey | None, str]]] = []
        self.notes: list[str] = []

    def published(self, name: dns.name.Name, rtype: str) -> RecordSet | None:
        """The plain record set translation publishes at ``name`` and ``rtype``, if any."""
        found = self.by_key.get((key(name), rtype))
        return found[1] if found is not None else None

    # -- SES lookups
    def identities(self, domain: dns.name.Name) -> list[SesIdentity]:
        return [i for i in (self.ses.identities if self.ses else ()) if i.domain == domain]

    def status(self, domain: dns.name.Name) -> str:
        return ", ".join(f"{i.dkim_status or '?'} ({i.region})" for i in self.identities(domain))

    def delegated(self, name: dns.name.Name) -> dns.name.Name | None:
        return next((d for d in self.delegations if is_under(name, d)), None)

    def warn(self, code: str, subject: str, message: str, about: RecordSet | _SetKey | None = None) -> None:
        """A warning, with what it is ``about``: a record set, :data:`_UNCHECKED` (it stands only
        while a selector is shown unchecked) or ``None``."""
        set_key = about.index_key if isinstance(about, RecordSet) else about
        self.findings.append((Finding("warning", code, subject, message), set_key))

    # -- record helpers
    def record(
        self, owner: dns.name.Name, rtype: str, content: str, source: str, priority: int | None = None
    ) -> CloudflareRecord:
        """A record SES needs that Route53 lacks, DNS-only, with the automatic TTL."""
        stored = stored_form(rtype, content, None)[0]  # as Cloudflare stores it, like every planned record
        return CloudflareRecord(
            name=to_cloudflare(owner),
            type=rtype,
            ttl=ADDED_TTL,
            proxied=False,
            content=stored,
            priority=priority,
            source=source,
        )

    def rewrite(self, original: RecordSet, reason: str, replacement: RecordSet | None) -> None:
        self.rewrites[original.index_key] = Rewrite(reason, replacement)

    def selector(
        self,
        rs_name: dns.name.Name,
        domain: dns.name.Name,
        rtype: str,
        state: SelectorState,
        action: str,
        about: RecordSet | None = None,
    ) -> None:
        # SES's status says nothing about another provider's selector.
        status = "" if state == OTHER else self.status(domain)
        self.selectors.append(
            (
                Selector(to_cloudflare(rs_name), to_cloudflare(domain), rtype, state, status, action),
                about.index_key if about else None,
            )
        )

    # -- DKIM
    def classify_selector(self, rs: RecordSet, selector: str, domain: dns.name.Name) -> None:
        found = self.identities(domain)
        easy = {t.lower() for i in found if not i.byodkim for t in i.tokens}
        own = {t.lower() for i in found if i.byodkim for t in i.tokens}
        target = _cname_target(rs)
        ses_shaped = target is not None and is_ses_dkim_target(target)
        label = rs.label
        if selector in own:
            self.selector(rs.name, domain, rs.rtype, BYODKIM, "copied exactly (SES BYODKIM selector), DNS-only", rs)
        elif selector in easy:
            expected = dns.name.Name((selector.encode(),) + SES_DKIM_SUFFIX.labels)
            if ses_shaped and target.labels[0].lower() == selector.encode():  # type: ignore[union-attr]
                self.selector(rs.name, domain, rs.rtype, CURRENT, f"copied: DNS-only CNAME to {host(target)}", rs)  # type: ignore[arg-type]
                return
            was = f"{rs.rtype} {' '.join(rs.values_text())}"
            cname = dataclasses.replace(
                rs, rtype="CNAME", rdatas=(_rdata("CNAME", expected.to_text()),), alias=None, routing=None
            )
            self.rewrite(
                rs, f"DKIM selector SES lists, but the record was {was}: replaced by the CNAME SES expects", cname
            )
            self.selector(
                rs.name, domain, rs.rtype, WRONG, f"replaced by a DNS-only CNAME to {host(expected)} (was {was})", rs
            )
            self.warn(
                "dkim-wrong",
                label,
                f"SES lists token {selector} but the record is {was}, not a CNAME to "
                f"{host(expected)}: DKIM is failing now; the plan publishes the CNAME SES expects",
                rs,
            )
        elif ses_shaped and (easy or any(i.byodkim for i in found)) and not self.ses.problems:  # type: ignore[union-attr]
            # Only when every region answered (another region's identity may list the token) and
            # SES said how the identity signs (its Easy DKIM tokens, or BYODKIM): data without
            # tokens says nothing about this selector.
            regions = ", ".join(i.region for i in found)
            self.rewrite(
                rs,
                f"stale DKIM selector: SES ({regions}) does not list token {selector}; not copied, "
                "deleted with the Route53 zone",
                None,
            )
            self.selector(
                rs.name,
                domain,
                rs.rtype,
                STALE,
                "not copied: SES does not list this token; deleted with the Route53 zone",
                rs,
            )
            self.warn(
                "dkim-stale",
                label,
                f"orphan DKIM selector: SES identity {to_cloudflare(domain)} ({regions}) "
                f"does not list token {selector}; it is not copied to Cloudflare and goes with the Route53 zone",
                rs,
            )
        elif ses_shaped:
            why = self.unchecked_reason(domain)
            self.selector(rs.name, domain, rs.rtype, UNCHECKED, f"copied as it is, DNS-only: {why}", rs)
        else:
            self.selector(rs.name, domain, rs.rtype, OTHER, "copied exactly, DNS-only (not an SES selector)", rs)

    def unchecked_reason(self, domain: dns.name.Name) -> str:
        if self.ses is None:
            return "SES was not consulted, so the selector could not be checked"
        if self.ses.problems:
            return "SES could not be read, so the selector could not be checked"
        found = self.identities(domain)
        if found and not any(i.tokens or i.byodkim for i in found):
            return (
                f"SES gave no Easy DKIM tokens for {to_cloudflare(domain)} "
                f"({', '.join(i.source or i.region for i in found)}), so the selector could not be checked"
            )
        if domain in self.ses.checked:
            return (
                f"no SES identity {to_cloudflare(domain)} in {', '.join(self.ses.regions) or 'the data given'}; "
                "if none exists in any region it is stale"
            )
        return f"no SES data for {to_cloudflare(domain)}, so the selector could not be checked"

    def missing_selectors(self) -> None:
        wanted = [i for i in (self.ses.identities if self.ses else ()) if i.domain.is_subdomain(self.apex) and i.tokens]
        names = {rs.name_key for rs in self.snapshot.record_sets} if wanted else set()
        for ident in wanted:
            for token in ident.tokens:
                owner = dns.name.Name((token.lower().encode(), DOMAINKEY) + ident.domain.labels)
                if key(owner) in names:
                    continue
                names.add(key(owner))  # the same token in two regions' identities is one record
                subject = f"{owner.to_text()} {'TXT' if ident.byodkim else 'CNAME'}"
                delegated = self.delegated(owner)
                if delegated is not None:
                    self.notes.append(
                        f"{to_cloudflare(owner)}: in the delegated zone {to_cloudflare(delegated)}, not checked here"
                    )
                    continue
                if ident.byodkim:
                    self.selector(owner, ident.domain, "", MISSING, "not added: the public key is yours to publish")
                    self.warn(
                        "dkim-missing",
                        subject,
                        f"SES ({ident.region}) lists BYODKIM selector {token} but Route53 "
                        "has no record for it: DKIM is failing now; publish your public key as TXT",
                    )
                    continue
                target = dns.name.Name((token.lower().encode(),) + SES_DKIM_SUFFIX.labels)
                self.added.append(
                    self.record(
                        owner, "CNAME", host(target), f"SES identity {to_cloudflare(ident.domain)} ({ident.region})"
                    )
                )
                self.selector(owner, ident.domain, "", MISSING, f"added: DNS-only CNAME to {host(target)}")
                self.warn(
                    "dkim-missing",
                    subject,
                    f"SES ({ident.region}) lists token {token} but Route53 has no "
                    f"record for it: DKIM is failing now; the plan adds the CNAME to {host(target)}",
                )

    # -- MAIL FROM
    def check_mail_from(self) -> None:
        by_domain: dict[dns.name.Name, list[SesIdentity]] = {}
        for ident in self.ses.identities if self.ses else ():
            if ident.mail_from is not None:
                by_domain.setdefault(ident.mail_from, []).append(ident)
        for domain, idents in sorted(by_domain.items()):
            who = ", ".join(to_cloudflare(i.domain) for i in idents)
            regions = ", ".join(sorted({i.region for i in idents}))
            status = ", ".join(i.mail_from_status or "?" for i in idents)
            if not domain.is_subdomain(self.apex) or self.delegated(domain) is not None:
                self.mail_from.append(
                    (
                        MailFrom(
                            to_cloudflare(domain),
                            who,
                            regions,
                            status,
                            "outside",
                            "outside",
                            "not in this zone: not checked here",
                        ),
                        (None, ""),
                        (None, ""),
                    )
                )
                continue
            exchanges = sorted({f"feedback-smtp.{i.region}.amazonses.com" for i in idents})
            mx_state, mx_detail, mx_set = self.check_mx(domain, exchanges)
            spf_state, spf_detail, spf_set = self.check_spf(domain)
            self.mail_from.append(
                (
                    MailFrom(
                        to_cloudflare(domain), who, regions, status, mx_state, spf_state, f"{mx_detail}; {spf_detail}"
                    ),
                    (mx_set, mx_detail),
                    (spf_set, spf_detail),
                )
            )

    def cname_at(self, domain: dns.name.Name) -> RecordSet | None:
        """The record set that makes ``domain`` a CNAME in Cloudflare (a CNAME, or an alias to an
        AWS service, which becomes one), beside which Cloudflare allows no other record (Cloudflare
        DNS docs, "Records with the same name"); ``None`` when there is none or at the apex, where
        Cloudflare flattens a CNAME. Records the policy adds there would be refused on apply."""
        if key(domain) == key(self.apex):
            return None
        found = self.published(domain, "CNAME")
        for rtype in ("A", "AAAA"):
            alias = self.published(domain, rtype)
            if (
                found is None
                and alias is not None
                and alias.alias is not None
                and alias.alias.hosted_zone_id != self.snapshot.hosted_zone_id
            ):
                found = alias  # an alias within the zone copies its target's values: no CNAME
        return found

    @staticmethod
    def cname_text(rs: RecordSet) -> str:
        what = "a CNAME" if rs.rtype == "CNAME" else "an alias that becomes a CNAME"
        return f"{rs.label} is {what} in Cloudflare, which allows no other record beside it"

    def check_mx(self, domain: dns.name.Name, exchanges: list[str]) -> tuple[str, str, _SetKey | None]:
        """The MX state, its detail and the record set it is about."""
        wanted = " and ".join(f"{MAIL_FROM_PREFERENCE} {e}" for e in exchanges)
        found = self.by_key.get((key(domain), "MX"))
        source = f"SES MAIL FROM {to_cloudflare(domain)}"
        if found is None:
            blocker = self.cname_at(domain)
            if blocker is not None:
                self.warn(
                    "mail-from-mx-missing",
                    f"{domain.to_text()} MX",
                    f"the MAIL FROM domain has no MX: SES cannot use it now; {self.cname_text(blocker)}, so the "
                    f"plan cannot add MX {wanted}: remove it, or choose another MAIL FROM domain",
                )
                return "missing", f"MX {wanted} not added ({blocker.label} stands there)", None
            self.added.extend(self.record(domain, "MX", e, source, MAIL_FROM_PREFERENCE) for e in exchanges)
            self.warn(
                "mail-from-mx-missing",
                f"{domain.to_text()} MX",
                f"the MAIL FROM domain has no MX: SES cannot use it now; the plan adds MX {wanted}",
            )
            return "missing", f"MX {wanted} added", None
        original, rs = found
        have = sorted(host(rdata_fields.exchange(rd)) for rd in rs.rdatas)
        if have == exchanges and all(rdata_fields.preference(rd) == MAIL_FROM_PREFERENCE for rd in rs.rdatas):
            return "present", f"MX {wanted} copied", original.index_key
        was = ", ".join(rs.values_text())
        mx = dataclasses.replace(rs, rdatas=tuple(_rdata("MX", f"{MAIL_FROM_PREFERENCE} {e}.") for e in exchanges))
        self.rewrite(original, f"MAIL FROM MX was {was}; replaced by {wanted}", mx)
        self.warn(
            "mail-from-mx-wrong",
            original.label,
            f"the MAIL FROM MX is {was}, SES needs exactly {wanted}; the plan publishes {wanted}",
            original,
        )
        return "wrong", f"MX {wanted} replaces {was}", original.index_key

    def check_spf(self, domain: dns.name.Name) -> tuple[str, str, _SetKey | None]:
        """The SPF state, its detail and the record set it is about."""
        found = self.by_key.get((key(domain), "TXT"))
        spf_text = MAIL_FROM_SPF.decode()
        source = f"SES MAIL FROM {to_cloudflare(domain)}"
        if found is None:
            blocker = self.cname_at(domain)
            if blocker is not None:
                self.warn(
                    "mail-from-spf-missing",
                    f"{domain.to_text()} TXT",
                    f"the MAIL FROM domain has no SPF record; {self.cname_text(blocker)}, so the plan cannot "
                    f'add "{spf_text}": remove it, or choose another MAIL FROM domain',
                )
                return "missing", f"SPF not added ({blocker.label} stands there)", None
            self.added.append(self.record(domain, "TXT", txt_content((MAIL_FROM_SPF,)), source))
            self.warn(
                "mail-from-spf-missing",
                f"{domain.to_text()} TXT",
                f'the MAIL FROM domain has no SPF record; the plan adds "{spf_text}"',
            )
            return "missing", "SPF added", None
        original, rs = found
        spf = [t for t in _joined_txt(rs) if t.lower().startswith(b"v=spf1")]
        if len(spf) == 1 and SPF_INCLUDE in spf[0].decode("ascii", "replace").lower().split():
            return "present", "SPF copied", original.index_key
        # Keep the other TXT values, in their order; the SPF value(s) become the one SES documents.
        kept = tuple(rd for rd in rs.rdatas if not _is_spf(rd))
        txt = dataclasses.replace(rs, rdatas=kept + (_rdata("TXT", f'"{spf_text}"'),))
        was = ", ".join(t.decode("ascii", "replace") for t in spf) or "no SPF value"
        self.rewrite(original, f'MAIL FROM SPF was {was}; replaced by "{spf_text}"', txt)
        state = "missing" if not spf else "wrong"
        self.warn(
            f"mail-from-spf-{state}",
            original.label,
            f'the MAIL FROM SPF is {was}; SES needs one SPF record with {SPF_INCLUDE}: the plan publishes "{spf_text}"',
            original,
        )
        return state, "SPF replaced" if spf else "SPF added", original.index_key

    # -- verification, DMARC
    def check_verification_and_dmarc(self) -> None:
        for rs in self.snapshot.record_sets:
            if rs.rtype == "TXT" and rs.name.labels and rs.name.labels[0] == b"_amazonses":
                self.notes.append(f"{to_cloudflare(rs.name)} TXT: SES domain verification record, kept")
        # Only domains that send mail: a zone with no email records gets no DMARC warning.
        domains = {self.apex} if self.sends_mail(self.apex) else set()
        domains |= {
            i.domain
            for i in (self.ses.identities if self.ses else ())
            if i.domain.is_subdomain(self.apex) and self.delegated(i.domain) is None
        }
        for domain in sorted(domains):
            covering = self.dmarc_for(domain)
            if covering is None:
                self.warn(
                    "dmarc-missing",
                    to_cloudflare(domain),
                    f"no DMARC record (TXT v=DMARC1 at _dmarc.{to_cloudflare(domain)}): receivers cannot tell "
                    "what to do with mail that fails SPF and DKIM; publish one",
                )
            else:
                self.notes.append(f"DMARC for {to_cloudflare(domain)}: {to_cloudflare(covering)} TXT, kept")

    def sends_mail(self, domain: dns.name.Name) -> bool:
        """Whether the zone has mail records for ``domain``: MX, SPF TXT, or DKIM selectors."""
        txt = self.published(domain, "TXT")
        spf = txt is not None and any(t.lower().startswith(b"v=spf1") for t in _joined_txt(txt))
        dkim = any(
            split is not None and split[1] == domain
            for split in (_domainkey_split(rs.name) for rs in self.snapshot.record_sets)
        )
        return (key(domain), "MX") in self.by_key or spf or dkim

    def dmarc_for(self, domain: dns.name.Name) -> dns.name.Name | None:
        name = domain
        while name.is_subdomain(self.apex):
            owner = dns.name.Name((b"_dmarc",) + name.labels)
            rs = self.published(owner, "TXT")
            if rs is not None and any(t.upper().startswith(b"V=DMARC1") for t in _joined_txt(rs)):
                return owner
            if name == self.apex:
                break
            name = name.parent()
        return None


def classify(
    snapshot: Snapshot, ses: SesData | None, routing_decisions: Mapping[dns.name.Name, Decision] | None = None
) -> EmailPolicy:
    """Check the zone's email records against SES and decide, before translation, what the plan
    publishes for them.

    ``ses`` is ``None`` when SES was not consulted; ``routing_decisions`` are the
    ``migration:routing`` choices, so a record set a routing group keeps is checked as the one
    published. Returns the :class:`EmailPolicy`: stale selectors skipped, wrong DKIM and MAIL
    FROM record sets rewritten (a MAIL FROM TXT keeps its other values), missing ones added,
    and the Email section as decided. Pure; never raises for content: every problem is a
    finding in ``EmailPolicy.plan.findings``.
    """
    b = _Builder(snapshot, ses, routing_decisions or {})
    for rs in snapshot.record_sets:
        # The label looked for here first: most owner names have none.
        split = _domainkey_split(rs.name) if DOMAINKEY in rs.name.labels else None
        # A name Cloudflare cannot store (an escaped byte) is no selector to publish: the
        # translation refuses its record set, naming it.
        if split is not None and split[0] and "\\" not in rs.owner_text:
            b.classify_selector(rs, split[0].lower(), split[1])
    b.missing_selectors()
    b.check_mail_from()
    b.check_verification_and_dmarc()
    checked = ses is not None and not ses.problems
    unchecked = any(sel.state == UNCHECKED for sel, _ in b.selectors)
    if not checked:
        why = (
            "SES could not be read: " + "; ".join(ses.problems)
            if ses is not None
            else "no SES data: set migration:sesRegions or migration:sesIdentities, or give --ses FILE"
        )
        b.notes.insert(0, f"SES not checked ({why}): DKIM selectors could not be checked against SES")
    if not checked and (ses is not None or unchecked):
        # SES unreadable, or SES-shaped selectors nobody could check: a reviewer must know.
        b.warn(
            "ses-unchecked",
            snapshot.zone.to_text(),
            f"{why}. DKIM selectors and MAIL FROM could not be checked; Easy DKIM selectors are copied as they are",
            None if ses is not None else _UNCHECKED,
        )
    elif unchecked:
        b.warn(
            "ses-unchecked",
            snapshot.zone.to_text(),
            "some DKIM selectors could not be checked against SES (see the Email section); they are copied as they are",
            _UNCHECKED,
        )
    zone = to_cloudflare(snapshot.zone)
    for ident in ses.identities if ses else ():
        if not ident.domain.is_subdomain(snapshot.zone):
            # An identity given for the wrong domain checks nothing here: say so, rather than
            # leave the reviewer to find every selector "unchecked".
            b.warn(
                "ses-identity-outside-zone",
                to_cloudflare(ident.domain),
                f"the SES identity {to_cloudflare(ident.domain)} ({ident.source}) does not cover the zone {zone}: "
                f"it is neither {zone} nor a name under it, so it checks none of the zone's email records",
            )
        elif ident.dkim_status and ident.dkim_status != "SUCCESS":
            b.warn(
                "dkim-status",
                to_cloudflare(ident.domain),
                f"SES ({ident.region}) reports DKIM status {ident.dkim_status}, not SUCCESS: check the "
                "selectors above; SES re-checks the records on its own, also after the cut-over",
            )
    plan = EmailPlan(
        checked,
        tuple(ses.identities) if ses else (),
        tuple(s for s, _ in b.selectors),
        tuple(m for m, _, _ in b.mail_from),
        tuple(b.notes),
        tuple(f for f, _ in b.findings),
        tuple(ses.problems) if ses else (),
    )
    return EmailPolicy(
        dict(b.rewrites),
        tuple(b.added),
        plan,
        tuple(k for _, k in b.selectors),
        tuple(k for _, k in b.findings),
        tuple((mx, spf) for _, mx, spf in b.mail_from),
        frozenset(ses.checked) if ses else frozenset(),
    )


def settle(policy: EmailPolicy, translation: Translation, ignored: tuple[IgnorePattern, ...] = ()) -> EmailPlan:
    """The Email section of the plan: ``policy.plan`` where translation published what the
    policy decided; where translation refused or skipped a record set for its own reason
    (routing, its name, a conflict at its name, a Cloudflare limit, ``migration:ignore``), the
    section says so instead: the selector is shown with that outcome (state ``other``), the MAIL
    FROM detail says the MX or SPF is not published and why, and the policy's findings about that
    record set are dropped (the refusal is the reviewer's finding). ``translation`` is the one
    :func:`migration.ignore.apply` returned for the ``ignored`` patterns: a record the policy
    added (a missing selector, a MAIL FROM MX or SPF) that they match is shown as not added.
    A record SES needs (a current, wrong or missing Easy DKIM selector, a BYODKIM selector, a
    MAIL FROM MX or SPF) that the patterns leave alone is an error ``ses-record-ignored``: the
    decommission deletes the Route53 one and the plan puts none in its place; so are the SES
    verification and DMARC records they leave alone (:func:`_verification_and_dmarc_lost`). Pure."""
    # Only the record sets the section's rows and findings are about are looked up: the index
    # holds those owner names' outcomes, not every record set's.
    about = {
        set_key[0]
        for set_key in (
            *policy.selector_sets,
            *policy.finding_sets,
            *(set_key for pair in policy.mail_from_sets for set_key, _ in pair),
        )
        if set_key is not None and set_key != _UNCHECKED
    }
    outcomes = {o.record_set.index_key: o for o in translation.outcomes if o.record_set.name_key in about}

    def overruled(set_key: _SetKey | None) -> Outcome | None:
        if set_key is None:
            return None
        outcome = outcomes.get(set_key)
        if outcome is None or outcome.status == "translated":
            return None
        rewrite = policy.rewrites.get(set_key)
        if rewrite is not None and rewrite.replacement is None and outcome.status == "skipped":
            return None  # the policy's own skip (a stale selector)
        return outcome

    def not_added(set_key: _SetKey | None, name: str, rtype: str, detail: str) -> str | None:
        """Why a record the policy added is left out (the ignore reason), else ``None``."""
        added = detail.startswith("added") or (detail.endswith(" added") and "not added" not in detail)
        found = matching(ignored, name, rtype) if set_key is None and added else None
        return IGNORED.format(pattern=found) if found else None

    plan = policy.plan
    selectors = []
    errors = []
    dropped_subjects = set()
    for sel, set_key in zip(plan.selectors, policy.selector_sets, strict=True):
        outcome = overruled(set_key)
        left_out = not_added(set_key, sel.name, "CNAME", sel.action)
        if outcome is not None and is_ignored(outcome):
            # Left alone, not changed in kind: the state and SES status still say what it is.
            selectors.append(dataclasses.replace(sel, action=f"not copied: {outcome.reason}"))
        elif outcome is not None:
            selectors.append(
                dataclasses.replace(sel, state=OTHER, ses_status="", action=f"{outcome.status}: {outcome.reason}")
            )
        elif left_out is not None:
            selectors.append(dataclasses.replace(sel, action=f"not added: {left_out}"))
            dropped_subjects.add(sel.name)
        else:
            selectors.append(sel)
        why = outcome.reason if outcome is not None and is_ignored(outcome) else left_out
        if why is not None and sel.state in (CURRENT, WRONG, MISSING, BYODKIM):
            errors.append(
                Finding(
                    "error",
                    "ses-record-ignored",
                    f"{sel.name} {sel.rtype or 'CNAME'}",
                    f"DKIM selector of {sel.domain} that SES signs with ({sel.state}): {why}, so the plan "
                    "puts none in Cloudflare and the decommission deletes the Route53 one; narrow the "
                    "migration:ignore pattern so it is copied",
                )
            )
    mail_from = []
    for row, pair in zip(plan.mail_from, policy.mail_from_sets, strict=True):
        details = []
        for what, rtype, (set_key, detail) in zip(("MX", "SPF"), ("MX", "TXT"), pair, strict=True):
            outcome = overruled(set_key)
            left_out = not_added(set_key, row.domain, rtype, detail)
            if outcome is not None:
                details.append(f"{what} not published: the record set is {outcome.status}: {outcome.reason}")
            elif left_out is not None:
                details.append(f"{what} not added: {left_out}")
            else:
                details.append(detail)
            why = outcome.reason if outcome is not None and is_ignored(outcome) else left_out
            if why is not None:
                errors.append(
                    Finding(
                        "error",
                        "ses-record-ignored",
                        f"{row.domain} {rtype}",
                        f"the {what} of the SES MAIL FROM domain {row.domain}: {why}, so the plan puts none in "
                        "Cloudflare and the decommission deletes the Route53 one; narrow the migration:ignore "
                        "pattern so it is copied",
                    )
                )
        mail_from.append(
            dataclasses.replace(row, detail="; ".join(details)) if details != [d for _, d in pair] else row
        )
    # "NAME TXT: ..., kept" and "DMARC for D: NAME TXT, kept": kept only where the record set is copied.
    by_owner: dict[str, Outcome] = {}
    for o in translation.outcomes if any(n.endswith(", kept") for n in plan.notes) else ():
        if o.record_set.rtype == "TXT" and o.status != "translated":
            try:
                by_owner[to_cloudflare(o.record_set.name)] = o
            except ValueError:  # a name Cloudflare cannot hold is no note's owner (notes name Cloudflare's)
                continue
    notes = []
    for note in plan.notes:
        owner = _KEPT_NOTE.search(note) if note.endswith(", kept") else None
        outcome = by_owner.get(owner.group(1)) if owner else None
        notes.append(note[: -len("kept")] + f"not copied: {outcome.status}: {outcome.reason}" if outcome else note)
    lost = _verification_and_dmarc_lost(policy, translation)
    if (
        not lost
        and selectors == list(plan.selectors)
        and mail_from == list(plan.mail_from)
        and notes == list(plan.notes)
    ):
        return plan
    unchecked = any(sel.state == UNCHECKED for sel in selectors)
    findings = tuple(
        f
        for f, set_key in zip(plan.findings, policy.finding_sets, strict=True)
        if (unchecked if set_key == _UNCHECKED else overruled(set_key) is None)
        and not (set_key is None and f.subject.split(" ", 1)[0].rstrip(".") in dropped_subjects)
    )
    return dataclasses.replace(
        plan,
        selectors=tuple(selectors),
        mail_from=tuple(mail_from),
        notes=tuple(notes),
        findings=findings + tuple(errors) + tuple(lost),
    )


def _verification_and_dmarc_lost(policy: EmailPolicy, translation: Translation) -> list[Finding]:
    """What is lost with each ``_amazonses`` and ``_dmarc`` TXT record set ``migration:ignore``
    leaves alone (the decommission deletes the Route53 one and the plan puts none in Cloudflare):

    * ``_amazonses.<domain>`` (SES legacy domain verification; SES re-checks it for up to 72 hours,
      then marks the identity failed: Amazon SES developer guide): an error ``ses-record-ignored``
      when SES lists an identity of ``<domain>``; a warning ``ses-verification-ignored`` when SES
      was not read for ``<domain>``; nothing when SES was read and has no identity of it.
    * ``_dmarc.<domain>`` holding a ``v=DMARC1`` value: a warning ``dmarc-ignored`` naming the
      value, and the record receivers fall back to (RFC 7489 section 6.6.3: the nearest parent's
      ``_dmarc`` record the plan copies), if any. Mail still flows; the policy and reports go."""
    outcomes = translation.outcomes
    ignored = [o for o in outcomes if is_ignored(o) and _first_label(o.record_set) in (b"_amazonses", b"_dmarc")]
    if not ignored:
        return []  # the common case, told without looking for the DMARC records copied
    copied_dmarc = {
        o.record_set.name
        for o in outcomes
        if o.status == "translated" and _first_label(o.record_set) == b"_dmarc" and _dmarc_values(o.record_set)
    }
    found = []
    for o in ignored:
        rs = o.record_set
        first = _first_label(rs)
        domain = rs.name.parent()
        try:
            shown, subject = to_cloudflare(domain), f"{to_cloudflare(rs.name)} TXT"
        except ValueError:  # a name Cloudflare cannot hold: refused by translation, not ignored
            continue
        lost = f"{o.reason}, so the plan puts none in Cloudflare and the decommission deletes the Route53 one"
        if first == b"_amazonses":
            regions = [i.region for i in policy.plan.identities if i.domain == domain]
            if regions:
                found.append(
                    Finding(
                        "error",
                        "ses-record-ignored",
                        subject,
                        f"the SES domain verification record of {shown} (SES identity in {', '.join(regions)}): "
                        f"{lost}, and SES marks the identity failed once it finds the record gone (it re-checks "
                        "for up to 72 hours); narrow the migration:ignore pattern so it is copied",
                    )
                )
            elif domain not in policy.ses_checked:
                found.append(
                    Finding(
                        "warning",
                        "ses-verification-ignored",
                        subject,
                        f"the SES domain verification record of {shown}: {lost}; SES was not read for {shown}, so "
                        "whether an identity still needs it is not known: if one does, SES marks it failed once "
                        "it finds the record gone; check SES, or narrow the migration:ignore pattern so it is copied",
                    )
                )
            continue
        values = _dmarc_values(rs)
        if not values:
            continue
        parent = next(
            (p for p in _dmarc_owners_above(domain) if p in copied_dmarc),
            None,
        )
        fallback = (
            f"they fall back to {to_cloudflare(parent)} TXT (RFC 7489 section 6.6.3)"
            if parent is not None
            else f"no other DMARC record covers {shown}"
        )
        found.append(
            Finding(
                "warning",
                "dmarc-ignored",
                subject,
                f"the DMARC record of {shown} ({', '.join(values)}): {lost}: mail still flows, but receivers lose "
                f"the domain's DMARC policy and reports; {fallback}; publish it where the records are managed, or "
                "narrow the migration:ignore pattern so it is copied",
            )
        )
    return found


def _first_label(rs: RecordSet) -> bytes:
    """The first label of a TXT record set's owner, lower case (``b""`` for other types)."""
    return rs.name.labels[0].lower() if rs.rtype == "TXT" and rs.name.labels else b""


def _dmarc_values(rs: RecordSet) -> list[str]:
    """The ``v=DMARC1`` values of a TXT record set, each joined and quoted."""
    return ['"' + t.decode("utf-8", "replace") + '"' for t in _joined_txt(rs) if t.upper().startswith(b"V=DMARC1")]


def _dmarc_owners_above(domain: dns.name.Name) -> list[dns.name.Name]:
    """``_dmarc.<parent>`` for each parent of ``domain``, nearest first (not the root)."""
    found = []
    name = domain
    while len(name.labels) > 3:  # its parent is not a top-level domain (labels end with the root's)
        name = name.parent()
        found.append(dns.name.Name((b"_dmarc",) + name.labels))
    return found
