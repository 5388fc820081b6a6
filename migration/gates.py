"""The gates a phase must pass before it may be applied: pure functions over checked facts.

Each gate takes what was observed (DNS answers, times, record sets, an SES status) as data and
returns a :class:`Gate`: passed or not, and why, with every difference listed. The I/O that
gathers the facts lives in :mod:`migration.gate_checks`; these functions never touch the network.

Gates per phase (docs/phases.md):

* cut-over: ``answers`` (Cloudflare's servers answer every planned record set exactly as
  Route53's do) and ``dnssec`` (Route53 does not sign the zone and the parent holds no DS).
* decommission: ``delegation`` (a), ``wait`` (b), ``snapshot`` (c), ``ses-dkim`` (d).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from .model import RecordSet

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


def _ns_set(names: tuple[str, ...] | list[str]) -> frozenset[str]:
    return frozenset(n.lower().rstrip(".") + "." for n in names)


def delegation(parent_answers: Mapping[str, tuple[str, ...] | str], cloudflare_ns: tuple[str, ...]) -> Gate:
    """Gate (a): every server of the parent zone delegates to Cloudflare's name servers alone.

    ``parent_answers`` maps each parent server (``host:port``) to the NS names of its referral,
    or to an error text when it did not answer. ``cloudflare_ns`` are the names Cloudflare
    assigned (stack setting ``migration:cloudflareNameServers``).
    """
    if not cloudflare_ns:
        return Gate("delegation", False, "migration:cloudflareNameServers is not set: the name servers Cloudflare "
                                         "assigned (the mirror phase's output cloudflareNameServers) are needed")
    if not parent_answers:
        return Gate("delegation", False, "no parent server was asked")
    wanted = _ns_set(cloudflare_ns)
    differences = []
    for server, answer in sorted(parent_answers.items()):
        if isinstance(answer, str):
            differences.append(f"{server}: {answer}")
        elif _ns_set(answer) != wanted:
            extra = sorted(_ns_set(answer) - wanted)
            missing = sorted(wanted - _ns_set(answer))
            differences.append(f"{server} delegates to {', '.join(sorted(_ns_set(answer))) or 'nothing'}"
                               + (f"; not Cloudflare's: {', '.join(extra)}" if extra else "")
                               + (f"; missing: {', '.join(missing)}" if missing else ""))
    if differences:
        return Gate("delegation", False, "the parent zone does not delegate to Cloudflare's name servers alone",
                    tuple(differences))
    return Gate("delegation", True, f"{len(parent_answers)} parent server(s) delegate to "
                                    f"{', '.join(sorted(wanted))} alone")


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
            differences.append(f"added since the snapshot: {after.label()} {_describe(after)}")
        elif after is None:
            differences.append(f"removed since the snapshot: {before.label()} {_describe(before)}")
        elif before != after:
            differences.append(f"changed since the snapshot: {before.label()}: {_describe(before)} -> {_describe(after)}")
    if differences:
        return Gate("snapshot", False, "live Route53 differs from the reviewed snapshot: take a new snapshot "
                                       "and review it", tuple(differences))
    return Gate("snapshot", True, f"live Route53 equals the reviewed snapshot ({len(new)} record sets)")


FAILING_DKIM = ("FAILED", "TEMPORARY_FAILURE")


def ses_dkim(status: str | None, identity: str) -> Gate:
    """Gate (d): SES's DKIM status for ``identity`` is not failing (SES API reference,
    ``DkimAttributes.Status``: NOT_STARTED, PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE; the SES
    v1 spelling ``TemporaryFailure`` is accepted). ``None`` means no SES identity: passes."""
    if status is None:
        return Gate("ses-dkim", True, f"no SES identity checked for {identity} (migration:sesRegion unset)")
    normal = "".join("_" + c if c.isupper() and i else c for i, c in enumerate(status)).upper() \
        if not status.isupper() else status
    if normal in FAILING_DKIM:
        return Gate("ses-dkim", False, f"SES reports DKIM {normal} for {identity}: the DKIM CNAMEs Cloudflare serves "
                                       "do not satisfy SES; fix them before deleting the old zone")
    return Gate("ses-dkim", True, f"SES DKIM status of {identity} is {normal}")


def dnssec(signing: bool, ds_at_parent: tuple[str, ...]) -> Gate:
    """Cut-over gate: Route53 must not sign the zone and the parent must hold no DS for it, or
    validating resolvers fail the domain once Cloudflare answers unsigned (RFC 4035 section 5)."""
    problems = []
    if signing:
        problems.append("Route53 signs the zone (GetDNSSEC ServeSignature SIGNING): disable signing first")
    problems += [f"the parent publishes DS {ds}: remove it at the registrar and wait its TTL" for ds in ds_at_parent]
    if problems:
        return Gate("dnssec", False, "DNSSEC of the old zone is still in force", tuple(problems))
    return Gate("dnssec", True, "Route53 does not sign the zone and the parent holds no DS")


Answers = Mapping[tuple[str, str], frozenset[str] | str]


def answers(route53: Answers, cloudflare: Answers, pending_deletions: Mapping[tuple[str, str], frozenset[str]] = {},
            not_compared: tuple[str, ...] = ()) -> Gate:
    """Cut-over gate: for every planned (owner, type), Cloudflare's servers answer the same
    values as Route53's (values in presentation format, TTL ignored; an error text for a failed
    query). Values the cut-over deletes from Cloudflare (``pending_deletions``) are discounted.
    ``not_compared`` names record sets left out (aliases answer with their target's own data)."""
    differences = []
    for key in sorted(set(route53) | set(cloudflare)):
        old, new = route53.get(key, frozenset()), cloudflare.get(key, frozenset())
        if isinstance(old, str) or isinstance(new, str):
            differences.append(f"{key[0]} {key[1]}: Route53: {old if isinstance(old, str) else 'ok'}; "
                               f"Cloudflare: {new if isinstance(new, str) else 'ok'}")
            continue
        new = new - pending_deletions.get(key, frozenset())
        if old != new:
            differences.append(f"{key[0]} {key[1]}: Route53 answers {' | '.join(sorted(old)) or 'nothing'}; "
                               f"Cloudflare answers {' | '.join(sorted(new)) or 'nothing'}")
    note = f"; not compared: {', '.join(not_compared)}" if not_compared else ""
    if differences:
        return Gate("answers", False, "Cloudflare's servers do not answer as Route53's do" + note, tuple(differences))
    return Gate("answers", True, f"Cloudflare's servers answer all {len(route53)} planned record sets as Route53's do"
                + note)
