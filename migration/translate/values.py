"""One Route53 value (dnspython rdata) -> the value fields of one Cloudflare record.

Each function returns ``(content, data, priority)`` in the shape the Cloudflare API returns
(API reference "DNS Records for a Zone"): names without the final dot; TXT as quoted character
strings of at most 255 bytes each; CAA, SRV, NAPTR, HTTPS, SVCB, TLSA, SSHFP and DS as structured
``data`` (field names of the v6 provider's ``DnsRecordDataArgs``, which mirror the API's); MX
preference as ``priority``. SPF (type 99, obsolete since RFC 7208 section 3.1) is published as TXT.
Types with no function here are refused by the caller.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.rdtypes.svcbbase

from .. import names

Value = tuple["str | None", "tuple[tuple[str, Any], ...] | None", "int | None"]


def host(name: dns.name.Name) -> str:
    """A target host name as Cloudflare stores it: absolute, no final dot; the root is ``.``."""
    return names.text(name, omit_final_dot=True)


def _host(name: dns.name.Name) -> str:
    """:func:`host` for a value Cloudflare will store: :func:`migration.names.to_cloudflare`, which
    raises ``ValueError`` for a name only an escape can spell (a byte outside printable ASCII, a dot
    inside a label), as owner names are refused."""
    try:
        return names.to_cloudflare(name)
    except ValueError as exc:
        raise ValueError(f"the target {exc}") from None


def _address(rd: Any) -> Value:
    return rd.address, None, None


def _mx(rd: Any) -> Value:
    return _host(rd.exchange), None, rd.preference


# Bytes dnspython prints as they are inside a quoted character string: printable ASCII but ``"``
# and ``\\``.
_PLAIN_STRINGS = re.compile(rb"[ !#-\[\]-~]*")


def txt_content(strings: tuple[bytes, ...]) -> str:
    """TXT content as the Cloudflare API returns it: each character string (at most 255 bytes)
    quoted, separated by one space, ``"`` and ``\\`` escaped, other bytes outside printable ASCII
    as ``\\DDD`` (RFC 1035 section 5.1) - dnspython's presentation form. Raises ``ValueError``
    for no strings, as dnspython does."""
    if strings and _PLAIN_STRINGS.fullmatch(b"".join(strings)):
        # Nearly every SPF, DKIM, DMARC and verification value has nothing to escape: quoted as it
        # is, rather than by dnspython's byte-by-byte escaping (equal to it: a property test checks).
        return " ".join(f'"{s.decode("ascii")}"' for s in strings)
    return dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings).to_text()


def _txt(rd: Any) -> Value:
    return txt_content(rd.strings), None, None


def _srv(rd: Any) -> Value:
    data = (("port", rd.port), ("priority", rd.priority), ("target", _host(rd.target)), ("weight", rd.weight))
    return None, data, None


def _caa(rd: Any) -> Value:
    data = (
        ("flags", rd.flags),
        ("tag", rd.tag.decode("ascii")),
        ("value", rd.value.decode("utf-8", "backslashreplace")),
    )
    return None, data, None


def _target(rd: Any) -> Value:
    return _host(rd.target), None, None


def _text(raw: bytes) -> str:
    # Character strings inside structured data are sent raw (no zone-file quoting); bytes that
    # are not UTF-8 keep a visible escape rather than being lost.
    return raw.decode("utf-8", "backslashreplace")


def _naptr(rd: Any) -> Value:
    data = (
        ("flags", _text(rd.flags)),
        ("order", rd.order),
        ("preference", rd.preference),
        ("regex", _text(rd.regexp)),
        ("replacement", _host(rd.replacement)),
        ("service", _text(rd.service)),
    )
    return None, data, None


def svc_params_text(rd: Any) -> str:
    """The SvcParams of an HTTPS/SVCB rdata in presentation form (RFC 9460 section 2.1), keys in
    ascending order as dnspython prints them; ``""`` for AliasMode or no parameters."""
    parts = []
    for key in sorted(rd.params):
        value = rd.params[key]
        name = dns.rdtypes.svcbbase.key_to_text(key)
        parts.append(name if value is None else f"{name}={value.to_text()}")
    return " ".join(parts)


def _svcb(rd: Any) -> Value:
    return None, (("priority", rd.priority), ("target", _host(rd.target)), ("value", svc_params_text(rd))), None


def _tlsa(rd: Any) -> Value:
    data = (("certificate", rd.cert.hex()), ("matching_type", rd.mtype), ("selector", rd.selector), ("usage", rd.usage))
    return None, data, None


def _sshfp(rd: Any) -> Value:
    return None, (("algorithm", rd.algorithm), ("fingerprint", rd.fingerprint.hex()), ("type", rd.fp_type)), None


def _ds(rd: Any) -> Value:
    data = (
        ("algorithm", rd.algorithm),
        ("digest", rd.digest.hex()),
        ("digest_type", rd.digest_type),
        ("key_tag", rd.key_tag),
    )
    return None, data, None


CONVERTERS: dict[str, Callable[[Any], Value]] = {
    "A": _address,
    "AAAA": _address,
    "CNAME": _target,
    "MX": _mx,
    "TXT": _txt,
    "SRV": _srv,
    "CAA": _caa,
    "NS": _target,
    "PTR": _target,
    "NAPTR": _naptr,
    "HTTPS": _svcb,
    "SVCB": _svcb,
    "TLSA": _tlsa,
    "SSHFP": _sshfp,
    "DS": _ds,
    "SPF": _txt,
}

# The Cloudflare type a Route53 type is published as, where they differ.
PUBLISHED_TYPE = {"SPF": "TXT"}
