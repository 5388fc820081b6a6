"""The gates a phase must pass before it may be applied: pure functions over checked facts.

Each gate takes what was observed (verify's checks of the name servers, times, record sets, the
plan's SES data) as data and returns a :class:`Gate`: passed or not, and why, with every
difference listed. The I/O that gathers the facts lives in :mod:`migration.gate_checks` (DNS
through :mod:`migration.verify`); these functions never touch the network.

Gates per phase (docs/phases.md):

* cut-over: ``answers`` (Cloudflare's servers answer every planned record set exactly as
  Route53's do: verify's cut-over check) and ``dnssec`` (Route53 does not sign the zone and the
  parent holds no DS).
* decommission: ``delegation`` (a, verify's delegation check), ``wait`` (b), ``snapshot`` (c),
  ``ses-dkim`` (d).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import dns.name

from .email import EmailPlan
from .model import RecordSet

if TYPE_CHECKING:
    from .verify import VerifyResult

PHASE_GATES = {
    "mirror": (),
    "cut-over": ("answers", "dnssec"),
    "decommission": ("delegation", "wait", "snapshot", "ses-dkim"),
}


@dataclass(frozen=True)
class Gate:
    """The verdict of one gate. ``name`` is one of the names in :data:`PHASE_GATES`;
    ``detail`` one sentence; ``differences`` one line per thing that differs."""

    name: str
    passed: bool
    detail: str
    differences: tuple[str, ...] = ()

    def message(self) -> str:
        """How the plan and the preview print it."""
        head = f"gate {self.name} {'passed' if self.passed else 'FAILED'}: {self.detail}"
        return head + "".join(f"\n    {d}" for d in self.differences)


def from_verify(name: str, result: "VerifyResult", passed: str, failed: str) -> Gate:
    """The gate ``name`` from a :mod:`migration.verify` run: passed when nothing is different
    and everything could be checked; ``passed`` / ``failed`` is the sentence, followed by the
    counts of checks by status. Differences: each check ``different`` or ``unchecked``, with the
    server it concerns and why."""
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items() if n)
    problems = tuple(f"{c.subject}: {c.status} ({c.code})" + (f" at {c.server}" if c.server else "")
                     + (f": {c.detail}" if c.detail else "")
                     for c in result.checks if c.status in ("different", "unchecked"))
    return Gate(name, result.passed, f"{passed if result.passed else failed} ({counts or 'nothing checked'})",
                problems)


def wait(cut_over_at: dt.datetime | None, now: dt.datetime, wait_seconds: int | None) -> Gate:
    """Gate (b): at least ``wait_seconds`` passed since the cut-over (resolvers may cache the old
    delegation for the parent's NS TTL, RFC 2181 section 5.2). ``None`` for either is a failure."""
    if cut_over_at is None:
        return Gate("wait", False, "migration:cutOverAt is not set: record when the cut-over was applied")
    if wait_seconds is None:
        return Gate("wait", False, "the wait is unknown: the parent's NS TTL could not be read; "
                                   "set migration:decommissionWait (seconds)")
    ready = cut_over_at + dt.timedelta(seconds=wait_seconds)
    if now < ready:
        left = ready - now
        return Gate("wait", False, f"cut-over was at {cut_over_at:%Y-%m-%dT%H:%M:%SZ}; the wait of {wait_seconds} s "
                                   f"ends at {ready:%Y-%m-%dT%H:%M:%SZ} ({int(left.total_seconds())} s from now)")
    return Gate("wait", True, f"{wait_seconds} s have passed since the cut-over at {cut_over_at:%Y-%m-%dT%H:%M:%SZ}")


def _by_key(record_sets: tuple[RecordSet, ...]) -> dict:
    # The SOA is never carried over and only Route53 changes it: a change to it loses nothing.
    return {rs.key: rs for rs in record_sets if rs.rtype != "SOA"}


def _describe(rs: RecordSet) -> str:
    if rs.alias is not None:
        return f"alias {rs.alias.dns_name.to_text()}"
    return f"ttl {rs.ttl} " + " | ".join(sorted(rs.values_text()))


def snapshot_unchanged(reviewed: tuple[RecordSet, ...], live: tuple[RecordSet, ...]) -> Gate:
    """Gate (c): the live hosted zone still holds exactly the reviewed snapshot's record sets
    (a change made since would be deleted unreviewed). Differences: added, removed, changed."""
    old, new = _by_key(reviewed), _by_key(live)
    differences = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], k[1], k[2] or "")):
        before, after = old.get(key), new.get(key)
        if before is None:
            differences.append(f"added since the snapshot: {after.label} {_describe(after)}")
        elif after is None:
            differences.append(f"removed since the snapshot: {before.label} {_describe(before)}")
        elif before != after:
            differences.append(f"changed since the snapshot: {before.label}: {_describe(before)} -> {_describe(after)}")
    if differences:
        return Gate("snapshot", False, "live Route53 differs from the reviewed snapshot: take a new snapshot "
                                       "and review it", tuple(differences))
    return Gate("snapshot", True, f"live Route53 equals the reviewed snapshot ({len(new)} record sets)")


