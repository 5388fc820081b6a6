"""Zone files (RFC 1035 section 5) from a snapshot and from the plan's Cloudflare records.

Two renderings, both through dnspython's presentation format (never hand-built rdata text):

* :func:`snapshot_to_bind` - the Route53 zone as read: a BIND backup of the old zone, and what
  the "old" test servers serve.
* :func:`cloudflare_to_bind` - the Cloudflare records of the plan as Cloudflare's servers answer
  them (flattened apex CNAME, proxied records answering Cloudflare's addresses): what the "new"
  test servers serve.

A zone file has no alias, no proxy and no routing policy, so those are written as the answers a
resolver gets, taken from an address map (``{target name: ("192.0.2.1", "2001:db8::1", ...)}``),
or, when the map does not know the target, as a comment naming what is missing.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rdtypes.ANY.CAA
import dns.rdtypes.IN.SRV

from . import rdata_fields
from .model import CloudflareRecord, RecordSet, Snapshot
from .translate.policy import TTL_AUTOMATIC_SECONDS, served_ttl

AddressMap = Mapping[dns.name.Name, Sequence[str]]

# The SOA Cloudflare serves for a zone: primary = first assigned name server,
# RNAME dns.cloudflare.com., refresh 10000, retry 2400, expire 604800, minimum 1800
# (as seen in Cloudflare's answers; the serial changes with every edit).
CLOUDFLARE_SOA = "{ns} dns.cloudflare.com. {serial} 10000 2400 604800 1800"


def _rrset_text(name: dns.name.Name, ttl: int, rdatas: Iterable[dns.rdata.Rdata]) -> str:
    rdataset = dns.rdataset.from_rdata_list(ttl, list(rdatas))
    # Sources parse values relative to the root; printed relative, they would be read as
    # relative to $ORIGIN. Derelativize so every name in the file is absolute.
    return rdataset.to_text(name, origin=dns.name.root, relativize=False)


def _addresses(addresses: AddressMap, target: dns.name.Name, rtype: str) -> list[dns.rdata.Rdata]:
    want_v6 = rtype == "AAAA"
    return [
        dns.rdata.from_text(dns.rdataclass.IN, rtype, a) for a in addresses.get(target, ()) if (":" in a) == want_v6
    ]


def _comment(text: str) -> str:
    return "; " + text.replace("\n", " ")


def _record_set_lines(rs: RecordSet, addresses: AddressMap, alias_ttl: int) -> list[str]:
    if rs.routing is not None:
        values = " | ".join(rs.values_text()) or (rs.alias.dns_name.to_text() if rs.alias else "")
        return [_comment(f"{rs.label}: {rs.routing.policy} routing policy, not expressible in a zone file: {values}")]
    if rs.alias is not None:
        found = _addresses(addresses, rs.alias.dns_name, rs.rtype) if rs.rtype in ("A", "AAAA") else []
        if not found:
            return [
                _comment(
                    f"{rs.label}: Route53 alias to {rs.alias.dns_name.to_text()} "
                    f"(hosted zone {rs.alias.hosted_zone_id}); its addresses are not known here"
                )
            ]
        return [
            _comment(f"{rs.label}: Route53 alias to {rs.alias.dns_name.to_text()}"),
            _rrset_text(rs.name, alias_ttl, found),
        ]
    if not rs.rdatas:
        return [_comment(f"{rs.label}: no values")]
    return [_rrset_text(rs.name, rs.ttl if rs.ttl is not None else 0, rs.rdatas)]


def snapshot_to_bind(snapshot: Snapshot, addresses: AddressMap | None = None, alias_ttl: int = 60) -> str:
    """The snapshot as zone-file text with ``$ORIGIN`` the apex and absolute owner names.

    Alias record sets of type A/AAAA are written as the target's addresses from ``addresses``
    (TTL ``alias_ttl`` seconds: Route53 passes the target's TTL through, 60 s for CloudFront and
    ELB) or, when the map lacks the target, as a comment. Record sets with a routing policy are
    comments (a zone file cannot route). An apex SOA that could not be parsed is replaced by a
    placeholder so the file loads. Never raises for content.
    """
    addresses = addresses or {}
    lines = [
        f"$ORIGIN {snapshot.zone.to_text()}",
        _comment(f"Route53 hosted zone {snapshot.hosted_zone_id or '(id unknown)'} from {snapshot.source}"),
    ]
    has_soa = any(rs.name == snapshot.zone and rs.rtype == "SOA" and rs.rdatas for rs in snapshot.record_sets)
    if not has_soa:
        primary = snapshot.name_servers[0] if snapshot.name_servers else f"ns.{snapshot.zone.to_text()}"
        soa = dns.rdata.from_text(
            "IN", "SOA", f"{primary} hostmaster.{snapshot.zone.to_text()} 1 7200 900 1209600 86400"
        )
        lines.append(_comment("placeholder SOA: the snapshot's own could not be read"))
        lines.append(_rrset_text(snapshot.zone, 900, [soa]))
    for rs in snapshot.record_sets:
        lines.extend(_record_set_lines(rs, addresses, alias_ttl))
    return "\n".join(lines) + "\n"


def _host(text: str | None) -> dns.name.Name:
    if text is None:
        raise TypeError("no content")  # cloudflare_rdata reports it as incomplete value fields
    return dns.name.root if text == "." else dns.name.from_text(text)


def cloudflare_rdata(record: CloudflareRecord) -> dns.rdata.Rdata:
    """Read a Cloudflare record's value back into dnspython rdata (the value it answers when
    DNS-only), built from its fields with dnspython's rdata classes. Host names in ``content`` and
    ``data`` are absolute without the final dot (Cloudflare's API); TXT content is zone-file text.

    Raises ``ValueError`` naming the record when the type is not one the planner writes or its
    value fields are incomplete.
    """
    rdclass, rtype = dns.rdataclass.IN, dns.rdatatype.from_text(record.type)
    cls = dns.rdata.get_rdata_class(rdclass, rtype)
    d = dict(record.data or ())
    try:
        if record.type in ("A", "AAAA"):
            return cls(rdclass, rtype, record.content)
        if record.type in ("CNAME", "NS", "PTR"):
            return cls(rdclass, rtype, _host(record.content))
        if record.type == "MX":
            return cls(rdclass, rtype, record.priority, _host(record.content))
        if record.type == "TXT":
            if record.content is None:
                raise TypeError("no content")
            return dns.rdata.from_text(rdclass, rtype, record.content)
        if record.type == "SRV":
            return cls(rdclass, rtype, d["priority"], d["weight"], d["port"], _host(d["target"]))
        if record.type == "CAA":
            return cls(rdclass, rtype, d["flags"], d["tag"].encode(), d["value"].encode())
        if record.type == "NAPTR":
            return cls(
                rdclass,
                rtype,
                d["order"],
                d["preference"],
                d["flags"].encode(),
                d["service"].encode(),
                d["regex"].encode(),
                _host(d["replacement"]),
            )
        if record.type in ("HTTPS", "SVCB"):
            # The SvcParams are kept in their presentation form (RFC 9460): dnspython reads them.
            target = "." if d["target"] == "." else d["target"] + "."
            return dns.rdata.from_text(rdclass, rtype, f"{d['priority']} {target} {d['value']}")
        if record.type == "TLSA":
            return cls(rdclass, rtype, d["usage"], d["selector"], d["matching_type"], bytes.fromhex(d["certificate"]))
        if record.type == "SSHFP":
            return cls(rdclass, rtype, d["algorithm"], d["type"], bytes.fromhex(d["fingerprint"]))
        if record.type == "DS":
            return cls(rdclass, rtype, d["key_tag"], d["algorithm"], d["digest_type"], bytes.fromhex(d["digest"]))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{record.type} {record.name}: value fields are incomplete: {exc}") from None
    raise ValueError(f"{record.type} {record.name}: type not read back (the planner does not write it)")


def cloudflare_to_bind(
    zone: dns.name.Name,
    records: Iterable[CloudflareRecord],
    name_servers: Sequence[str],
    addresses: AddressMap | None = None,
    proxy_addresses: Sequence[str] = (),
    serial: int = 1,
) -> str:
    """Zone-file text answering what Cloudflare's servers answer for ``records``.

    ``name_servers`` are Cloudflare's assigned name servers (apex NS and SOA primary).
    A CNAME at the apex is flattened (Cloudflare DNS docs, "CNAME flattening"): written as the
    target's addresses from ``addresses``, or as a comment when the map lacks them. A proxied
    A/AAAA/CNAME answers ``proxy_addresses`` (Cloudflare's own; a comment when none are given).
    TTL 1 (automatic) is served as 300 s. Records of one name and type are grouped into one
    record set with the lowest TTL (a record set has one TTL, RFC 2181 section 5.2).

    Raises ``ValueError`` naming a record whose value cannot be read back.
    """
    addresses = addresses or {}
    groups: dict[tuple[dns.name.Name, str], tuple[int, list[dns.rdata.Rdata]]] = {}
    comments: list[str] = []

    def add(name: dns.name.Name, rtype: str, ttl: int, rdatas: list[dns.rdata.Rdata]) -> None:
        old_ttl, values = groups.get((name, rtype), (ttl, []))
        values.extend(r for r in rdatas if r not in values)
        groups[(name, rtype)] = (min(old_ttl, ttl), values)

    for record in records:
        name = dns.name.from_text(record.name)
        if record.proxied:
            if not proxy_addresses:
                comments.append(_comment(f"{record.type} {record.name}: proxied; answers Cloudflare's addresses"))
                continue
            for rtype in ("A", "AAAA"):
                found = [
                    dns.rdata.from_text("IN", rtype, a) for a in proxy_addresses if (":" in a) == (rtype == "AAAA")
                ]
                if found:
                    add(name, rtype, TTL_AUTOMATIC_SECONDS, found)
            continue
        rdata = cloudflare_rdata(record)
        if record.type == "CNAME" and name == zone:
            flat = {t: _addresses(addresses, rdata_fields.target(rdata), t) for t in ("A", "AAAA")}
            if not any(flat.values()):
                comments.append(
                    _comment(
                        f"CNAME {record.name} -> {record.content}: flattened at the apex; "
                        "the target's addresses are not known here"
                    )
                )
            for rtype, found in flat.items():
                if found:
                    add(name, rtype, served_ttl(record.ttl), found)
            continue
        add(name, record.type, served_ttl(record.ttl), [rdata])

    primary = dns.name.from_text(name_servers[0]).to_text() if name_servers else f"ns.{zone.to_text()}"
    lines = [
        f"$ORIGIN {zone.to_text()}",
        _rrset_text(zone, 3600, [dns.rdata.from_text("IN", "SOA", CLOUDFLARE_SOA.format(ns=primary, serial=serial))]),
        _rrset_text(
            zone,
            86400,
            [dns.rdata.from_text("IN", "NS", ns, origin=dns.name.root, relativize=False) for ns in name_servers],
        )
        if name_servers
        else _comment("no name servers given"),
        *comments,
    ]
    lines += [_rrset_text(name, ttl, values) for (name, _), (ttl, values) in groups.items()]
    return "\n".join(lines) + "\n"
