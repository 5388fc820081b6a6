"""The gates a phase must pass before it may be applied: pure functions over checked facts.

Each gate takes what was observed (verify's checks of the name servers, times, record sets, the
plan's SES data) as data and returns a :class:`Gate`: passed or not, and why, with every
difference listed. The I/O that gathers the facts lives in :mod:`migration.gate_checks` (DNS
through :mod:`migration.verify`); these functions never touch the network.

Gates per phase (docs/phases.md has the table: what each reads live, what blocks it, its override):

* cut-over: ``hosted-zone`` (the hosted-zone id is a public zone of the zone's name),
  ``answers`` (Cloudflare's servers answer every planned record set exactly as Route53's do:
  verify's cut-over check) and ``dnssec`` (Route53 does not sign the zone and the parent holds no
  DS).
* decommission: ``hosted-zone``, ``delegation`` (a, verify's delegation check), ``wait`` (b),
  ``snapshot`` (c), ``answers`` again (Cloudflare-side drift since the cut-over), ``orphans``
  (health checks and query logging read live agree with what the plan deletes and keeps) and
  ``ses-dkim`` (d).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dns.name

from .email import EmailPlan
from .model import Inventory, RecordSet

PHASE_GATES = {
    "mirror": (),
    "cut-over": ("hosted-zone", "answers", "dnssec"),
    "decommission": ("hosted-zone", "delegation", "wait", "snapshot", "answers", "orphans", "ses-dkim"),
}
# SES re-checks a domain's DKIM records for up to 72 hours before it marks the identity failed
# (SES developer guide, "Easy DKIM"): the old records must answer that long after the cut-over.
SES_RECHECK_SECONDS = 72 * 3600


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


def default_wait(
    parent_ns_ttl: int | None, record_sets: tuple[RecordSet, ...], zone: dns.name.Name
) -> tuple[int | None, tuple[str, ...]]:
    """The decommission wait when ``migration:decommissionWait`` is unset, in seconds, and what it
    is the longest of: the parent's NS TTL (resolvers cache the old delegation that long, RFC 2181
    section 5.2), the zone's own apex NS TTL (resolvers that took the child's NS set keep asking
    Route53 that long), the longest record TTL of the zone and 72 hours for SES's DKIM re-check
    (:data:`SES_RECHECK_SECONDS`). ``None`` when the parent's NS TTL is unknown."""
    if parent_ns_ttl is None:
        return None, ()
    apex_ns = max((rs.ttl or 0 for rs in record_sets if rs.name == zone and rs.rtype == "NS"), default=0)
    longest = max((rs.ttl or 0 for rs in record_sets), default=0)
    parts = (
        ("the parent's NS TTL", parent_ns_ttl),
        ("the zone's apex NS TTL", apex_ns),
        ("the longest record TTL", longest),
        ("SES's 72 h DKIM re-check", SES_RECHECK_SECONDS),
    )
    return max(v for _, v in parts), tuple(f"{what} {value} s" for what, value in parts)


def wait(
    cut_over_at: dt.datetime | None, now: dt.datetime, wait_seconds: int | None, because: tuple[str, ...] = ()
) -> Gate:
    """Gate (b): at least ``wait_seconds`` passed since the cut-over; ``because`` says where the
    figure comes from (:func:`default_wait`'s parts; empty: ``migration:decommissionWait``).
    ``None`` for either is a failure. The detail names the required and the elapsed time."""
    if cut_over_at is None:
        return Gate("wait", False, "migration:cutOverAt is not set: record when the cut-over was applied")
    if wait_seconds is None:
        return Gate(
            "wait",
            False,
            "the wait is unknown: the parent's NS TTL could not be read; set migration:decommissionWait (seconds)",
        )
    source = f"the longest of {', '.join(because)}" if because else "migration:decommissionWait"
    elapsed = int((now - cut_over_at).total_seconds())
    head = (
        f"{wait_seconds} s required ({source}); {max(elapsed, 0)} s have passed since the cut-over at "
        f"{cut_over_at:%Y-%m-%dT%H:%M:%SZ}"
    )
    ready = cut_over_at + dt.timedelta(seconds=wait_seconds)
    if now < ready:
        left = ready - now
        return Gate(
            "wait",
            False,
            f"{head}; the wait ends at {ready:%Y-%m-%dT%H:%M:%SZ} ({int(left.total_seconds())} s from now)",
        )
    return Gate("wait", True, head)


