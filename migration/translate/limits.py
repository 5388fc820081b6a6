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
PLAN_RECORD_LIMITS = {"free": 200, "free-legacy": 1000, "pro": 3500, "business": 3500, "enterprise": 3500}


def txt_refusals(outcomes: list[Outcome]) -> list[Outcome]:
    """``outcomes`` with TXT-producing record sets over Cloudflare's TXT limits refused, naming
    the numbers (characters counted, the limit)."""
    # Keyed by names.key: cheaper to hash than dns.name.Name, and equal for equal names.
    totals: dict[Key, int] = defaultdict(int)
    for o in outcomes:
        if o.status == "translated":
            totals[o.record_set.name_key] += sum(len(r.content or "") for r in o.records if r.type == "TXT")
    result = []
    for o in outcomes:
        txt = [r for r in o.records if r.type == "TXT"]
        if not txt:
            result.append(o)
            continue
        longest = max(len(r.content or "") for r in txt)
        if o.status == "translated" and longest > TXT_RECORD_MAX:
            o = Outcome(o.record_set, "refused", f"a TXT value is {longest} characters as Cloudflare stores it "
                                                 f"(quoted strings); Cloudflare allows at most {TXT_RECORD_MAX:,} "
                                                 "a record: shorten it or split it over several names")
        elif o.status == "translated" and totals[o.record_set.name_key] > TXT_NAME_MAX:
            o = Outcome(o.record_set, "refused", f"the TXT records of {o.record_set.name.to_text()} total "
                                                 f"{totals[o.record_set.name_key]} characters; Cloudflare allows at most "
                                                 f"{TXT_NAME_MAX:,} for one name")
        result.append(o)
    return result


def record_limit_finding(count: int, limit: int, source: str) -> Finding | None:
    """An error when ``count`` records exceed the zone's ``limit`` (``source`` says where the
    limit came from, e.g. ``migration:cloudflarePlan free``), else ``None``."""
    if count <= limit:
        return None
    return Finding("error", "record-limit", "Cloudflare zone",
                   f"the plan creates {count} records but the zone allows {limit} ({source}); "
                   "upgrade the plan, or set migration:cloudflareRecordLimit if your zone's limit differs")
