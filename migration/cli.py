"""``python -m migration``: the offline commands.

* ``plan``: render the plan the Pulumi program declares, without cloud credentials.
* ``snapshot``: read a public hosted zone from Route53 and write the snapshot file.
* ``verify``: ask the old and new name servers and the parent zone (:mod:`migration.verify`).
* ``inventory``: read what else belongs to the zone (other zones of its name, health checks,
  query logging, DNSSEC, registration) and write the inventory file.
* ``apply-steps``: write each step's ``pulumi up --target`` script for a plan larger than one
  Cloudflare rate-limit window (:mod:`migration.apply_steps`).
* ``backup``: write the snapshot and a BIND zone file to ``backups/`` (before decommission).
* ``restore``: recreate a deleted hosted zone from a backup's ``snapshot.json``.
* ``discover``: list every public hosted zone of the AWS account and scaffold a snapshot and a
  stack file for the zones chosen (:mod:`migration.discover`).
* ``summary``: one Markdown table across the plans of many stacks (:mod:`migration.report_summary`).
* ``handover``: write the plan's Cloudflare records as the zone file a person edits after the
  migration (:mod:`migration.handover`; ``migration:zoneFile`` switches the stack to it).

Exit status: 0 success; 1 the plan fails the ``--fail-on`` gate (default ``refusals``: a record set
is refused or a finding is an error; ``warnings``: also any warning), so CI can gate on it;
2 bad input or settings (the message names the file, key or record set; no traceback).

Each command imports the modules only it needs (boto3, dns.zone): ``plan`` reads files only and
starts faster without them (docs/performance.md).
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, TypeVar

from . import applied, cli_verify, report, report_markdown, secrets
from . import plan as plan_mod
from .applied import Applied
from .cli_options import (
    account_id_option,
    add_zone_options,
    aws_options,
    from_options,
    number,
    record_count,
    stack_or_source,
    zone_id_option,
    zone_option,
)
from .errors import MigrationError
from .model import Finding
from .settings import PHASES, Settings, load_stack, project_root, read_stack_file, stack_file
from .sources import files, inventory
from .sources import snapshot as snapshot_file
from .stack import journey_summary_for, plan_for, with_live_gates

T = TypeVar("T")
P = TypeVar("P", plan_mod.Plan, plan_mod.PhaseSummary)
# Where snapshot and discover write snapshots by default (relative to the working folder, resp. the project).
DEFAULT_SNAPSHOTS = "snapshots"


def _stack_config(stack: str) -> tuple[str, dict]:
    """The stack file's path (relative to the project) and its ``config:`` mapping."""
    root, path, config = read_stack_file(stack)
    return str(path.relative_to(root)), config


def cmd_plan(args: argparse.Namespace) -> int:
    try:
        return _plan(args)
    finally:
        # The plans are garbage once rendered; a caller that goes on (the tests) collects them again.
        gc.unfreeze()


def _built(make: Callable[[], T]) -> T:
    """``make()`` (reading and building plans) with the cyclic collector paused, then every
    object alive moved out of its reach (``gc.freeze()``, Python docs, module ``gc``): the plan
    lives until the command returns and holds no reference cycles, yet each collection while it
    is rendered and its gates run would scan its million objects again (at 10,000 record sets
    a fifth to a third of the command's CPU time: docs/performance.md). :func:`cmd_plan`
    unfreezes them when it returns."""
    with plan_mod.without_cyclic_gc():
        made = make()
        gc.freeze()
    return made


