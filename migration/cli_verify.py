"""``python -m migration verify``: ask the old and new name servers, the parent zone's servers,
and compare (see :mod:`migration.verify`).

Exit status: 0 every answer agrees; 1 differences; 2 something could not be checked (timeouts,
refused) or bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import dns.name

from .cli_options import add_zone_options, from_options, number, stack_or_source
from .errors import InputError, MigrationError
from .progress import bar
from .servers import parse
from .settings import Settings, accepted_record_sets, host_name_problem
from .sources import files
from .stack import plan_for

if TYPE_CHECKING:
    from .verify.query import Server

LONG_RUN = 200  # checks; below this a progress bar only flickers

# Every command builds this parser (``python -m migration plan`` included), so it names verify's
# choices without importing :mod:`migration.verify` (asyncio, rich, the query engine: a third of
# the plan command's imports, docs/performance.md); the command imports it when it runs.
# tests/test_cli_verify_imports.py checks these are verify's own: ``AREAS``,
# ``sorted(migration.verify.output.FORMATS)``, ``Options.min_share``.
AREAS = ("records", "email", "delegation")
FORMATS = ("json", "markdown", "text")
MIN_SHARE = 1000


def parse_server(text: str, role: str | None = None) -> tuple[str, Server]:
    """Parse ``ROLE=[NAME@]IP[:PORT]`` (or ``[NAME@]IP[:PORT]`` when ``role`` is given; syntax of
    :func:`migration.servers.parse`). Raises :class:`MigrationError` naming the option value and
    the reason."""
    from .verify.servers import ROLES, server

    spec = text
    if role is None:
        role, sep, spec = text.partition("=")
        if not sep or role not in ROLES:
            raise MigrationError(
                f"--nameserver {text!r}: expected old=IP[:PORT] or new=IP[:PORT] (optionally NAME@ before the address)"
            )
    try:
        return role, server(role, parse(spec, named=role != "parent"))
    except ValueError as exc:
        option = "--parent-server" if role == "parent" else "--nameserver"
        syntax = "IP[:PORT]" if role == "parent" else f"{role}=[NAME@]IP[:PORT]"
        raise MigrationError(f"{option} {text!r}: not {syntax}: {exc}") from None


def _cloudflare_names(settings: Settings, stack_output: str | None) -> list[str]:
    """The Cloudflare name servers: from ``stack_output`` (``pulumi stack output --json``) when
    given, else the stack's setting. Raises :class:`InputError` naming the file when it cannot be
    read or lacks a ``cloudflareNameServers`` list of host names."""
    if stack_output:
        expected = "the JSON of 'pulumi stack output --json' with cloudflareNameServers"
        outputs = files.parse_json(files.read_text(Path(stack_output)), stack_output, expected)
        names = outputs.get("cloudflareNameServers") if isinstance(outputs, dict) else None
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            raise InputError(stack_output, [f"cloudflareNameServers is not a list of host names; expected {expected}"])
        problems = [f"cloudflareNameServers: {problem}" for name in names if (problem := host_name_problem(name))]
        if problems:
            raise InputError(stack_output, problems)
        return names
    return list(settings.cloudflare_name_servers)


def _outside_zone(accepted: tuple[tuple[dns.name.Name, str | None], ...], where: str, zone: dns.name.Name) -> list[str]:
    """The accepted losses (``where`` names the setting or option) whose owner name is outside
    ``zone``: they can match no record set, so each is a mistake to name, not to ignore."""
    return [
        f"{where}: {' '.join(filter(None, (name.to_text(), rtype)))!r} is outside the zone {zone.to_text()}: "
        "it can match no record set"
        for name, rtype in accepted
        if not name.is_subdomain(zone)
    ]


async def _verify(args: argparse.Namespace) -> int:
    from .verify import Options, run
    from .verify.output import render
    from .verify.servers import ROLES, servers_for, system_lookup

    settings = from_options(args)
    problems: list[str] = []
    accepted = accepted_record_sets(args.accept_not_migrated, "--accept-not-migrated", problems)
    if problems:
        raise MigrationError("; ".join(problems))
    own = settings.accept_not_migrated
    settings = replace(settings, accept_not_migrated=own + accepted)
    # verify makes its own checks: the phase's gates (the same checks, fewer of them) are not run twice.
    plan = plan_for(settings, run_gates=False)
    outside = _outside_zone(own, "migration:acceptNotMigrated", plan.snapshot.zone)
    outside += _outside_zone(accepted, "--accept-not-migrated", plan.snapshot.zone)
    if outside:
        raise MigrationError("; ".join(outside))
    given: dict[str, list[Server]] = {role: [] for role in ROLES}
    for text in args.nameserver:
        role, chosen_server = parse_server(text)
        given[role].append(chosen_server)
    parents = [parse_server(p, "parent")[1] for p in args.parent_server]
    areas = args.only or list(AREAS)
    # Command-line servers take the place of the settings' (route53Servers, cloudflareServers, parentServers).
    chosen = await servers_for(
        plan,
        need=ROLES if {"records", "email"} & set(areas) else (),
        old=given["old"] or None,
        new=given["new"] or None,
        parents=parents or None,
        new_names=_cloudflare_names(settings, args.stack_output),
    )
    options = Options(timeout=args.timeout, retries=args.retries, concurrency=args.concurrency, workers=args.workers)

    # On stderr, whatever the format: stdout holds the report alone (migration.progress).
    with bar("asking name servers", least=LONG_RUN) as update:
        progress = None if update is None else (lambda total, done: update(done, total))
        result = await run(plan, chosen, options, areas, lookup=system_lookup, progress=progress)
    sys.stdout.write(render(result, args.format, verbose=args.verbose, color=sys.stdout.isatty()))
    return result.exit_status


def cmd_verify(args: argparse.Namespace) -> int:
    """Run ``verify``; returns the exit status."""
    import asyncio

    return asyncio.run(_verify(args))


def add_parser(sub) -> None:
    """Register the ``verify`` subcommand on ``python -m migration``'s subparsers."""
    v = sub.add_parser(
        "verify",
        help="ask the old and new name servers and the parent zone, and compare",
        description="Ask the old and new name servers and the parent zone's servers, and compare. Exit "
        "status: 0 every answer agrees; 1 differences; 2 something could not be checked (timeouts, "
        "refused) or bad input.",
    )
    add_zone_options(v, "verify")
    v.add_argument(
        "--nameserver",
        action="append",
        default=[],
        metavar="ROLE=[NAME@]IP[:PORT]",
        help="a server to ask instead of the zone's own and of migration:route53Servers (old=...) or "
        "migration:cloudflareServers (new=...); repeatable. NAME ties it to a host name of the "
        "delegation",
    )
    v.add_argument(
        "--parent-server",
        action="append",
        default=[],
        metavar="IP[:PORT]",
        help="a server of the parent zone (default: migration:parentServers, else found from the "
        "root servers); repeatable",
    )
    v.add_argument(
        "--stack-output",
        metavar="FILE",
        help="'pulumi stack output --json' saved to a file: Cloudflare's name servers "
        "(cloudflareNameServers) instead of migration:cloudflareNameServers",
    )
    v.add_argument(
        "--accept-not-migrated",
        action="append",
        default=[],
        metavar="'NAME [TYPE]'",
        help="a record set the plan refuses that you accept to lose (a note, not a difference); "
        "repeatable, added to migration:acceptNotMigrated",
    )
    v.add_argument("--only", action="append", choices=AREAS, help="check only this area; repeatable")
    v.add_argument(
        "--timeout", type=number(float, 0, True, "seconds above 0"), default=2.0, help="seconds per try (default 2)"
    )
    v.add_argument(
        "--retries",
        type=number(int, 0, False, "a whole number, 0 or more"),
        default=2,
        help="tries after a timeout (default 2)",
    )
    v.add_argument(
        "--concurrency",
        type=number(int, 1, False, "a whole number, 1 or more"),
        default=64,
        help="queries in flight at most, in each process (default 64)",
    )
    v.add_argument(
        "--workers",
        type=number(int, 1, False, "a whole number, 1 or more"),
        default=os.cpu_count() or 1,
        help="processes sharing the record sets of a large zone (%(default)s here: the CPUs), each "
        f"with {MIN_SHARE} record sets at least; 1 keeps the run in one process",
    )
    v.add_argument("--format", choices=FORMATS, default="text")
    v.add_argument(
        "--verbose",
        action="store_true",
        help="list the expected differences (equivalences, record sets skipped on purpose) row by "
        "row instead of counting them",
    )
    v.set_defaults(func=cmd_verify, check=lambda args: stack_or_source(v, args))
