"""Many zones: choosing hosted zones of an account and scaffolding a stack for each (``discover``).

Pure: from the zones listed (:mod:`migration.sources.account`), the listing text, the zones the
user chose, and the text of each new stack file. The CLI reads Route53 and writes the files.
"""

from __future__ import annotations

import json

from .errors import MigrationError
from .sources.account import Account, HostedZone


def stack_name(zone: HostedZone) -> str:
    """The stack of a zone: its name without the final dot (Pulumi stack names may hold letters,
    digits, ``-``, ``_`` and ``.``; Pulumi docs, "Stacks")."""
    return zone.name.rstrip(".")


def listing_text(account: Account) -> str:
    """One line per public hosted zone (name, id, record sets, comment), a note on names held
    by several public zones, and the private zones left out."""
    rows = [("zone", "hosted zone id", "record sets", "comment")] + [
        (z.name, z.id, str(z.record_sets), z.comment) for z in account.zones
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip() for r in rows]
    for name, zones in account.duplicates().items():
        lines.append(
            f"note: {name} is {len(zones)} public hosted zones ({', '.join(z.id for z in zones)}): "
            "scaffold it by id; the zones the parent does not delegate to are orphans"
        )
    lines.extend(f"left out: hosted zone {line}; it cannot be a Cloudflare zone" for line in account.unusable)
    lines.append(
        f"{len(account.zones)} public hosted zone(s); {account.private} private zone(s) left out "
        f"(never migrated); {account.pages} page(s) read"
    )
    return "\n".join(lines) + "\n"


def choose(account: Account, wanted: list[str], every: bool) -> list[HostedZone]:
    """The zones to scaffold: every public zone (``every``), or those ``wanted`` names (with or
    without the final dot) or hosted-zone ids. Raises :class:`MigrationError` naming each entry
    that is no public zone of the account, the id of a zone left out (its name cannot be a
    Cloudflare zone: :attr:`Account.unusable`), or a name several public zones hold."""
    if every:
        ambiguous = account.duplicates()
        if ambiguous:
            raise MigrationError(
                "--all: "
                + "; ".join(
                    f"{name} is {len(zones)} public hosted zones ({', '.join(z.id for z in zones)})"
                    for name, zones in ambiguous.items()
                )
                + ": scaffold those by id"
            )
        return list(account.zones)
    chosen, problems = [], []
    for entry in wanted:
        by_id = [z for z in account.zones if z.id == entry.rsplit("/", 1)[-1]]
        by_name = [z for z in account.zones if z.name == entry.lower().rstrip(".") + "."]
        found = by_id or by_name
        left_out = [line for line in account.unusable if line.split(" ", 1)[0] == entry.rsplit("/", 1)[-1]]
        if left_out:
            problems.append(f"{entry} is left out: hosted zone {left_out[0]}")
        elif not found:
            problems.append(f"{entry} is not a public hosted zone of this account")
        elif len(found) > 1:
            problems.append(
                f"{entry} is {len(found)} public hosted zones ({', '.join(z.id for z in found)}): "
                "give the id of the one to migrate"
            )
        elif found[0] not in chosen:
            chosen.append(found[0])
    if problems:
        raise MigrationError("; ".join(problems))
    return chosen


def stack_text(zone: HostedZone, snapshot: str, account_id: str, region: str) -> str:
    """A new stack file for ``zone``: its snapshot (path relative to the project), hosted-zone
    id, the Cloudflare account that creates the zone, and the settings to review before the
    mirror as comments (README, "Migrating your own zone"). Values are written as quoted strings
    (JSON strings are YAML), so an id of digits stays text."""

    def q(text: str) -> str:
        return json.dumps(text)

    return (
        f"# {zone.name} (hosted zone {zone.id}), scaffolded by 'python -m migration discover'.\n"
        "# Review before the mirror: proxied names, SES identities, routing choices (README).\n"
        "config:\n"
        f"  aws:region: {q(region)}\n"
        f"  migration:zone: {q(zone.name.rstrip('.'))}\n"
        f"  migration:snapshot: {q(snapshot)}\n"
        f"  migration:hostedZoneId: {q(zone.id)}\n"
        f"  migration:cloudflareAccountId: {q(account_id)}\n"
        "  migration:proxied: []\n"
    )
