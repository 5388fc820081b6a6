"""Cloudflare's size and count limits, checked before anything is applied.

Facts (Cloudflare DNS docs, "DNS record types: TXT" and "Zone record limits"): a TXT record's
content holds at most 2,048 characters, and all TXT records of one name at most 8,192; a zone
holds at most 200 records on the Free plan (1,000 for Free zones created before 2024-09-01) and
3,500 on paid plans. Characters are counted in the content as the API stores it (quoted strings).
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Finding, Outcome
from ..names import Key

TXT_RECORD_MAX = 2048
TXT_NAME_MAX = 8192


def txt_refusals(outcomes: list[Outcome]) -> list[Outcome]:
    """``outcomes`` with TXT-producing record sets over Cloudflare's TXT limits refused, naming
    the numbers (characters counted, the limit)."""
    # Content lengths of each translated TXT-producing outcome (by position), and the total per
    # name (keyed by names.key: cheaper to hash than dns.name.Name, and equal for equal names).
    sizes: dict[int, list[int]] = {}
    totals: dict[Key, int] = defaultdict(int)
    for at, o in enumerate(outcomes):
        if o.status == "translated":
            # A loop, not a list per outcome: most outcomes have no TXT record.
            for r in o.records:
                if r.type == "TXT":
                    sizes.setdefault(at, []).append(len(r.content or ""))
            if at in sizes:
                totals[o.record_set.name_key] += sum(sizes[at])
    result = list(outcomes)
    for at, found in sizes.items():
        o = outcomes[at]
        longest, total = max(found), totals[o.record_set.name_key]
        if longest > TXT_RECORD_MAX:
            result[at] = Outcome(
                o.record_set,
                "refused",
                f"a TXT value is {longest} characters as Cloudflare stores "
                f"it (quoted strings); Cloudflare allows at most "
                f"{TXT_RECORD_MAX:,} a record: shorten it or split it over "
                "several names",
            )
        elif total > TXT_NAME_MAX:
            result[at] = Outcome(
                o.record_set,
                "refused",
                f"the TXT records of {o.record_set.name.to_text()} total "
                f"{total} characters; Cloudflare allows at most "
                f"{TXT_NAME_MAX:,} for one name",
            )
    return result


def record_limit_finding(count: int, limit: int, source: str) -> Finding | None:
    """An error when ``count`` records exceed the zone's ``limit`` (``source`` says where the
    limit came from, e.g. ``migration:cloudflarePlan free``), else ``None``."""
    if count <= limit:
        return None
    return Finding(
        "error",
        "record-limit",
        "Cloudflare zone",
        f"the plan creates {count} records but the zone allows {limit} ({source}); "
        "upgrade the plan, or set migration:cloudflareRecordLimit if your zone's limit differs",
    )
