"""Values compared by keys: equal keys exactly when dnspython finds the rdata equal. Pure.

To tell whether the plan changes a record set on purpose, verify compares the values the plan
declares (Cloudflare records) with Route53's (dnspython rdata) for every record set. Through
dnspython that meant building rdata from every Cloudflare record (``zonefile.cloudflare_rdata``:
its tokenizer and validators, about 100 µs a TXT value) and rendering both sides to wire again
for every hash and every comparison: about 2 s for a zone of 10,000 record sets, more than
asking the servers (docs/performance.md, "Verify").

A key is ``(class, type, relative, canonical wire)``: what ``dns.rdata.Rdata.__eq__`` compares
(the DNSSEC canonical form, RFC 4034 section 6.2, names lower-cased; rdata holding a relative
name equal only to other such rdata). The common types (A, AAAA, TXT, MX, CNAME, NS, PTR) are
rendered here from their fields or from the record's text; any other type, and any text the
fast path does not recognise, goes through dnspython, so a key never depends on which path made
it (tests/test_verify_value_keys.py checks both against dnspython).
"""

from __future__ import annotations

import re
import socket
import struct
from typing import Any

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from .. import zonefile
from ..model import CloudflareRecord

Key = tuple[int, int, bool, bytes]

_IN = int(dns.rdataclass.IN)
_NUMBER = {text: int(dns.rdatatype.from_text(text)) for text in ("A", "AAAA", "TXT", "MX", "CNAME", "NS", "PTR")}
_HOSTS = frozenset(_NUMBER[t] for t in ("CNAME", "NS", "PTR"))  # a target name and nothing else
_TXT_TYPES = frozenset((_NUMBER["TXT"], int(dns.rdatatype.SPF)))
# TXT content as the planner writes it: quoted character strings of printable ASCII without
# '"' or '\\', at most 255 bytes each, one space apart (migration.translate.values.txt_content).
_PLAIN_TXT = re.compile(r'"[ !#-\[\]-~]{0,255}"(?: "[ !#-\[\]-~]{0,255}")*')
# A host name whose labels need no escape (letters, digits, '-', '_', '*'), with or without the
# final dot; longer names and anything else are read by dnspython.
_PLAIN_HOST = re.compile(r"[A-Za-z0-9_*-]{1,63}(?:\.[A-Za-z0-9_*-]{1,63})*\.?")


def _name_wire(name: dns.name.Name) -> tuple[bool, bytes]:
    """``name`` in canonical wire form (RFC 4034 section 6.2), a relative one completed with the
    root as dnspython does for comparison, and whether it was relative."""
    wire = b"".join(bytes((len(label),)) + label.lower() for label in name.labels)
    return (False, wire) if name.is_absolute() else (True, wire + b"\x00")


def _host_wire(text: str) -> bytes | None:
    """A host name as Cloudflare stores it (absolute, final dot optional) in canonical wire form,
    or ``None`` when it is not a plain name (left to dnspython)."""
    if not _PLAIN_HOST.fullmatch(text) or len(text) > 253:
        return None
    labels = text.rstrip(".").lower().split(".")
    return b"".join(bytes((len(label),)) + label.encode("ascii") for label in labels) + b"\x00"


def _dnspython_key(rd: dns.rdata.Rdata) -> Key:
    """The key as ``dns.rdata.Rdata.__eq__`` computes what it compares."""
    try:
        return int(rd.rdclass), int(rd.rdtype), False, rd.to_digestable()
    except dns.name.NeedAbsoluteNameOrOrigin:
        return int(rd.rdclass), int(rd.rdtype), True, rd.to_digestable(dns.name.root)


def rdata_key(rd: Any) -> Key:
    """The key of a dnspython rdata: ``rdata_key(a) == rdata_key(b)`` exactly when ``a == b``."""
    rdtype = rd.rdtype
    if rd.rdclass == _IN:
        try:
            if rdtype == 1:
                return _IN, 1, False, socket.inet_pton(socket.AF_INET, rd.address)
            if rdtype == 28:
                return _IN, 28, False, socket.inet_pton(socket.AF_INET6, rd.address)
        except OSError:
            return _dnspython_key(rd)
    if rdtype in _TXT_TYPES:
        return int(rd.rdclass), int(rdtype), False, b"".join(bytes((len(s),)) + s for s in rd.strings)
    if rdtype in _HOSTS:
        relative, wire = _name_wire(rd.target)
        return int(rd.rdclass), int(rdtype), relative, wire
    if rdtype == 15:
        relative, wire = _name_wire(rd.exchange)
        return int(rd.rdclass), 15, relative, struct.pack("!H", rd.preference) + wire
    return _dnspython_key(rd)


def record_key(record: CloudflareRecord) -> Key:
    """The key of the value a DNS-only Cloudflare record answers: equal to
    ``rdata_key(zonefile.cloudflare_rdata(record))``. Raises what ``cloudflare_rdata`` raises
    (``ValueError`` for a type it does not read back or incomplete value fields)."""
    rdtype = _NUMBER.get(record.type)
    content = record.content
    if rdtype is not None and isinstance(content, str):
        if rdtype == 1 or rdtype == 28:
            family = socket.AF_INET if rdtype == 1 else socket.AF_INET6
            try:
                packed = socket.inet_pton(family, content)
            except OSError:
                packed = b""
            # Only the text the address prints as: any other spelling is dnspython's to judge.
            if packed and socket.inet_ntop(family, packed) == content:
                return _IN, rdtype, False, packed
        elif rdtype == 16:
            if _PLAIN_TXT.fullmatch(content):
                return (
                    _IN,
                    16,
                    False,
                    b"".join(bytes((len(s),)) + s.encode("ascii") for s in content[1:-1].split('" "')),
                )
        elif rdtype == 15:
            target = _host_wire(content)
            priority = record.priority
            if target is not None and type(priority) is int and 0 <= priority <= 0xFFFF:
                return _IN, 15, False, struct.pack("!H", priority) + target
        else:
            target = _host_wire(content)
            if target is not None:
                return _IN, rdtype, False, target
    return rdata_key(zonefile.cloudflare_rdata(record))
