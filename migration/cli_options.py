"""The command-line options shared by ``python -m migration``'s commands (:mod:`migration.cli`)
and ``verify`` (:mod:`migration.cli_verify`): argparse types that check a value and exit with
status 2 and the reason (argparse's own error), the options that name a zone without a stack
(``--source``, ``--zone``, ``--hosted-zone-id``), and the AWS options.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any, Callable

from .names import hosted_zone_id as checked_zone_id
from .names import zone_name
from .settings import NO_STACK, Settings, account_id_problem, load_stack


def zone_option(text: str) -> str:
    """``--zone``'s argparse type: the text when it is a zone name, else an argparse error (exit
    status 2) with the reason (:func:`migration.names.zone_name`)."""
    try:
        zone_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def zone_id_option(text: str) -> str:
    """A hosted-zone id option's argparse type: the bare id, else an argparse error (exit status
    2) with the reason (:func:`migration.names.hosted_zone_id`)."""
    try:
        return checked_zone_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def account_id_option(text: str) -> str:
    """``--cloudflare-account-id``'s argparse type: the id, else an argparse error (exit status 2)
    with the reason (:func:`migration.settings.account_id_problem`)."""
    problem = account_id_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


# --source's help: every kind of file migration.sources.snapshot.read accepts.
SOURCE_HELP = (
    "the zone's record sets from a file: a snapshot ('python -m migration snapshot'), "
    "'aws route53 list-resource-record-sets' output, raw ListResourceRecordSets API pages, "
    "a change batch ('aws route53 change-resource-record-sets' JSON), a BIND zone file or "
    "a 'cli53 export' file"
)

# Options that describe the zone without a stack; a stack's settings describe it instead.
SOURCE_OPTIONS = (("source", "--source"), ("zone", "--zone"), ("hosted_zone_id", "--hosted-zone-id"), ("ses", "--ses"))


def stack_or_source(command: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse (argparse error, exit status 2) ``--stack`` together with an option of
    :data:`SOURCE_OPTIONS`, which it would silently override, and neither ``--stack`` nor ``--source``."""
    given = [option for attr, option in SOURCE_OPTIONS if getattr(args, attr, None)]
    if args.stack and given:
        command.error(
            f"--stack cannot be combined with {', '.join(given)}: the stack's settings name the "
            "snapshot, zone, hosted-zone id and SES identities"
        )
    if not args.stack and not args.source:
        command.error("give --stack NAME, or --source FILE (and --zone NAME when the file does not name the zone)")


def add_zone_options(command: argparse.ArgumentParser, verb: str) -> None:
    """Give a subcommand the options that say which zone it works on: ``--stack``, or ``--source``
    with ``--zone`` and ``--hosted-zone-id`` (checked by :func:`stack_or_source` once parsed)."""
    command.add_argument("--stack", help=f"stack whose settings (stacks/Pulumi.<stack>.yaml) to {verb}")
    command.add_argument("--source", help=SOURCE_HELP)
    command.add_argument(
        "--zone",
        type=zone_option,
        help="the zone's name, with --source when the file does not name it (snapshot zone, SOA, $ORIGIN)",
    )
    command.add_argument(
        "--hosted-zone-id", type=zone_id_option, help="the hosted-zone id, with --source when the file lacks it"
    )


def from_options(args: argparse.Namespace) -> Settings:
    """The settings a command's options name: the stack's, or those of a ``--source`` file (with
    ``--zone``, ``--hosted-zone-id`` and, where the command has it, ``--ses``).

    Raises :class:`SettingsError` as :func:`load_stack` does."""
    if args.stack:
        return load_stack(args.stack)
    return Settings(
        stack=NO_STACK,
        zone=args.zone,
        snapshot=Path(args.source).resolve(),
        hosted_zone_id=args.hosted_zone_id,
        cloudflare_account_id="(account)",
        ses_identities=tuple(Path(f).resolve() for f in getattr(args, "ses", ())),
    )


def aws_options(parser: argparse.ArgumentParser, service: str) -> None:
    """``--profile`` and ``--endpoint-url`` for a command that calls AWS (``service`` names the endpoint)."""
    parser.add_argument("--profile", help="AWS profile (default: AWS_PROFILE or the default chain)")
    parser.add_argument("--endpoint-url", help=f"{service} endpoint (default: AWS_ENDPOINT_URL), e.g. a moto server")


def record_count(text: str) -> int:
    """A whole number of records, 0 or more (argparse type; anything else exits 2 with the reason)."""
    if not text.strip().isdecimal():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of records")
    return int(text)


def number(
    kind: Callable[[str], Any], least: float, strict: bool, words: str, most: float = math.inf
) -> Callable[[str], Any]:
    """An argparse type: a ``kind`` number (``int`` or ``float``) at least (``strict``: above)
    ``least`` and at most ``most``; else an argparse error (exit status 2) saying what is
    expected, in ``words``."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number; expected {words}") from None
        if not math.isfinite(value) or value < least or (strict and value == least) or value > most:
            raise argparse.ArgumentTypeError(f"{text} is out of range; expected {words}")
        return value

    return parse
