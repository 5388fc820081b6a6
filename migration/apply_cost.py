"""How many Cloudflare API requests applying a plan makes, and how long Cloudflare's rate limit
makes that take at least. Pure: reads planned resources, no I/O.

Facts: the Cloudflare API allows 1,200 requests per 5 minutes per user/token (Cloudflare API docs,
"Rate limits"); over it, requests fail with HTTP 429 until the window passes. Each Cloudflare
resource the program creates, adopts (imports: one read), updates or deletes costs at least one
request (the provider's create, read, update or delete call), so the count here is a lower bound;
a resource the plan keeps unchanged costs none (``pulumi up`` without ``--refresh`` reads nothing). Route53
resources are AWS calls, under AWS's own limits, and are not counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Iterable, Protocol

REQUESTS_PER_WINDOW = 1200
WINDOW_SECONDS = 300
CLOUDFLARE_PREFIX = "cloudflare:"


class _Planned(Protocol):
    # Read-only: a frozen dataclass (PlannedResource) satisfies it.
    @property
    def type(self) -> str: ...
    @property
    def action(self) -> str: ...


@dataclass(frozen=True)
class ApplyCost:
    """The Cloudflare side of an apply.

    ``requests``: Cloudflare API requests (at least); ``windows``: 5-minute rate-limit windows
    they need; ``minimum_seconds``: the least wall time the limit allows (a full window's worth
    at once, then the next window), ignoring request latency; ``chunks``: how many planned
    Cloudflare resources each run handles when applied in windows, in plan order (the zone
    first, since records need its id).
    """

    requests: int
    windows: int
    minimum_seconds: int
    chunks: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``applyCost`` object of the JSON plan."""
        return {
            "cloudflareRequests": self.requests,
            "requestsPerWindow": REQUESTS_PER_WINDOW,
            "windowSeconds": WINDOW_SECONDS,
            "windows": self.windows,
            "minimumSeconds": self.minimum_seconds,
            "chunks": list(self.chunks),
        }

    def summary(self) -> str:
        """One sentence for the text and Markdown reports."""
        head = (
            f"Apply cost: at least {self.requests:,} Cloudflare API requests; at "
            f"{REQUESTS_PER_WINDOW:,} requests per {WINDOW_SECONDS // 60} minutes"
        )
        if self.windows <= 1:
            return head + " that fits in one rate-limit window: one 'pulumi up'."
        return (
            head + f" that takes at least {duration(self.minimum_seconds)} ({self.windows} windows). "
            f"Apply in {self.windows} runs of at most {REQUESTS_PER_WINDOW:,} resources in plan order "
            f"({', '.join(str(c) for c in self.chunks)}), {WINDOW_SECONDS // 60} minutes apart: "
            "'python -m migration apply-steps --stack NAME' writes each run's 'pulumi up --target' script "
            "(the Cloudflare zone in the first); a run stopped by the rate limit (HTTP 429) resumes where it "
            "stopped when run again."
        )


def duration(seconds: int) -> str:
    """``2400`` -> ``"40 min"``, ``3900`` -> ``"1 h 5 min"``, ``90`` -> ``"1 min 30 s"``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)


_TYPE_ACTION = attrgetter("type", "action")


def estimate(resources: Iterable[_Planned]) -> ApplyCost:
    """The :class:`ApplyCost` of applying ``resources`` (planned resources; ``type`` is the
    Pulumi type token, ``action`` one of ``migration.resources.ACTIONS``): one request per Cloudflare
    resource, except those kept unchanged."""
    # Counted by (type, action) first: a plan has a handful of those for 65,000 resources.
    pairs = Counter(map(_TYPE_ACTION, resources))
    requests = sum(
        n for (type_, action), n in pairs.items() if type_.startswith(CLOUDFLARE_PREFIX) and action != "keep"
    )
    windows = -(-requests // REQUESTS_PER_WINDOW)
    full, last = divmod(requests, REQUESTS_PER_WINDOW)
    chunks = (REQUESTS_PER_WINDOW,) * full + ((last,) if last else ())
    return ApplyCost(requests, windows, max(windows - 1, 0) * WINDOW_SECONDS, chunks)