def _by_key(record_sets: tuple[RecordSet, ...]) -> dict[tuple[dns.name.Name, str, str | None], RecordSet]:
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
            assert after is not None  # the key is in one of the two
            differences.append(f"added since the snapshot: {after.label} {_describe(after)}")
        elif after is None:
            differences.append(f"removed since the snapshot: {before.label} {_describe(before)}")
        elif before != after:
            differences.append(f"changed since the snapshot: {before.label}: {_describe(before)} -> {_describe(after)}")
    if differences:
        return Gate(
            "snapshot",
            False,
            "live Route53 differs from the reviewed snapshot: take a new snapshot and review it",
            tuple(differences),
        )
    return Gate("snapshot", True, f"live Route53 equals the reviewed snapshot ({len(new)} record sets)")


def ses_dkim(email: EmailPlan, zone: dns.name.Name, ses_not_used: bool = False) -> Gate:
    """Gate (d): SES reports DKIM ``SUCCESS`` for every SES identity in ``zone``, as the plan's
    Email section read it (SES API v2 reference, ``DkimAttributes.Status``: NOT_STARTED, PENDING,
    SUCCESS, FAILED, TEMPORARY_FAILURE; SES v1 spellings are turned into these by
    :mod:`migration.sources.ses`). Any other status blocks, as do SES unreadable and SES not
    consulted at all, unless ``ses_not_used`` (``migration:sesNotUsed``: the zone sends no mail
    through SES), which the detail says."""
    if email.problems:
        return Gate("ses-dkim", False, "SES could not be read, so its DKIM status is unknown", email.problems)
    found = [i for i in email.identities if i.domain.is_subdomain(zone)]
    where = zone.to_text(omit_final_dot=True)
    if not found:
        if ses_not_used:
            return Gate(
                "ses-dkim",
                True,
                f"skipped: migration:sesNotUsed is true (no mail of {where} is sent "
                "through SES), so no DKIM status was asked",
            )
        if not email.checked:
            return Gate(
                "ses-dkim",
                False,
                f"SES was not consulted for {where} (migration:sesRegions and "
                "migration:sesIdentities unset), so its DKIM status is unknown: set "
                "one, or migration:sesNotUsed: true for a zone that sends no mail "
                "through SES",
            )
        return Gate("ses-dkim", True, f"no SES identity in {where}")
    statuses = [f"{i.domain.to_text(omit_final_dot=True)} ({i.region}) is {i.dkim_status or 'unknown'}" for i in found]
    failing = [
        f"SES reports DKIM {i.dkim_status or 'status unknown'} for {i.domain.to_text(omit_final_dot=True)} ({i.region})"
        for i in found
        if i.dkim_status != "SUCCESS"
    ]
    if failing:
        return Gate(
            "ses-dkim",
            False,
            "; ".join(failing) + ": SES must report SUCCESS (it has verified the DKIM "
            "CNAMEs Cloudflare serves) before the old zone is deleted",
        )
    return Gate("ses-dkim", True, "SES DKIM status of " + ", ".join(statuses))