def _plan(args: argparse.Namespace) -> int:
    settings = from_options(args)
    if args.accept_changes is not None:
        settings = replace(settings, accept_changes=args.accept_changes)
    baseline = _baseline(args, settings)
    secret_values = secrets.known_values(os.environ)
    extra: tuple = ()
    if args.stack:
        # load_stack has read and checked this file already; here only its credentials matter.
        path, config = _stack_config(args.stack)
        extra = tuple(secrets.findings(config, path))
        secret_values = secrets.known_values(os.environ, config)
    if args.phase is None:
        # No phase: the whole journey. Every format details the stack's own phase, with its live
        # gates (one verdict and exit status whatever the format), and summarises the others from
        # the reviewed files only (migration.report_attention, "scope"). The zone is read and
        # translated once for all phases, and only the own phase's resources are held
        # (journey_summary_for).
        own, summaries = _built(lambda: journey_summary_for(settings, baseline))
        if args.format == "json":
            # The stack's own phase as --phase plans it, the others with the journey's findings.
            plan = with_live_gates(own)
            plan = replace(plan, findings=_hosted_zone_advice(plan, journey=False) + extra)
            journey = _journey(plan, summaries, extra)
            _write_json(plan, journey, secret_values)
            return 1 if journey_fails(journey, args.fail_on) else 0
        own = with_live_gates(_with_advice(own, extra))
        journey = _journey(own, summaries, extra)
        if args.format == "text":
            _write(lambda write: report.write_text(own, write, journey, verbose=args.verbose), secret_values)
        else:
            sys.stdout.write(secrets.redact(report_markdown.render(own, journey), secret_values))
        return 1 if journey_fails(journey, args.fail_on) else 0
    plan = with_live_gates(
        _built(lambda: plan_for(replace(settings, phase=args.phase), run_gates=False, baseline=baseline))
    )
    plan = replace(plan, findings=_hosted_zone_advice(plan, journey=False) + extra)
    if args.format == "json":
        _write_json(plan, [], secret_values)
    elif args.format == "text":
        _write(lambda write: report.write_text(plan, write, verbose=args.verbose), secret_values)
    else:
        sys.stdout.write(secrets.redact(report.FORMATS[args.format](plan), secret_values))
    return 1 if fails(plan, args.fail_on) else 0


def _baseline(args: argparse.Namespace, settings: Settings) -> Applied | None:
    """The records as last applied that the plan is compared with: ``--baseline FILE`` (with
    ``migration:zoneFile``, the zone file as last applied; else the snapshot) or
    ``--baseline-commit REV`` (:func:`migration.applied.at_commit`); ``None`` without either."""
    if args.baseline_commit is not None:
        return applied.at_commit(args.baseline_commit, args.stack, args.source, Path.cwd())
    if args.baseline:
        return applied.from_file(Path(args.baseline).resolve(), settings.zone_file is not None)
    return None


def _journey(own: plan_mod.Plan, summaries: list[plan_mod.PhaseSummary], extra: tuple) -> list[plan_mod.PhaseSummary]:
    """The journey's summaries: the own phase's of ``own`` (gates and findings as shown), the
    others with the journey's findings (:func:`_with_advice`)."""
    return [own.summary() if s.settings.phase == own.settings.phase else _with_advice(s, extra) for s in summaries]


def _write_json(plan: plan_mod.Plan, journey: list[plan_mod.PhaseSummary], secret_values: list[str]) -> None:
    """``--format json`` to standard output, streamed: the document of a large zone is never
    held whole (docs/performance.md)."""
    _write(lambda write: report.write_json(plan, write, journey), secret_values)


def _write(render: Callable[[Callable[[str], Any]], None], secret_values: list[str]) -> None:
    """What ``render`` hands its writer, to standard output in pieces with ``secret_values``
    redacted (:class:`migration.secrets.RedactingWriter`)."""
    out = secrets.RedactingWriter(sys.stdout.write, secret_values)
    render(out.write)
    out.close()


def _with_advice(plan: P, extra: tuple) -> P:
    """A plan of the journey with the journey's findings (:func:`_hosted_zone_advice`) and
    ``extra`` ones."""
    return replace(plan, findings=_hosted_zone_advice(plan, journey=True) + extra)


def _hosted_zone_advice(plan: plan_mod.Plan | plan_mod.PhaseSummary, journey: bool) -> tuple[Finding, ...]:
    """The plan's findings; in the journey view (``journey``) a later phase's need of a
    hosted-zone id is a warning: nothing of that phase is applied from this view, and the mirror
    phase does not need it. Planning that phase itself (``--phase``) keeps it an error."""
    if not journey:
        return plan.findings
    return tuple(replace(f, severity="warning") if f.code == "hosted-zone-id-missing" else f for f in plan.findings)


