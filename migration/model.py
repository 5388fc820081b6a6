"""Immutable data the planner passes between its stages.

Nothing here does I/O. Shapes:

* :class:`RecordSet` - one Route53 record set: owner name (``dns.name.Name``, absolute), type,
  TTL in seconds (``None`` for aliases), rdata values (``dns.rdata.Rdata``) or an
  :class:`AliasTarget`, and optional :class:`Routing`.
* :class:`Snapshot` - a hosted zone as read: zone name, hosted-zone id, name servers, comment and
  its record sets, in the order read.
* :class:`CloudflareRecord` - one record as the Cloudflare API stores it (one per value).
* :class:`Finding` - something a reviewer must see (severity, record set, reason).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

import dns.name
import dns.rdata

from . import names


class _cached:
    """A method computed once per instance, then read as a plain attribute (``rs.label``).

    Why not ``functools.cached_property``: on Python 3.11 it takes a lock on every first read (the
    lock went in 3.12), which cost a tenth of a plan of 10,000 record sets; labels, owner texts
    and record identities are first read tens of thousands of times. Being a non-data descriptor,
    it is consulted only until the value sits in the instance's ``__dict__`` (which a frozen
    dataclass allows; equality ignores it, as it is not a field).
    """

    def __init__(self, method: Callable[[Any], Any]):
        self.method = method
        self.name = method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.method(instance)
        # Not instance.__dict__[name] = value: reading __dict__ gives the object a dictionary of
        # its own (see __set_name__).
        object.__setattr__(instance, self.name, value)
        return value

    def __set_name__(self, owner: type, name: str) -> None:
        # CPython keeps an object's attributes in an array sized, when the object is made, by the
        # attribute names its class has seen (key-sharing dictionaries, PEP 412); a name first set
        # later moves the object's attributes into a dictionary of its own, 800 bytes more (15 MiB
        # of a plan of 10,000 record sets: docs/performance.md). Setting the fields and this name
        # on a throwaway object now makes room for it in every object of the class.
        primer: Any = object.__new__(owner)
        for attribute in (*owner.__dict__.get("__annotations__", {}), name):
            object.__setattr__(primer, attribute, None)


@dataclass(frozen=True)
class AliasTarget:
    """A Route53 alias target (``AliasTarget`` in the API).

    ``dns_name`` is absolute, lower case, stripped of the stray spaces AWS examples carry.
    """

    hosted_zone_id: str
    dns_name: dns.name.Name
    evaluate_target_health: bool = False


@dataclass(frozen=True)
class Routing:
    """Routing-policy fields of a record set that shares name and type with others.

    ``policy`` is one of ``weighted``, ``latency``, ``failover``, ``geolocation``,
    ``geoproximity``, ``cidr``, ``multivalue``, ``traffic-policy``; ``detail`` holds the
    policy's own fields as ``(key, value)`` pairs, as Route53 spelled them.
    """

    set_identifier: str | None
    policy: str
    detail: tuple[tuple[str, Any], ...] = ()
    health_check_id: str | None = None


@dataclass(frozen=True)
class RecordSet:
    """One Route53 record set (RRset): ``(name, type[, set identifier])``."""

    name: dns.name.Name
    rtype: str
    ttl: int | None = None
    rdatas: tuple[dns.rdata.Rdata, ...] = ()
    alias: AliasTarget | None = None
    routing: Routing | None = None

    @property
    def key(self) -> tuple[dns.name.Name, str, str | None]:
        """Identity of the record set in its zone: owner, type, set identifier."""
        return (self.name, self.rtype, self.routing.set_identifier if self.routing else None)

    @_cached
    def name_key(self) -> names.Key:
        """The owner as a cheap dictionary key (:func:`migration.names.key`)."""
        return names.key(self.name)

    @_cached
    def index_key(self) -> tuple[names.Key, str, str | None]:
        """:attr:`key` with the owner as :meth:`name_key`: the same identity, cheap to hash."""
        return (self.name_key, self.rtype, self.routing.set_identifier if self.routing else None)

    @_cached
    def owner_text(self) -> str:
        """The owner in presentation format (RFC 1035 section 5.1), final dot included."""
        return names.text(self.name)

    @_cached
    def cloudflare_name(self) -> str:
        """The owner as Cloudflare's API spells it (:func:`migration.names.to_cloudflare`);
        raises ``ValueError`` as it does."""
        return names.cloudflare_text(self.owner_text)

    @_cached
    def label(self) -> str:
        """How messages name this record set: ``owner TYPE [set-id]``, owner as presentation text."""
        text = f"{self.owner_text} {self.rtype}"
        if self.routing and self.routing.set_identifier is not None:
            text += f" [{self.routing.set_identifier}]"
        return text

    def values_text(self) -> list[str]:
        """The values in zone-file presentation format (RFC 1035 section 5.1)."""
        return [r.to_text() for r in self.rdatas]


@dataclass(frozen=True)
class Snapshot:
    """A public Route53 hosted zone as read at one moment.

    ``zone`` is absolute; ``hosted_zone_id`` is the bare id (``Z...``, no ``/hostedzone/``);
    ``name_servers`` are the delegation set's host names, absolute text.
    """

    zone: dns.name.Name
    record_sets: tuple[RecordSet, ...]
    hosted_zone_id: str | None = None
    name_servers: tuple[str, ...] = ()
    comment: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    source: str = ""


@dataclass(frozen=True)
class CloudflareRecord:
    """One Cloudflare DNS record, in the shape the API returns it (``/zones/{id}/dns_records``).

    ``name`` is the FQDN without the final dot (Cloudflare's convention); ``ttl`` is seconds, or
    1 for automatic; ``content`` holds the value for simple types, ``data`` the structured value
    (CAA, SRV, ...) as sorted ``(field, value)`` pairs; ``priority`` is set for MX (and URI).
    ``source`` is the label of the record set it came from. ``former_names`` are logical names
    earlier versions gave this same record (its value as Route53 spelled it, before
    :func:`migration.translate.values.stored_form` lowered its host name): declared as Pulumi
    aliases, so a stack that holds the record under such a name sees a rename, not a replacement.
    """

    name: str
    type: str
    ttl: int
    proxied: bool = False
    content: str | None = None
    data: tuple[tuple[str, Any], ...] | None = None
    priority: int | None = None
    comment: str | None = None
    source: str = ""
    former_names: tuple[str, ...] = ()

    @_cached
    def value_key(self) -> str:
        """A canonical text of the value alone (content, data, priority), stable across runs: the
        JSON of ``{"content", "data", "priority"}``, keys sorted, no spaces. Logical names derive
        from it, so it must never change."""
        if self.data is None and (self.priority is None or type(self.priority) is int):
            # Most records: the same text, without json.dumps walking a dict (a string alone takes
            # its C fast path; None is null, an integer its digits). A priority of another type
            # (a pre-existing record listed with "1" or 1.0) keeps json's spelling of it.
            content = "null" if self.content is None else json.dumps(self.content)
            priority = "null" if self.priority is None else str(self.priority)
            return f'{{"content":{content},"data":null,"priority":{priority}}}'
        return json.dumps(
            {"content": self.content, "data": dict(self.data) if self.data else None, "priority": self.priority},
            sort_keys=True,
            separators=(",", ":"),
        )

    @_cached
    def identity(self) -> tuple[str, str, str]:
        """What makes this record unique in a Cloudflare zone: name, type, value."""
        return (self.name.lower(), self.type, self.value_key)

    @_cached
    def value_name(self) -> str:
        """``<type>-<name>-<digest>``: the name derived from the identity (sha256 of name, type and
        :attr:`value_key`), never from a list position, so inserting a record does not rename (and
        so replace) the others. Pinned by a test: it must never change."""
        identity = self.identity
        digest = hashlib.sha256("\0".join(identity).encode()).hexdigest()[:10]
        return f"{self.type.lower()}-{identity[0]}-{digest}"

    @_cached
    def logical_name(self) -> str:
        """The Pulumi logical name: :attr:`value_name`, except for a CNAME, which is alone at its
        name (RFC 1034 section 3.6.2), so ``cname-<name>``: a new target is then an update of the
        same resource, never a second CNAME created beside the old one (Cloudflare error 81053;
        docs/route53-features.md, "What happens when the zone changes again")."""
        if self.type == "CNAME":
            return cname_slot(self.name)
        return self.value_name

    @property
    def aliases(self) -> tuple[str, ...]:
        """Former logical names of this record (Pulumi aliases): :attr:`former_names`, and for a
        CNAME the :attr:`value_name` earlier versions gave it."""
        if self.type == "CNAME":
            return (self.value_name, *self.former_names)
        return self.former_names

    def to_inputs(self) -> dict[str, Any]:
        """The ``cloudflare.DnsRecord`` inputs (snake case) except ``zone_id``."""
        inputs: dict[str, Any] = {"name": self.name, "type": self.type, "ttl": self.ttl, "proxied": self.proxied}
        if self.content is not None:
            inputs["content"] = self.content
        if self.data is not None:
            inputs["data"] = dict(self.data)
        if self.priority is not None:
            inputs["priority"] = self.priority
        if self.comment is not None:
            inputs["comment"] = self.comment
        return inputs


def cname_slot(name: str) -> str:
    """The logical name of the CNAME at Cloudflare name ``name`` (FQDN, no final dot): one per
    name, whatever its target."""
    return f"cname-{name.lower()}"


SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """Something the plan tells a reviewer. ``severity`` is one of :data:`SEVERITIES`;
    ``subject`` names the record set or resource; ``code`` is a stable machine-readable tag."""

    severity: str
    code: str
    subject: str
    message: str


@dataclass(frozen=True)
class Outcome:
    """What became of one record set: ``status`` is ``translated``, ``skipped`` or ``refused``.

    ``records`` are the Cloudflare records it produced (empty unless translated; a record set
    merged into another, like the AAAA half of an alias pair, is ``translated`` with
    ``merged_into`` naming the other)."""

    record_set: RecordSet
    status: str
    reason: str = ""
    records: tuple[CloudflareRecord, ...] = ()
    merged_into: str | None = None


@dataclass(frozen=True)
class Translation:
    """The result of translating a whole snapshot: one outcome per record set, the records
    to declare (deduplicated, in a stable order), and the findings."""

    outcomes: tuple[Outcome, ...]
    records: tuple[CloudflareRecord, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Rewrite:
    """A policy's decision about one record set, made before translation (like an octoDNS
    processor on the desired zone) and applied once, by :func:`migration.translate.translate`,
    where it makes that record set's outcome.

    ``replacement`` is the record set translated in the original's place (same owner; its type,
    TTL and values may differ), or ``None`` when nothing is published (the outcome is
    ``skipped``). ``reason`` is the outcome's reason. Every rule of translation (proxy, TTL,
    conflicts, limits) still applies to the replacement, so a rewrite can be refused like any
    record set.
    """

    reason: str
    replacement: RecordSet | None = None