def hosted_zone(zone: dns.name.Name, zone_id: str, where: str, found: dict | None) -> Gate:
    """Gate ``hosted-zone``: ``found`` (Route53 ``GetHostedZone``'s ``HostedZone``, ``None`` when
    Route53 has no such zone) is a public hosted zone named ``zone`` with id ``zone_id``; private
    zones are never touched (they can share a public zone's name). ``where`` names the id and the
    setting or file it came from (``migration:hostedZoneId Z...``), for the message."""
    if found is None:
        return Gate("hosted-zone", False, f"{where}: Route53 has no such hosted zone (NoSuchHostedZone)")
    problems = []
    if (found.get("Config") or {}).get("PrivateZone"):
        problems.append("it is a private hosted zone: private zones are never touched")
    name = str(found.get("Name", ""))
    if dns.name.from_text(name) != zone:
        problems.append(f"it is a hosted zone of {name}, not of {zone.to_text()}")
    if str(found.get("Id", "")).rsplit("/", 1)[-1] != zone_id:
        problems.append(f"Route53 answered with hosted zone {found.get('Id')}")
    if problems:
        return Gate(
            "hosted-zone",
            False,
            f"{where} is not the public hosted zone of {zone.to_text()}",
            tuple(f"{where}: {p}" for p in problems),
        )
    return Gate("hosted-zone", True, f"{where} is the public hosted zone {name}")


def orphans(deleting: set[str], keeping: set[str], deleting_logs: set[str], live: Inventory) -> Gate:
    """Gate ``orphans``: what Route53 holds now besides the record sets (``live``, read as
    ``python -m migration inventory`` reads it) agrees with what the plan deletes and keeps: no
    health check the plan deletes (``deleting``, ids) is used by another hosted zone now, every
    health check the zone's record sets use is deleted or kept (``keeping``), and every
    query-logging configuration of the zone is deleted (``deleting_logs``). Differences: one per
    health check or configuration, with what to do."""
    differences = []
    for check in live.health_checks:
        users = ", ".join(check.used_by_other_zones)
        if check.id in deleting and users:
            differences.append(
                f"health check {check.id}: the plan deletes it, but hosted zone(s) {users} use it now: "
                "take the inventory again (python -m migration inventory --stack NAME --force)"
            )
        elif check.id not in deleting | keeping:
            differences.append(
                f"health check {check.id}, used by record sets of this zone, is not in the inventory "
                "(migration:inventory): it would be left behind; take the inventory "
                "(python -m migration inventory --stack NAME)"
            )
    for log in live.query_logging:
        if log.id not in deleting_logs:
            differences.append(
                f"query logging {log.id} of the zone is not in the inventory (migration:inventory): "
                "it would be left behind; take the inventory (python -m migration inventory "
                "--stack NAME)"
            )
    if differences:
        return Gate(
            "orphans",
            False,
            "Route53 holds health checks or query logging the plan does not account for",
            tuple(differences),
        )
    return Gate(
        "orphans",
        True,
        f"the plan deletes or keeps every health check ({len(live.health_checks)}) and "
        f"query-logging configuration ({len(live.query_logging)}) Route53 holds for the zone",
    )


def dnssec(signing: bool, ds_at_parent: tuple[str, ...], unchecked: tuple[str, ...] = ()) -> Gate:
    """Cut-over gate: Route53 must not sign the zone and the parent must hold no DS for it, or
    validating resolvers fail the domain once Cloudflare answers unsigned (RFC 4035 section 5).
    ``unchecked``: why a parent server could not be asked for the DS (fails the gate)."""
    problems = []
    if signing:
        problems.append(
            "Route53 signs the zone (GetDNSSEC ServeSignature SIGNING): remove the DS at the registrar, "
            "wait its TTL, then disable signing"
        )
    problems += [f"the parent publishes DS {ds}: remove it at the registrar and wait its TTL" for ds in ds_at_parent]
    problems += [f"the parent's DS could not be read: {why}" for why in unchecked]
    if problems:
        state = "still in force" if signing or ds_at_parent else "unknown"
        return Gate("dnssec", False, f"DNSSEC of the old zone is {state}", tuple(problems))
    return Gate("dnssec", True, "Route53 does not sign the zone and the parent holds no DS")