FAIL_ON = ("refusals", "warnings")


def fails(plan: plan_mod.Plan | plan_mod.PhaseSummary, fail_on: str) -> bool:
    """Whether the plan fails the gate ``fail_on`` (one of :data:`FAIL_ON`): ``refusals`` when
    the plan is blocked (refusals or errors), ``warnings`` also when any finding is a warning."""
    if fail_on == "warnings":
        return plan.blocked or plan.counts()["warnings"] > 0
    return plan.blocked


def journey_fails(journey: list[plan_mod.PhaseSummary], fail_on: str) -> bool:
    """Whether a plan of the whole journey fails the gate ``fail_on``, the same in every format:
    when any phase does (:func:`fails`), as its verdict says ("BLOCKED later: ...") and its
    warning count counts every phase's warnings (docs/ci.md)."""
    return any(fails(p, fail_on) for p in journey)


def _output_file(option: str, path: Path, shown: str | None = None) -> None:
    """Refuse an output file that is a folder, or whose folder does not exist, before AWS is read
    for it (the system's own words, "Is a directory", would come only after the read). ``shown``
    is the path as given, when ``path`` is resolved."""
    if path.is_dir():
        shown = shown or str(path)
        raise MigrationError(
            f"{option} {shown}: a folder, not a file: give the path of the file to write, such as {shown}/NAME"
        )
    if not path.parent.is_dir():
        raise MigrationError(f"{option} {path}: the folder {path.parent} does not exist")


def _output_dir(option: str, path: Path, shown: str | None = None) -> None:
    """Refuse an output folder given as the path of something else (a file), before anything is read."""
    if path.exists() and not path.is_dir():
        raise MigrationError(f"{option} {shown or path}: a file, not a folder: give a folder (it is made if missing)")


def _default_dir(command: str, path: Path, shown: str) -> None:
    """Refuse a file where ``command`` makes its default folder ``path`` (``shown`` as the user knows it)."""
    if path.exists() and not path.is_dir():
        raise MigrationError(
            f"{shown}: a file, not a folder: {command} writes into the folder {shown}; move the file away"
        )


def _not_overwritten(path: Path, force: bool) -> None:
    """Refuse to replace an existing file without ``--force`` (as ``handover`` and ``discover``
    do): a committed snapshot or inventory is what a stack plans from, and a new one may differ."""
    if path.exists() and not force and not files.is_stream(path):
        raise MigrationError(f"{path} exists: give --force to overwrite it")


def cmd_inventory(args: argparse.Namespace) -> int:
    settings = load_stack(args.stack)
    if args.output:
        _output_file("-o", Path(args.output))
    out = Path(args.output or settings.inventory or f"{settings.zone}.inventory.json")
    # Checked before AWS is read, as snapshot does: taking it again is a choice (--force).
    _not_overwritten(out, args.force)
    snap = snapshot_file.read(settings.snapshot, settings.zone, settings.hosted_zone_id, settings.snapshot_named_by)
    document = inventory.read_live(
        snap, profile=args.profile, endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
    )
    snapshot_file.write(document, out)
    print(
        f"wrote {out}: {len(document['otherZones'])} other zone(s), {len(document['healthChecks'])} health "
        f"check(s), {len(document['queryLogging'])} query-logging config(s), DNSSEC {document['dnssec']}, "
        f"{'registered with Route53 Domains' if document['registeredDomain'] else 'registered elsewhere'}",
        file=sys.stderr,
    )
    return 0