FAILING_DKIM = ("FAILED", "TEMPORARY_FAILURE")


def ses_dkim(email: EmailPlan, zone: dns.name.Name) -> Gate:
    """Gate (d): SES's DKIM status of every SES identity in ``zone`` is not failing, as the
    plan's Email section read it (SES API v2 reference, ``DkimAttributes.Status``: NOT_STARTED,
    PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE; SES v1 spellings are turned into these by
    :mod:`migration.sources.ses`). SES unreadable fails; SES not consulted passes, saying so."""
    if email.problems:
        return Gate("ses-dkim", False, "SES could not be read, so its DKIM status is unknown", email.problems)
    found = [i for i in email.identities if i.domain.is_subdomain(zone)]
    where = zone.to_text(omit_final_dot=True)
    if not found:
        if not email.checked:
            return Gate("ses-dkim", True, f"SES was not consulted for {where} (migration:sesRegions and "
                                          "migration:sesIdentities unset): no DKIM status to check")
        return Gate("ses-dkim", True, f"no SES identity in {where}")
    statuses = [f"{i.domain.to_text(omit_final_dot=True)} ({i.region}) is {i.dkim_status or 'unknown'}" for i in found]
    failing = [f"SES reports DKIM {i.dkim_status} for {i.domain.to_text(omit_final_dot=True)} ({i.region})"
               for i in found if i.dkim_status in FAILING_DKIM]
    if failing:
        return Gate("ses-dkim", False, "; ".join(failing) + ": the DKIM CNAMEs Cloudflare serves do not satisfy "
                                                           "SES; fix them before deleting the old zone")
    return Gate("ses-dkim", True, "SES DKIM status of " + ", ".join(statuses))


def dnssec(signing: bool, ds_at_parent: tuple[str, ...], unchecked: tuple[str, ...] = ()) -> Gate:
    """Cut-over gate: Route53 must not sign the zone and the parent must hold no DS for it, or
    validating resolvers fail the domain once Cloudflare answers unsigned (RFC 4035 section 5).
    ``unchecked``: why a parent server could not be asked for the DS (fails the gate)."""
    problems = []
    if signing:
        problems.append("Route53 signs the zone (GetDNSSEC ServeSignature SIGNING): disable signing first")
    problems += [f"the parent publishes DS {ds}: remove it at the registrar and wait its TTL" for ds in ds_at_parent]
    problems += [f"the parent's DS could not be read: {why}" for why in unchecked]
    if problems:
        state = "still in force" if signing or ds_at_parent else "unknown"
        return Gate("dnssec", False, f"DNSSEC of the old zone is {state}", tuple(problems))
    return Gate("dnssec", True, "Route53 does not sign the zone and the parent holds no DS")
