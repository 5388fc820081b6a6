"""One Route53 value (dnspython rdata) -> the value fields of one Cloudflare record.

Each function returns ``(content, data, priority)`` in the shape the Cloudflare API returns
(API reference "DNS Records for a Zone"): names without the final dot; TXT as quoted character
strings of at most 255 bytes each; CAA and SRV as structured ``data``; MX preference as
``priority``. Types with no function here are refused by the caller.
"""

from __future__ import annotations

from typing import Any, Callable

import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT

Value = tuple["str | None", "tuple[tuple[str, Any], ...] | None", "int | None"]


def host(name: dns.name.Name) -> str:
    """A target host name as Cloudflare stores it: absolute, no final dot; the root is ``.``."""
    return "." if name == dns.name.root else name.to_text(omit_final_dot=True)


def _address(rd: Any) -> Value:
    return rd.address, None, None


def _cname(rd: Any) -> Value:
    return host(rd.target), None, None


def _mx(rd: Any) -> Value:
    return host(rd.exchange), None, rd.preference


def txt_content(strings: tuple[bytes, ...]) -> str:
    """TXT content as the Cloudflare API returns it: each character string (at most 255 bytes)
    quoted, separated by one space, ``"`` and ``\\`` escaped, other bytes outside printable ASCII
    as ``\\DDD`` (RFC 1035 section 5.1) - dnspython's presentation form."""
    return dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings).to_text()


def _txt(rd: Any) -> Value:
    return txt_content(rd.strings), None, None


def _srv(rd: Any) -> Value:
    data = (("port", rd.port), ("priority", rd.priority), ("target", host(rd.target)), ("weight", rd.weight))
    return None, data, None


def _caa(rd: Any) -> Value:
    data = (("flags", rd.flags), ("tag", rd.tag.decode("ascii")), ("value", rd.value.decode("utf-8", "backslashreplace")))
    return None, data, None


def _ns(rd: Any) -> Value:
    return host(rd.target), None, None


CONVERTERS: dict[str, Callable[[Any], Value]] = {
    "A": _address,
    "AAAA": _address,
    "CNAME": _cname,
    "MX": _mx,
    "TXT": _txt,
    "SRV": _srv,
    "CAA": _caa,
    "NS": _ns,
}
