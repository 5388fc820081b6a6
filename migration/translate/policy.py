"""Policies applied to translated records: proxying and TTL.

Facts (Cloudflare DNS docs, "Proxy status" and "Time to Live (TTL)",
https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/): only A, AAAA and CNAME
can be proxied; a proxied record answers with Cloudflare's addresses, so anything resolved for its
own value (DKIM selectors, ``_underscore`` service names, MX targets, ACM validation CNAMEs) must be
DNS-only; proxied records have TTL 1 (automatic); other TTLs must be 60..86400 seconds.
Route53 never proxied anything, so DNS-only is the faithful default. :func:`cloudflare_ttl` is the
one place that turns a Route53 TTL into the TTL a Cloudflare record is given.
"""

from __future__ import annotations

import ipaddress

import dns.name

from ..names import is_underscore

TTL_AUTOMATIC = 1
TTL_AUTOMATIC_SECONDS = 300  # what Cloudflare answers for TTL_AUTOMATIC ("Auto is set to 300 seconds")
TTL_MIN = 60
TTL_MAX = 86400
PROXIABLE_TYPES = ("A", "AAAA", "CNAME")
ACM_VALIDATION_SUFFIX = dns.name.from_text("acm-validations.aws.")


# Cloudflare's own addresses: its published ranges (https://www.cloudflare.com/ips-v4 and ips-v6,
# "Cloudflare IP addresses" in the Cloudflare docs) and its public resolver 1.1.1.1 / 1.0.0.1
# (DNSControl/dnscontrol#4776: "Target 1.1.1.1 is not allowed for a proxied record. (9003)").
# A proxied record pointing back into Cloudflare is refused as a loop.
CLOUDFLARE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "173.245.48.0/20",
        "103.21.244.0/22",
        "103.22.200.0/22",
        "103.31.4.0/22",
        "141.101.64.0/18",
        "108.162.192.0/18",
        "190.93.240.0/20",
        "188.114.96.0/20",
        "197.234.240.0/22",
        "198.41.128.0/17",
        "162.158.0.0/15",
        "104.16.0.0/13",
        "104.24.0.0/14",
        "172.64.0.0/13",
        "131.0.72.0/22",
        "1.1.1.0/24",
        "1.0.0.0/24",
        "2400:cb00::/32",
        "2606:4700::/32",
        "2803:f800::/32",
        "2405:b500::/32",
        "2405:8100::/32",
        "2a06:98c0::/29",
        "2c0f:f248::/32",
    )
)


DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)

