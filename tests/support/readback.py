"""Read a Cloudflare record (API shape) back as dnspython rdata, to compare with the Route53 value.

Built from the structured fields with dnspython's rdata classes (never by re-parsing our own
output through the same code path), so a wrong field shows as a different rdata.
"""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from migration.model import CloudflareRecord

IN = dns.rdataclass.IN


def _name(text: str) -> dns.name.Name:
    return dns.name.root if text == "." else dns.name.from_text(text)


def to_rdata(record: CloudflareRecord, rtype: str) -> dns.rdata.Rdata:
    """The rdata of ``rtype`` (the Route53 type) that ``record`` answers."""
    d = dict(record.data or ())
    t = dns.rdatatype.from_text(rtype)
    cls = dns.rdata.get_rdata_class(IN, t)
    if rtype in ("A", "AAAA"):
        return cls(IN, t, record.content)
    if rtype in ("CNAME", "NS", "PTR"):
        return cls(IN, t, _name(record.content))
    if rtype == "MX":
        return cls(IN, t, record.priority, _name(record.content))
    if rtype in ("TXT", "SPF"):
        # The API's TXT content is zone-file text: dnspython reads it.
        return dns.rdata.from_text(IN, rtype, record.content)
    if rtype == "SRV":
        return cls(IN, t, d["priority"], d["weight"], d["port"], _name(d["target"]))
    if rtype == "CAA":
        return cls(IN, t, d["flags"], d["tag"].encode(), d["value"].encode())
    if rtype == "NAPTR":
        return cls(IN, t, d["order"], d["preference"], d["flags"].encode(), d["service"].encode(),
                   d["regex"].encode(), _name(d["replacement"]))
    if rtype in ("HTTPS", "SVCB"):
        target = "." if d["target"] == "." else d["target"] + "."
        return dns.rdata.from_text(IN, rtype, f"{d['priority']} {target} {d['value']}")
    if rtype == "TLSA":
        return cls(IN, t, d["usage"], d["selector"], d["matching_type"], bytes.fromhex(d["certificate"]))
    if rtype == "SSHFP":
        return cls(IN, t, d["algorithm"], d["type"], bytes.fromhex(d["fingerprint"]))
    if rtype == "DS":
        return cls(IN, t, d["key_tag"], d["algorithm"], d["digest_type"], bytes.fromhex(d["digest"]))
    raise AssertionError(f"no read-back for {rtype}")