def cmd_apply_steps(args: argparse.Namespace) -> int:
    import yaml

    from . import apply_steps

    settings = load_stack(args.stack)
    out = Path(args.output)
    _output_dir("-o", out)
    if not out.parent.is_dir():
        raise MigrationError(f"-o {out}: the folder {out.parent} does not exist")
    root = project_root(Path.cwd().resolve())
    project = (yaml.safe_load((root / "Pulumi.yaml").read_text()) or {}).get("name", "")
    # The phase's gates are checked by the plan gate before the steps run (docs/ci.md), not here.
    plan = plan_for(settings, run_gates=False)
    written = apply_steps.scripts(plan.resources, args.stack, project)
    out.mkdir(exist_ok=True)
    # The documented loop runs every step-*.sh of the folder: an earlier, larger plan's scripts
    # would run after this plan's final step.
    stale = sorted(p.name for p in out.glob("step-*.sh") if p.name not in dict(written))
    for name in stale:
        (out / name).unlink()
    if stale:
        print(f"removed {len(stale)} script(s) of an earlier run from {out}: {', '.join(stale)}", file=sys.stderr)
    for name, text in written:
        files.write_whole(out / name, text, mode=0o755)
    print(
        f"wrote {len(written)} scripts to {out}: {len(written) - 1} step{'' if len(written) == 2 else 's'} of at most "
        f"{apply_steps.REQUESTS_PER_WINDOW:,} resources (one Cloudflare rate-limit window each), then the whole "
        f"stack; run them in order, {apply_steps.WINDOW_SECONDS // 60} minutes apart:\n"
        f'  for s in {out}/step-*.sh; do sh "$s" || break; sleep {apply_steps.WINDOW_SECONDS}; done',
        file=sys.stderr,
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from . import backup

    settings = load_stack(args.stack)
    snap = snapshot_file.read(settings.snapshot, settings.zone, settings.hosted_zone_id, settings.snapshot_named_by)
    root = project_root(Path.cwd().resolve())
    _default_dir("backup", root / "backups", "backups")
    for path in backup.write(snap, root):
        print(f"wrote {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from . import restore

    new_id, servers, count, left_out = restore.restore(
        Path(args.backup),
        profile=args.profile,
        endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL"),
        hosted_zone_id=args.hosted_zone_id,
        another_zone=args.another_zone,
    )
    for label in left_out:
        print(f"left out (owned by a traffic policy: recreate the policy instance): {label}", file=sys.stderr)
    print(
        f"restored {count} record sets into the new hosted zone {new_id}; its name servers: "
        f"{', '.join(servers) or '(none listed)'}: point the delegation at them"
    )
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    """Write the stack's Cloudflare records (from the snapshot) as its editable zone file, after
    checking that the file plans exactly the same records and logical names."""
    from . import handover
    from .baseline import SETTING as ZONE_FILE
    from .resources import pulumi_inputs
    from .sources import bind
    from .stack import facts_for, ses_data

    settings = replace(load_stack(args.stack), zone_file=None)
    root = project_root(Path.cwd().resolve())
    snap = snapshot_file.read(settings.snapshot, settings.zone, settings.hosted_zone_id, settings.snapshot_named_by)
    ses_found, facts = ses_data(settings, snap), facts_for(settings, snap)
    plan = plan_mod.build(settings, snap, facts, ses_found)
    if plan.blocked:
        print(
            f"error: the plan of stack {args.stack} is blocked (refusals or errors: python -m migration plan --stack "
            f"{args.stack}); a zone file of it would lack what is refused: settle those first",
            file=sys.stderr,
        )
        return 1
    zone = snap.zone.to_text(omit_final_dot=True)
    stream = bool(args.output) and files.is_stream(Path(args.output))
    out = (
        # A stream (-o /dev/stdout) is written as named: resolved, a pipe is no path at all.
        (Path(args.output) if stream else Path(args.output).resolve())
        if args.output
        else (load_stack(args.stack).zone_file or root / "zones" / f"{zone}.zone")
    )
    if args.output:
        _output_file("-o", out, args.output)
    else:
        _default_dir("handover", out.parent, os.path.relpath(out.parent, root))
    if out.exists() and not args.force and not stream:
        raise MigrationError(f"{out} exists and may hold edits: give --force to overwrite it")
    if not args.output:
        out.parent.mkdir(parents=True, exist_ok=True)
    _output_file("-o", out)
    text = handover.zone_file_text(plan)
    # Read back before writing: at the decommission, where it becomes the source, the file must
    # plan the very records (inputs and logical names) the snapshot does.
    last = replace(settings, phase="decommission")
    before = handover.record_resources(plan_mod.build(last, snap, facts, ses_found))
    after = handover.record_resources(
        plan_mod.build(last, snap, facts, ses_found, records_source=bind.read_text(text, str(out), zone=zone))
    )
    differ = sorted(
        name
        for name in before.keys() | after.keys()
        if name not in before or name not in after or pulumi_inputs(before[name]) != pulumi_inputs(after[name])
    )
    if differ:
        raise MigrationError(
            f"{out}: not written: read back, the zone file would plan these records otherwise: " + ", ".join(differ)
        )
    shown = out.relative_to(root) if out.is_relative_to(root) else out
    files.write_whole(out, text, str(args.output or shown))
    settings_file = stack_file(root, args.stack).relative_to(root)
    if out.resolve().is_relative_to(root.resolve()):
        advice = f"set {ZONE_FILE}: {shown} in {settings_file}"
    else:
        # A stack's settings refuse a file outside the project: advise a path they accept.
        advice = (
            f"copy it into the project (such as zones/{zone}.zone) and set {ZONE_FILE} to that path in {settings_file}"
        )
    print(
        f"wrote {shown}: {len(before)} Cloudflare records of {zone}. To make it the source of the stack's records "
        f"from the decommission phase on, {advice}",
        file=sys.stderr,
    )
    return 0


def _check_inside(root: Path, folder: str, option: str) -> None:
    """Refuse ``folder`` (relative to the project ``root``) unless it is under the project, links
    followed: a stack names its files inside the project, and settings refuse one outside it
    (unless :data:`~migration.settings.ALLOW_OUTSIDE_ENV` is ``1``, honoured here too). Raises
    :class:`MigrationError`."""
    from .settings import ALLOW_OUTSIDE_ENV

    found = (root / folder).resolve()
    if os.environ.get(ALLOW_OUTSIDE_ENV) != "1" and not found.is_relative_to(root.resolve()):
        raise MigrationError(
            f"{option} {folder}: {found} is outside the project folder {root}; a stack's snapshot stays in "
            f"the project (its settings refuse one outside it): give a folder under it, such as snapshots"
        )


def cmd_discover(args: argparse.Namespace) -> int:
    """List the account's public hosted zones; scaffold a snapshot and a stack file for those
    chosen (never overwriting an existing file without ``--force``)."""
    from . import discover
    from .sources import account, route53_api

    endpoint = args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
    scaffolding = bool(args.scaffold or args.all)
    if scaffolding and not args.cloudflare_account_id:
        raise MigrationError(
            "--cloudflare-account-id is required to scaffold stacks (the account that creates the Cloudflare zones)"
        )
    root = project_root(Path.cwd().resolve())
    if scaffolding:
        _check_inside(root, args.snapshots, "--snapshots")
        _output_dir("--snapshots", root / args.snapshots, args.snapshots)
    route53 = route53_api.client(profile=args.profile, endpoint_url=endpoint)
    found = account.public_zones(route53, args.page_size)
    sys.stdout.write(discover.listing_text(found))
    if not scaffolding:
        return 0
    chosen = discover.choose(found, args.scaffold, args.all)
    region = args.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    for zone in chosen:
        name = discover.stack_name(zone)
        snapshot_path = root / args.snapshots / f"{name}.json"
        stack_path = stack_file(root, name)
        if not args.force and (snapshot_path.exists() or stack_path.exists()):
            print(
                f"{name}: kept: {Path(os.path.relpath(snapshot_path, root)) if snapshot_path.exists() else stack_path.relative_to(root)} "
                "exists (--force overwrites)",
                file=sys.stderr,
            )
            continue
        document = route53_api.read_snapshot_document(zone_id=zone.id, route53=route53)
        snapshot_file.from_document(document, "Route53 " + zone.id)  # it must load before it is written
        snapshot_path.parent.mkdir(parents=True, exist_ok=True)
        stack_path.parent.mkdir(parents=True, exist_ok=True)
        snapshot_file.write(document, snapshot_path)
        relative = Path(os.path.relpath(snapshot_path, root)).as_posix()
        files.write_whole(stack_path, discover.stack_text(zone, relative, args.cloudflare_account_id, region))
        print(
            f"{name}: wrote {relative} ({len(document['ResourceRecordSets'])} record sets) and "
            f"{stack_path.relative_to(root).as_posix()}",
            file=sys.stderr,
        )
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Print the Markdown summary of the plan documents given; exit 1 when any is blocked. A file
    given twice, or two plans of the same zone and stack, is an error (each would count twice)."""
    from . import report_summary

    documents = []
    files_given: dict[Path, str] = {}
    rows: dict[tuple[str, str], str] = {}
    for name in args.plans:
        source = str(name)
        path = Path(name).resolve()
        if path in files_given:
            raise MigrationError(f"{source}: given twice (also as {files_given[path]}); each plan counts once")
        files_given[path] = source
        document = files.parse_json(files.read_text(Path(name)), source, "a plan ('plan --format json')")
        if reasons := report_summary.problems(document):
            raise MigrationError(f"{source}: {'; '.join(reasons)}")
        zone, stack = report_summary.row(document)[:2]
        key = (str(zone), str(stack))
        if key in rows:
            raise MigrationError(
                f"{source}: another plan of zone {key[0]}, stack {key[1]} (also in {rows[key]}): the summary has "
                "one row per stack; give one of them"
            )
        rows[key] = source
        documents.append(document)
    text = report_summary.render(documents)
    sys.stdout.write(text)
    return 1 if "❌" in text else 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from .sources import route53_api

    if args.output:
        _output_file("-o", Path(args.output))
        _not_overwritten(Path(args.output), args.force)
    else:
        _default_dir("snapshot", Path(DEFAULT_SNAPSHOTS), DEFAULT_SNAPSHOTS)
    from .progress import bar

    with bar("reading record sets from Route53") as update:
        document = route53_api.read_snapshot_document(
            zone=args.zone,
            zone_id=args.zone_id,
            profile=args.profile,
            endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL"),
            progress=update,
        )
    # Check that what was read translates before it is written: a snapshot is only useful if it loads.
    snapshot_file.from_document(document, "Route53 " + (document["hostedZoneId"] or ""))
    out = Path(args.output or Path(DEFAULT_SNAPSHOTS) / f"{document['zone'].rstrip('.')}.json")
    _not_overwritten(out, args.force)
    if not args.output:
        out.parent.mkdir(exist_ok=True)  # the default folder, as discover makes it
    snapshot_file.write(document, out)
    print(
        f"wrote {out}: {len(document['ResourceRecordSets'])} record sets of {document['zone']} "
        f"(hosted zone {document['hostedZoneId']})",
        file=sys.stderr,
    )
    return 0


STACK_HELP = "the stack whose settings (stacks/Pulumi.<stack>.yaml) to use"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m migration", description=__doc__.split("\n")[0])
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("plan", help="render the migration plan (offline)")
    add_zone_options(p, "plan")
    p.add_argument(
        "--ses",
        action="append",
        default=[],
        metavar="FILE",
        help="with --source: 'aws sesv2 get-email-identity' JSON of an identity (repeatable)",
    )
    p.add_argument("--format", choices=sorted(report.FORMATS), default="text")
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="refusals",
        help="exit 1 on refusals and errors (default), or also on warnings",
    )
    p.add_argument(
        "--accept-changes",
        type=record_count,
        metavar="N",
        help="accept a plan that deletes or changes up to N existing Cloudflare records, above "
        "the safety threshold (migration:safetyThreshold)",
    )
    last = p.add_mutually_exclusive_group()
    last.add_argument(
        "--baseline",
        metavar="FILE",
        help="the records as last applied: during the freeze the snapshot, after the handover the zone "
        "file; the plan then shows the records created, updated, replaced and deleted since, and "
        "what one 'pulumi up' cannot apply",
    )
    last.add_argument(
        "--baseline-commit",
        metavar="REV",
        help="as --baseline, the records as the git commit REV held them (the commit last applied: "
        "CI records it in the stack tag migration:applied-commit): the file the stack file named "
        "at REV (migration:snapshot, or migration:zoneFile after the handover), or --source's file",
    )
    p.add_argument(
        "--phase",
        choices=PHASES,
        help="plan one phase alone and check its gates (default, in every format: the stack's "
        "migration:phase in detail and the whole journey in summary)",
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        help="text: also list unchanged (keep) resources, the Route53 record sets deleted with the "
        "hosted zone and the record sets copied as they are, instead of counting them",
    )
    p.set_defaults(func=cmd_plan, check=lambda args: stack_or_source(p, args))

    i = sub.add_parser("inventory", help="read the zone's other resources from AWS into the inventory file")
    i.add_argument("--stack", required=True, help=STACK_HELP)
    i.add_argument(
        "-o",
        "--output",
        help="file to write (default: migration:inventory); an existing file is an error unless --force",
    )
    i.add_argument("--force", action="store_true", help="overwrite an existing file (to take the inventory again)")
    aws_options(i, "AWS")
    i.set_defaults(func=cmd_inventory)

    a = sub.add_parser(
        "apply-steps",
        help="write each step's 'pulumi up --target' script for a zone larger than one Cloudflare rate-limit window",
    )
    a.add_argument("--stack", required=True, help=STACK_HELP)
    a.add_argument(
        "-o",
        "--output",
        default="apply-steps",
        metavar="DIR",
        help="folder to write step-01.sh ... into (default: apply-steps)",
    )
    a.set_defaults(func=cmd_apply_steps)

    b = sub.add_parser("backup", help="write the snapshot and a BIND zone file to backups/")
    b.add_argument("--stack", required=True, help=STACK_HELP)
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="recreate a deleted hosted zone from a backup's snapshot.json")
    r.add_argument("--backup", required=True, metavar="DIR", help="the backup folder, backups/<zone>-<hosted zone id>")
    r.add_argument(
        "--hosted-zone-id",
        metavar="ID",
        help="the deleted hosted zone's id, for a backup written by an older version that lacks it",
    )
    r.add_argument(
        "--another-zone",
        action="store_true",
        help="restore even when a public hosted zone of the name exists (restored before): makes one more",
    )
    aws_options(r, "Route53")
    r.set_defaults(func=cmd_restore)
    h = sub.add_parser(
        "handover",
        help="write the plan's Cloudflare records as the zone file to edit after the migration (migration:zoneFile)",
    )
    h.add_argument("--stack", required=True, help=STACK_HELP)
    h.add_argument("-o", "--output", help="file to write (default: migration:zoneFile, else zones/<zone>.zone)")
    h.add_argument("--force", action="store_true", help="overwrite an existing file (its edits are lost)")
    h.set_defaults(func=cmd_handover)

    d = sub.add_parser(
        "discover",
        help="list every public hosted zone of the AWS account; scaffold a snapshot and "
        "a stack file for the zones chosen",
    )
    d.add_argument(
        "--scaffold",
        action="append",
        default=[],
        metavar="ZONE",
        help="a zone to scaffold, by name or hosted-zone id (repeatable)",
    )
    d.add_argument("--all", action="store_true", help="scaffold every public hosted zone")
    d.add_argument(
        "--cloudflare-account-id",
        type=account_id_option,
        help="the Cloudflare account the new stacks create their zones in",
    )
    d.add_argument("--region", help="aws:region of the new stacks (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)")
    d.add_argument(
        "--snapshots",
        default=DEFAULT_SNAPSHOTS,
        help=f"folder of the snapshots, under the project (default: {DEFAULT_SNAPSHOTS})",
    )
    d.add_argument("--force", action="store_true", help="overwrite existing snapshots and stack files")
    # ListHostedZones returns at most 100 zones a page (Route53 API reference).
    d.add_argument(
        "--page-size",
        # Not choices=range(1, 101): argparse would list all 100 numbers in its error.
        type=number(int, 1, False, "a whole number from 1 to 100", most=100),
        default=100,
        metavar="1-100",
        help="hosted zones per ListHostedZones page (default 100)",
    )
    aws_options(d, "Route53")
    d.set_defaults(func=cmd_discover)

    m = sub.add_parser("summary", help="one Markdown table across the plans of many stacks (plan --format json files)")
    m.add_argument("plans", nargs="+", metavar="PLAN.json")
    m.set_defaults(func=cmd_summary)

    s = sub.add_parser("snapshot", help="read a hosted zone from Route53 into a snapshot file")
    s.add_argument("--zone", type=zone_option, help="the zone's name")
    s.add_argument(
        "--zone-id", type=zone_id_option, help="the hosted-zone id (when several public zones share the name)"
    )
    s.add_argument(
        "-o",
        "--output",
        help=f"file to write, in a folder that exists (default: {DEFAULT_SNAPSHOTS}/<zone>.json, the folder made "
        "if missing: where discover writes snapshots); an existing file is an error unless --force",
    )
    s.add_argument("--force", action="store_true", help="overwrite an existing file")
    aws_options(s, "Route53")
    s.set_defaults(func=cmd_snapshot)

    cli_verify.add_parser(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run a command; returns the exit status."""
    args = parser().parse_args(argv)
    if hasattr(args, "check"):
        args.check(args)
    try:
        status = args.func(args)
        sys.stdout.flush()  # here, so that a reader gone away is caught below, not at exit
        return status
    except BrokenPipeError:
        # The reader stopped early ('plan | head'): nothing is wrong with the input. Quiet, as other
        # tools are, with a shell's status for a writer SIGPIPE stopped (128 + 13); standard output
        # goes to /dev/null so that the interpreter's last flush does not complain (Python docs,
        # signal module, "Note on SIGPIPE").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        # Ctrl-C is the user's choice, not a fault: one line, the shell's status for SIGINT (128 + 2).
        print("interrupted (Ctrl-C): stopped before it finished", file=sys.stderr)
        return 130
    except MigrationError as exc:
        print(f"error: {secrets.redact(str(exc), secrets.known_values(os.environ))}", file=sys.stderr)
        return 2
    except (RuntimeError, OSError) as exc:
        if not (looped := _symlink_loop(exc)):
            if isinstance(exc, RuntimeError):
                raise
            return _os_error(exc)
        print(f"error: {secrets.redact(looped, secrets.known_values(os.environ))}", file=sys.stderr)
        return 2


def _symlink_loop(exc: RuntimeError | OSError) -> str | None:
    """The one-line error for a path that is a loop of symbolic links, or ``None`` for another
    error. ``Path.resolve()`` raises ``RuntimeError("Symlink loop from '...'")`` before Python
    3.13, ``OSError`` ELOOP since (Python docs, pathlib.Path.resolve)."""
    if isinstance(exc, RuntimeError):
        prefix = "Symlink loop from "
        text = str(exc)
        if not text.startswith(prefix):
            return None
        path = text.removeprefix(prefix).strip("'")
    elif exc.errno == errno.ELOOP and exc.filename is not None:
        path = str(exc.filename)
    else:
        return None
    return f"{path}: a loop of symbolic links (each points at the next, none at a file): point it at the file meant"


def _os_error(exc: OSError) -> int:
    """Print the one line of an ``OSError`` that reached :func:`main`; exit status 2.

    A file the command writes (or a folder it makes) that the system refuses: a directory where a
    file goes, an existing file where a folder goes, a full disk."""
    where = exc.filename if exc.filename is not None else "output"
    print(
        f"error: {secrets.redact(f'{where}: {exc.strerror or exc}', secrets.known_values(os.environ))}",
        file=sys.stderr,
    )
    return 2