_NAMED_RANGES = tuple(
    (kind, tuple(ipaddress.ip_network(n) for n in nets))
    for kind, nets in (
        ("private, RFC 1918", ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
        ("shared address space, RFC 6598", ("100.64.0.0/10",)),
        ("unique local, RFC 4193", ("fc00::/7",)),
    )
)


def _address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The name of the special range a non-global address is in (Python's ``ipaddress``, after the
    IANA special-purpose address registries, RFC 6890)."""
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
    ):
        if flag:
            return kind
    for kind, networks in _NAMED_RANGES:
        if any(address in net for net in networks if net.version == address.version):
            return kind
    return "reserved, not globally reachable"


def address_refusal(address: str) -> str:
    """Why Cloudflare will not proxy to the A/AAAA value ``address`` (text), or ``""`` when it
    will: Cloudflare proxies only to an origin it can reach on the public internet, so a private
    (RFC 1918, RFC 4193), loopback, link-local, shared (RFC 6598), documentation or reserved
    address (``ipaddress``'s ``is_global`` false) is refused (cloudflare/python-cloudflare#73:
    ``proxiable: false``), and so is an address of Cloudflare's own (:data:`CLOUDFLARE_NETWORKS`).
    The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, RFC 5737;
    2001:db8::/32, RFC 3849) are let through: they exist to stand for public addresses in examples
    and tests, and no real zone serves them."""
    ip = ipaddress.ip_address(address)
    if any(ip in net for net in DOCUMENTATION_NETWORKS if net.version == ip.version):
        return ""
    if not ip.is_global or ip.is_multicast:
        return (
            f"{address} is not a global unicast address ({_address_kind(ip)}): Cloudflare's proxy "
            "cannot reach it as an origin"
        )
    if any(ip in net for net in CLOUDFLARE_NETWORKS if net.version == ip.version):
        return f"{address} is one of Cloudflare's own addresses: a proxied record cannot point back into Cloudflare"
    return ""


def cloudflare_ttl(route53_ttl: int | None, proxied: bool = False) -> tuple[int, str]:
    """The TTL (seconds) a Cloudflare record is given, and a warning text (``""`` when the
    Route53 TTL is kept as it is). The one TTL rule of the plan: translation, the email policy and
    routing unions all go through it.

    * ``proxied``: :data:`TTL_AUTOMATIC` (1), whatever the Route53 TTL: Cloudflare gives every
      proxied record the TTL "Auto" and it cannot be edited. No warning: nothing was clamped.
    * ``route53_ttl`` ``None`` (a record the plan adds, with no Route53 record set behind it):
      :data:`TTL_AUTOMATIC`, Cloudflare's default.
    * below :data:`TTL_MIN` (60): raised to 60; above :data:`TTL_MAX` (86400, one day): lowered
      to it; each with a warning naming both TTLs. Otherwise the Route53 TTL is kept.

    Source: Cloudflare DNS docs, "Time to Live (TTL)"
    (https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/): "By default, all
    proxied records have a TTL of Auto, which is set to 300 seconds. This value cannot be edited";
    DNS-only records take "between 30 seconds (Enterprise) or 60 seconds (non-Enterprise) and 1
    day"; the API answers anything else with error 9021 "TTL must be between 30 and 86400 seconds,
    or 1 for Automatic". 60 is used, not 30: the plan does not know the zone's Cloudflare plan, and
    60 is accepted on every plan.
    """
    if proxied or route53_ttl is None:
        return TTL_AUTOMATIC, ""
    if route53_ttl < TTL_MIN:
        return TTL_MIN, f"TTL {route53_ttl} s is below Cloudflare's minimum; raised to {TTL_MIN} s"
    if route53_ttl > TTL_MAX:
        return TTL_MAX, f"TTL {route53_ttl} s is above Cloudflare's maximum; lowered to {TTL_MAX} s"
    return route53_ttl, ""


def served_ttl(ttl: int) -> int:
    """The TTL (seconds) Cloudflare's servers answer with for a record whose TTL setting is
    ``ttl``: :data:`TTL_AUTOMATIC` ("Auto", every proxied record's) is served as
    :data:`TTL_AUTOMATIC_SECONDS` (300 s); any other TTL as it is. Source: Cloudflare DNS docs,
    "Time to Live (TTL)": "A TTL of Auto is set to 300 seconds (five minutes)". The way back of
    :func:`cloudflare_ttl`, for what reads the plan as a zone answers it (zone files, the
    handover)."""
    return TTL_AUTOMATIC_SECONDS if ttl == TTL_AUTOMATIC else ttl


def proxy_refusal(
    name: dns.name.Name,
    zone: dns.name.Name,
    rtype: str,
    target: dns.name.Name | None,
    mx_targets: frozenset[dns.name.Name],
) -> str:
    """Why a record may not be proxied, or ``""`` when it may.

    ``target`` is a CNAME's target; ``mx_targets`` the exchange names of every MX in the zone
    (computed once per zone).
    """
    if rtype not in PROXIABLE_TYPES:
        return f"{rtype} records cannot be proxied (only {', '.join(PROXIABLE_TYPES)})"
    if b"_domainkey" in name.labels:
        return "a DKIM selector must be DNS-only: a proxied CNAME answers Cloudflare's addresses, not the key"
    if is_underscore(name, zone):
        return "names with an _underscore label are service or policy names and must be DNS-only"
    if name in mx_targets:
        return "the name is an MX target: mail servers must get its real addresses"
    if target is not None and target.is_subdomain(ACM_VALIDATION_SUFFIX):
        return "an ACM validation CNAME must be DNS-only or the certificate cannot renew"
    return ""
