"""Policies applied to translated records: proxying and TTL.

Facts (Cloudflare DNS docs, "Proxy status" and "Time to Live"): only A, AAAA and CNAME can be
proxied; a proxied record answers with Cloudflare's addresses, so anything resolved for its own
value (DKIM selectors, ``_underscore`` service names, MX targets, ACM validation CNAMEs) must be
DNS-only; proxied records have TTL 1 (automatic); other TTLs must be 60..86400 seconds.
Route53 never proxied anything, so DNS-only is the faithful default.
"""

from __future__ import annotations

import dns.name

from ..names import is_underscore

TTL_AUTOMATIC = 1
TTL_MIN = 60
TTL_MAX = 86400
PROXIABLE_TYPES = ("A", "AAAA", "CNAME")
ACM_VALIDATION_SUFFIX = dns.name.from_text("acm-validations.aws.")


def clamp_ttl(ttl: int) -> tuple[int, str]:
    """Bring a TTL (seconds) into Cloudflare's 60..86400; returns the TTL and a warning text
    (empty when unchanged)."""
    if ttl < TTL_MIN:
        return TTL_MIN, f"TTL {ttl} s is below Cloudflare's minimum; raised to {TTL_MIN} s"
    if ttl > TTL_MAX:
        return TTL_MAX, f"TTL {ttl} s is above Cloudflare's maximum; lowered to {TTL_MAX} s"
    return ttl, ""


def proxy_refusal(name: dns.name.Name, zone: dns.name.Name, rtype: str, target: dns.name.Name | None,
                  mx_targets: frozenset[dns.name.Name]) -> str:
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
