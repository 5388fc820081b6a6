"""Combinations of records Cloudflare refuses at one name, checked after translation.

Facts (Cloudflare DNS docs, "Records with the same name" and "DS records"; RFC 1034 section
3.6.2, RFC 2181 section 10.1): a CNAME cannot share its name with any other record, except at the
apex where Cloudflare flattens it (and even there not with A or AAAA: error 81053); an NS record (a delegation) cannot share its name with records
other than DS; a DS record belongs at a delegation, beside its NS.

Every record set at a conflicting name is refused (nothing is half-published), with the options
the user has. An SPF-type record set that, published as TXT, would make a second SPF record at its
name is refused too (:func:`spf_refusals`, RFC 7208 section 4.5). Pure: works on outcomes only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import dns.name

from .. import rdata_fields
from ..model import Finding, Outcome
from ..names import Key, key


def _types(outcomes: list[Outcome]) -> dict[str, list[str]]:
    """Cloudflare record types produced at one name -> labels of the record sets producing them."""
    found: dict[str, list[str]] = defaultdict(list)
    for o in outcomes:
        for rtype in dict.fromkeys(r.type for r in o.records):
            found[rtype].append(o.record_set.label)
    return found


def _describe(types: dict[str, list[str]]) -> str:
    return "; ".join(f"{t} from {', '.join(labels)}" for t, labels in types.items())


def refusal(name: dns.name.Name, at_apex: bool, outcomes: list[Outcome]) -> tuple[str, frozenset[str] | None]:
    """Why the translated record sets at ``name`` (``at_apex``: the zone's apex) cannot be
    published together (``""`` when they can), and which record types the refusal is about:
    ``None`` for every record set at the name, else the types whose record sets are refused (a DS
    without a delegation is refused alone)."""
    types = _types(outcomes)
    cnames = {r.content for o in outcomes for r in o.records if r.type == "CNAME"}
    if "CNAME" in types and at_apex and types.keys() & {"A", "AAAA"}:
        # Flattening lets other types stand beside an apex CNAME, but never A/AAAA (Cloudflare DNS
        # docs, "Records with the same name": error 81053).
        return (
            f"Cloudflare does not allow a CNAME beside A or AAAA records, even at the apex "
            f"({name.to_text()} would have {_describe(types)}). Options: remove the A/AAAA record sets, or "
            "replace the alias that became the CNAME by the target's A/AAAA values"
        ), None
    if "CNAME" in types and (len(types) > 1 or len(cnames) > 1) and not at_apex:
        return (
            f"Cloudflare does not allow a CNAME to share its name with other records away from the apex "
            f"({name.to_text()} would have {_describe(types)}). Options: remove or move the other record sets "
            "at this name; or replace the CNAME (or the alias that became one) by the target's A/AAAA values"
        ), None
    if "NS" in types and set(types) - {"NS", "DS"} and not at_apex:
        return (
            f"{name.to_text()} is delegated (NS), and Cloudflare allows only DS beside a delegation's NS "
            f"({_describe(types)}). Options: move the other record sets into the child zone's own DNS, "
            "or remove the delegation and publish them here"
        ), None
    if "DS" in types and "NS" not in types and not at_apex:
        return (
            f"a DS record belongs at a delegation, but {name.to_text()} has no NS record set "
            f"({_describe(types)}). Options: add the delegation's NS record set, or drop the DS"
        ), frozenset({"DS"})
    return "", None


def _publishable_alone(group: list[Outcome]) -> bool:
    """Whether no rule of :func:`refusal` can refuse the records at one name (nearly every name
    of a zone), so they skip its wording: each rule needs a CNAME beside another type or another
    CNAME, a DS, or an NS beside another type."""
    types = {r.type for o in group for r in o.records}
    if types == {"CNAME"}:
        # A CNAME alone at its name (an alias that became one, with its AAAA half merged).
        return len({r.content for o in group for r in o.records}) <= 1
    return types.isdisjoint(("CNAME", "DS")) and (len(types) <= 1 or "NS" not in types)


def apply(outcomes: list[Outcome], apex: dns.name.Name) -> list[Outcome]:
    """``outcomes`` with every translated record set at a conflicting name turned into a
    refusal (records removed), in the same order."""
    # Grouped by names.key: cheaper to hash than dns.name.Name, and equal for equal names.
    by_name: dict[Key, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.status == "translated":
            by_name[o.record_set.name_key].append(o)
    # Told by key: comparing dns.name.Name objects goes label by label in Python.
    apex_key = key(apex)
    reasons = {
        k: reason
        for k, group in by_name.items()
        if not _publishable_alone(group)
        for reason in (refusal(group[0].record_set.name, k == apex_key, group),)
        if reason[0]
    }
    if not reasons:
        return outcomes

    def refused(o: Outcome) -> bool:
        reason, scope = reasons.get(o.record_set.name_key, ("", None))
        return bool(reason) and (scope is None or any(r.type in scope for r in o.records))

    return [
        Outcome(o.record_set, "refused", reasons[o.record_set.name_key][0])
        if o.status == "translated" and refused(o)
        else o
        for o in outcomes
    ]


def _spf_records(o: Outcome) -> list[bytes]:
    """The SPF records (RFC 7208 section 4.5: a TXT string that begins with the version section
    ``v=spf1``, ended by a space or the end; case-insensitive as all its ABNF) among the values
    of ``o``'s record set, each joined from its character strings."""
    found = []
    for rd in o.record_set.rdatas:
        text = b"".join(rdata_fields.strings(rd))
        if text[:6].lower() == b"v=spf1" and text[6:7] in (b"", b" "):
            found.append(text)
    return found


def spf_refusals(outcomes: list[Outcome]) -> list[Outcome]:
    """``outcomes`` with each SPF-type record set refused whose values, published as TXT
    (Cloudflare has no SPF type), would leave more than one SPF record at its name: with the TXT
    record set's own SPF record, or several of its own. Receivers read SPF from TXT only (RFC 7208
    section 3.1, the SPF type is not used), so today the TXT's value is in force; two SPF records
    at one name are a ``permerror`` for every receiver (RFC 7208 section 4.5). An SPF record set
    whose values the TXT record set already holds is skipped before this (nothing new is
    published). Pure; returns ``outcomes`` itself when the zone has no SPF-type record set."""
    spf_type = [o for o in outcomes if o.status == "translated" and o.record_set.rtype == "SPF" and o.records]
    if not spf_type:
        return outcomes
    txt_at = {o.record_set.name_key: o for o in outcomes if o.status == "translated" and o.record_set.rtype == "TXT"}
    reasons: dict[int, str] = {}
    for o in spf_type:
        txt = txt_at.get(o.record_set.name_key)
        theirs = _spf_records(txt) if txt is not None else []
        published = list(dict.fromkeys(theirs + _spf_records(o)))
        if len(published) < 2:
            continue
        shown = ", ".join('"' + v.decode("utf-8", "replace") + '"' for v in published)
        beside = f" beside the TXT record set {txt.record_set.label}" if txt is not None and theirs else ""
        reasons[id(o)] = (
            f"published as TXT (Cloudflare has no SPF type){beside}, {o.record_set.name.to_text()} would "
            f"have {len(published)} SPF records: {shown}; more than one SPF record at a name is a permerror "
            "for every receiver (RFC 7208 section 4.5), while today receivers read only the TXT one (RFC 7208 "
            "section 3.1). Options: delete the SPF record set in Route53 (receivers do not read it) and "
            "snapshot again, or give both record sets the one SPF value meant"
        )
    if not reasons:
        return outcomes
    return [Outcome(o.record_set, "refused", reasons[id(o)]) if id(o) in reasons else o for o in outcomes]


def spf_already_twice(outcomes: Iterable[Outcome]) -> list[Finding]:
    """A warning for each TXT record set copied with more than one SPF record among its values:
    a ``permerror`` for every receiver (RFC 7208 section 4.5) at Route53 already, copied as it
    is (the plan does not choose between them), named so a reviewer can mend it."""
    out = []
    for o in outcomes:
        if o.status != "translated" or o.record_set.rtype != "TXT":
            continue
        spf = _spf_records(o)
        if len(spf) > 1:
            shown = ", ".join('"' + v.decode("utf-8", "replace") + '"' for v in spf)
            out.append(
                Finding(
                    "warning",
                    "spf-records-twice",
                    o.record_set.label,
                    f"the record set holds {len(spf)} SPF records: {shown}; more than one SPF record at a "
                    "name is a permerror for every receiver (RFC 7208 section 4.5), at Route53 today and on "
                    "Cloudflare after the copy: keep the one SPF value meant (in Route53, then snapshot again)",
                )
            )
    return out
