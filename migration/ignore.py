"""Records owned by others (``migration:ignore``): owner-name and type patterns the stack never
adopts, creates or deletes.

Other tools write records into the same Cloudflare zone: external-dns, cert-manager's
``_acme-challenge`` TXT records, Cloudflare's own products. Like DNSControl's ``IGNORE`` and
octoDNS's name and type filters, a pattern keeps them out of the stack: a record set of the
snapshot that matches is not copied (its outcome is ``skipped``, "left alone (ignored by
setting)"), a record the Cloudflare zone already holds that matches is neither adopted nor
deleted, and ``verify`` lists the matching record sets as not compared.

Setting shape (stack file)::

    migration:ignore:
      - name: "_acme-challenge.*"      # owner-name glob: * any characters (dots too), ? one, [..]
        types: [TXT]                   # optional: one type or a list; every type when left out
      - "*.k8s.example.com"            # a plain string: the owner-name glob, every type

Names are matched as Cloudflare spells them (RFC 1035 presentation form, lower case, no final
dot) with :func:`fnmatch.fnmatchcase`. Pure: no I/O.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Iterable

import dns.rdatatype

from .model import Finding, Outcome, RecordSet, Translation

SETTING = "migration:ignore"
_LEFT_ALONE = "left alone (ignored by setting "
REASON = _LEFT_ALONE + SETTING + ": {pattern})"


@dataclass(frozen=True)
class IgnorePattern:
    """One pattern: ``name`` an owner-name glob (lower case, no final dot), ``types`` the record
    types it covers (upper case; empty: every type)."""

    name: str
    types: tuple[str, ...] = ()

    def matches(self, name: str, rtype: str) -> bool:
        """Whether the owner ``name`` (any case, final dot optional) of type ``rtype`` matches."""
        if self.types and rtype.upper() not in self.types:
            return False
        return fnmatch.fnmatchcase(name.lower().rstrip("."), self.name)

    def __str__(self) -> str:
        return self.name + (f" {','.join(self.types)}" if self.types else "")


def parse(raw: Any, problems: list[str]) -> tuple[IgnorePattern, ...]:
    """The patterns of the setting's value (a list of strings or ``{name, types}`` mappings, see
    the module docstring); each unusable item adds a problem naming it to ``problems``."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f"{SETTING} must be a list of owner-name patterns or {{name: <pattern>, types: [<TYPE>, ...]}}")
        return ()
    found = []
    for item in raw:
        name, types = (
            (item, None)
            if isinstance(item, str)
            else (item.get("name"), item.get("types", item.get("type")))
            if isinstance(item, dict)
            else (None, None)
        )
        if isinstance(item, dict) and set(item) - {"name", "types", "type"}:
            problems.append(
                f"{SETTING}: {item!r}: unknown keys {sorted(set(item) - {'name', 'types', 'type'})}; "
                "expected name and types"
            )
            continue
        if not isinstance(name, str) or not name.strip(".").strip():
            problems.append(f"{SETTING}: {item!r} needs an owner-name pattern (name: ...)")
            continue
        types = [types] if isinstance(types, str) else (types or [])
        if not isinstance(types, list) or not all(isinstance(t, str) and t.isalnum() for t in types):
            problems.append(f"{SETTING}: {name}: types must be a record type or a list of them, not {types!r}")
            continue
        unknown = [t for t in types if not _known_type(t)]
        if unknown:
            # A misspelt type would match nothing, and the record sets meant stay in the plan unnoticed.
            problems.append(f"{SETTING}: {name}: unknown record type(s) {', '.join(map(repr, unknown))}")
            continue
        found.append(IgnorePattern(name.strip().lower().rstrip("."), tuple(t.upper() for t in types)))
    return tuple(found)


def matching(patterns: Iterable[IgnorePattern], name: str, rtype: str) -> IgnorePattern | None:
    """The first pattern that matches owner ``name`` and type ``rtype``, else ``None``."""
    return next((p for p in patterns if p.matches(name, rtype)), None)


def _owner(rs: RecordSet) -> str:
    try:
        return rs.cloudflare_name
    except ValueError:  # a name Cloudflare cannot hold: its presentation text still matches
        return rs.owner_text


def record_set_match(patterns: tuple[IgnorePattern, ...], rs: RecordSet) -> IgnorePattern | None:
    """The pattern that leaves record set ``rs`` alone, matched on its own type, else ``None``."""
    return matching(patterns, _owner(rs), rs.rtype) if patterns else None


def is_ignored(outcome: Outcome) -> bool:
    """Whether :func:`apply` left this record set alone."""
    return outcome.status == "skipped" and outcome.reason.startswith(_LEFT_ALONE)


def apply(translation: Translation, patterns: tuple[IgnorePattern, ...]) -> Translation:
    """``translation`` without what ``patterns`` leave alone: a record set that matches (on its
    Route53 type, or on the type of a record it became, e.g. SPF published as TXT) becomes
    ``skipped`` with the reason :data:`REASON`, and no record that matches is declared; the
    warnings and notes about such a record set (subject its label, or ``owner TYPE`` for a routing
    group) are dropped. Patterns that leave none of the records are an error finding
    ``ignore-everything``."""
    if not patterns:
        return translation
    outcomes = []
    left_alone: set[tuple[str, str, str]] = set()
    quiet: set[str] = set()
    for o in translation.outcomes:
        found = record_set_match(patterns, o.record_set) or next(
            (p for r in o.records if (p := matching(patterns, r.name, r.type))), None
        )
        if found:
            left_alone.update(r.identity for r in o.records)
            # Its label, and "owner TYPE" (how routing names a group of record sets).
            quiet.update((o.record_set.label, f"{o.record_set.owner_text} {o.record_set.rtype}"))
        outcomes.append(Outcome(o.record_set, "skipped", REASON.format(pattern=found)) if found else o)
    # A record an ignored record set made (an alias's CNAME) goes too, unless a kept one made it as well.
    left_alone -= {r.identity for o in outcomes for r in o.records}
    records = tuple(
        r for r in translation.records if r.identity not in left_alone and not matching(patterns, r.name, r.type)
    )
    # What translation or the reader said of a record set left alone (a TTL raised, a proxy
    # note, SPF twice...) is about records the plan no longer makes: its outcome says it all.
    # Errors stay: they block the plan, and the setting alone must not lift them.
    findings = tuple(f for f in translation.findings if f.severity == "error" or f.subject not in quiet)
    if translation.records and not records:
        # Ignoring is for records others put in Cloudflare; left with nothing, the decommission
        # would delete every record set of the Route53 zone with nothing in its place.
        findings += (
            Finding(
                "error",
                "ignore-everything",
                SETTING,
                f"the patterns ({', '.join(str(p) for p in patterns)}) leave alone every one of the "
                f"{sum(1 for o in translation.outcomes if o.status == 'translated')} record sets the plan "
                "would copy: nothing is copied to Cloudflare, and the decommission deletes the Route53 zone "
                "with all its record sets; narrow the patterns to the records others manage",
            ),
        )
    return Translation(tuple(outcomes), records, findings)


def _known_type(name: str) -> bool:
    """Whether ``name`` is a record type's mnemonic (IANA "Resource Record (RR) TYPEs" registry,
    as dnspython knows it) or a ``TYPEnnn`` number (RFC 3597 section 5)."""
    try:
        dns.rdatatype.from_text(name)
    except dns.rdatatype.UnknownRdatatype:
        return False
    return True
