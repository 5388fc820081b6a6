"""Typed access to the fields of a value whose class its record type fixes.

A record set's values are typed as dnspython's base class :class:`dns.rdata.Rdata`; the fields
live on its subclasses (dnspython ``dns/rdtypes/nsbase.py``, ``mxbase.py``, ``txtbase.py``): the
host name of a CNAME, NS, PTR or DNAME (``target``), the exchange and preference of an MX, the
character strings of a TXT or SPF. Each function narrows to that subclass and raises
:class:`TypeError` naming the record type when given another, rather than an ``AttributeError``
far from the mistake.
"""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdatatype
from dns.rdtypes.mxbase import MXBase
from dns.rdtypes.nsbase import NSBase
from dns.rdtypes.txtbase import TXTBase


def _wrong(rd: dns.rdata.Rdata, field: str) -> TypeError:
    return TypeError(f"a {dns.rdatatype.to_text(rd.rdtype)} value has no {field}")


def target(rd: dns.rdata.Rdata) -> dns.name.Name:
    """The host name a CNAME, NS, PTR or DNAME value points at (relative or absolute as read)."""
    if not isinstance(rd, NSBase):
        raise _wrong(rd, "target")
    return rd.target


def exchange(rd: dns.rdata.Rdata) -> dns.name.Name:
    """The mail exchange host of an MX value (RFC 1035 section 3.3.9)."""
    if not isinstance(rd, MXBase):
        raise _wrong(rd, "exchange")
    return rd.exchange


def preference(rd: dns.rdata.Rdata) -> int:
    """The preference of an MX value, 0-65535, lower preferred (RFC 1035 section 3.3.9)."""
    if not isinstance(rd, MXBase):
        raise _wrong(rd, "preference")
    return rd.preference


def strings(rd: dns.rdata.Rdata) -> tuple[bytes, ...]:
    """The character strings of a TXT or SPF value, each at most 255 bytes (RFC 1035 section 3.3.14)."""
    if not isinstance(rd, TXTBase):
        raise _wrong(rd, "strings")
    return rd.strings
