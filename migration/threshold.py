"""The safety threshold: a plan that deletes or changes more than a share of the Cloudflare zone's
existing records is blocked until someone accepts it, with the counts.

Like octoDNS's ``update_pct_threshold`` / ``delete_pct_threshold`` (octoDNS ``provider/plan.py``,
``TooMuchChange``): a stray edit, a truncated source file or a wrong listing should not empty a
live zone in one ``pulumi up``. The existing records are those the plan was made against: the
zone's listing (``migration:cloudflareExisting``) or, after the handover, the records of the
zone file as last applied (:mod:`migration.handover`); records ``migration:ignore`` leaves to
others are not counted. Pure: no I/O.
"""

from __future__ import annotations

from typing import Iterable

from .model import Finding

DEFAULT_PERCENT = 30
SETTING = "migration:safetyThreshold"
ACCEPT_SETTING = "migration:acceptChanges"
ACCEPT_FLAG = "--accept-changes"


def finding(
    existing: int, deleted: int, changed: int, percent: int = DEFAULT_PERCENT, accepted: int | None = None
) -> Finding | None:
    """The verdict on a plan that deletes ``deleted`` and changes ``changed`` of ``existing``
    Cloudflare records (counts of records; ``percent`` the threshold, a share of ``existing``).

    Returns ``None`` when nothing existed or the share is within the threshold; an error
    ``safety-threshold`` (the plan is blocked) when it is over and ``accepted`` (the number of
    deletions and changes someone accepted) is missing or smaller than both together; an info
    ``safety-threshold-accepted`` when the acceptance covers them."""
    touched = deleted + changed
    if existing <= 0 or touched * 100 <= percent * existing:
        return None
    share = f"{touched * 100 / existing:.0f}%"
    counts = (
        f"this plan deletes {deleted} and changes {changed} of the Cloudflare zone's {existing} existing "
        f"records ({share}), more than the safety threshold of {percent}% ({SETTING})"
    )
    if accepted is not None and accepted >= touched:
        return Finding(
            "info",
            "safety-threshold-accepted",
            "Cloudflare zone",
            f"{counts}; accepted ({ACCEPT_SETTING} / {ACCEPT_FLAG} {accepted})",
        )
    short = f"; {accepted} accepted is fewer" if accepted is not None else ""
    return Finding(
        "error",
        "safety-threshold",
        "Cloudflare zone",
        f"{counts}{short}: review the deletions and changes, then accept them with {ACCEPT_FLAG} "
        f"{touched} (plan) or {ACCEPT_SETTING}: {touched} (stack settings, for pulumi preview and up)",
    )


def touched(actions: Iterable[str]) -> tuple[int, int]:
    """(deleted, changed) among the actions of the Cloudflare records of a plan."""
    actions = list(actions)
    return actions.count("delete"), actions.count("update")
