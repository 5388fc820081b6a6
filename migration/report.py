"""Render a :class:`~migration.plan.Plan` as text, Markdown (:mod:`.report_markdown`) or JSON.

The JSON form is documented in ``docs/plan-json.md`` and versioned by ``planVersion``.
Renderers only read the plan; they never compute anything the program would not declare.
"""

from __future__ import annotations

from itertools import islice
from operator import attrgetter
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import apply_cost, report_attention, report_email, report_markdown
from .model import Finding
from .plan import PhaseSummary, Plan
from .resources import NameServersRef, PlannedResource, ZoneRef, deleted_with_zone, pulumi_inputs

PLAN_VERSION = 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, (ZoneRef, NameServersRef)):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _options(res: PlannedResource) -> str:
    """A non-record resource's options for the value column: import id, protect, force_destroy,
    and a subject for what the inputs alone do not say."""
    parts = [f"import {res.import_id}"] if res.import_id else []
    parts += ["protect"] if res.protect else []
    parts += ["retain_on_delete"] if res.retain_on_delete else []
    parts += ["force_destroy"] if res.inputs.get("force_destroy") else []
    parts += [f"name servers {res.inputs['name_servers']}"] if "name_servers" in res.inputs else []
    return " ".join(parts) + (f" ({res.subject})" if res.action in ("delete", "update") else "")


def _document(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> dict[str, Any]:
    """The ``--format json`` document with its two long lists (``resources``, ``recordSets``) as
    generators, made while they are written, and resource inputs as the plan holds them (a
    :class:`ZoneRef` is written as its text by :func:`_ref_text`). ``journey`` (every phase of
    the stack summarised, :class:`migration.plan.PhaseSummary`, in order) fills ``journey``: each
    phase's counts, verdict, deletions and the findings the stack's phase lacks
    (:func:`migration.report_attention.later_findings`)."""
    later = report_attention.later_findings(plan, journey)
    return {
        "planVersion": PLAN_VERSION,
        "stack": plan.settings.stack,
        "zone": plan.snapshot.zone.to_text(omit_final_dot=True),
        "phase": plan.settings.phase,
        "hostedZoneId": plan.snapshot.hosted_zone_id,
        "source": plan.snapshot.source,
        "summary": plan.counts(),
        "blocked": plan.blocked,
        "scope": report_attention.scope(plan, journey),
        "hostedZoneDeletion": report_attention.hosted_zone_deletion(plan, journey),
        "needsAttention": [
            {
                "kind": i.kind,
                "subjects": list(i.subjects),
                "message": i.message,
                "phase": i.phase or plan.settings.phase,
            }
            for i in report_attention.items(plan, journey)
        ],
        "journey": [
            {
                "phase": p.settings.phase,
                "summary": p.counts(),
                "blocked": p.blocked,
                "deletes": [r.subject for r in p.deletions],
                "findings": [_finding(f) for f in later[p.settings.phase]],
            }
            for p in journey
        ],
        "applyCost": apply_cost.estimate(plan.resources).to_dict(),
        "resources": (
            {
                "type": r.type,
                "name": r.name,
                "action": r.action,
                "subject": r.subject,
                "importId": r.import_id,
                "protect": r.protect,
                "retainOnDelete": r.retain_on_delete,
                "dependsOn": r.depends_on,
                "aliases": r.aliases,
                "deleteBeforeReplace": r.delete_before_replace,
                "inputs": pulumi_inputs(r),
            }
            for r in plan.resources
        ),
        # owner_text is name.to_text(), cached and rendered without dnspython's per-character loop.
        "recordSets": (
            {
                "name": o.record_set.owner_text,
                "type": o.record_set.rtype,
                "setIdentifier": o.record_set.routing.set_identifier if o.record_set.routing else None,
                "status": o.status,
                "reason": o.reason,
                "records": [r.logical_name for r in o.records],
                "mergedInto": o.merged_into,
            }
            for o in plan.translation.outcomes
        ),
        "findings": [_finding(f) for f in plan.findings],
        "email": report_email.to_dict(plan.email),
        "gates": [
            {"name": g.name, "passed": g.passed, "detail": g.detail, "differences": list(g.differences)}
            for g in plan.gates
        ],
    }


def _finding(f: Finding) -> dict[str, str]:
    return {"severity": f.severity, "code": f.code, "subject": f.subject, "message": f.message}


def _ref_text(value: Any) -> str:
    if isinstance(value, (ZoneRef, NameServersRef)):
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def to_dict(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> dict[str, Any]:
    """The plan as JSON-ready data (the ``--format json`` document; ``journey`` as
    :func:`_document`)."""
    document = _document(plan, journey)
    document["resources"] = [
        {**r, "dependsOn": list(r["dependsOn"]), "inputs": _jsonable(r["inputs"])} for r in document["resources"]
    ]
    document["recordSets"] = list(document["recordSets"])
    return document


def write_json(plan: Plan, write: Callable[[str], Any], journey: Sequence[PhaseSummary] = ()) -> None:
    """``--format json`` handed to ``write`` in pieces as it is made: the text of
    ``json.dumps(to_dict(plan, journey), indent=2, ensure_ascii=False)`` and a newline, without
    holding the document or its text whole (:mod:`migration.json_stream`)."""
    # Imported here: orjson (and the uuid and platform modules it loads) is for JSON only.
    from . import json_stream

    json_stream.Writer(write, _ref_text).document(_document(plan, journey))


def to_json(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> str:
    """``--format json`` as one string (:func:`write_json`)."""
    pieces: list[str] = []
    write_json(plan, pieces.append, journey)
    return "".join(pieces)


def _table(headers: list[str], rows: list[list[str]]) -> Iterator[str]:
    """The lines of a table, each made as it is read (a table of 50,000 rows is 10 M characters)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    return _lines(headers, widths, rows)


def _lines(headers: list[str], widths: list[int], rows: Iterable[list[str]]) -> Iterator[str]:
    """The lines of a table whose columns are ``widths`` wide (the last runs free: long TXT values
    must not pad everything), each row made as its line is."""
    fmt = "  ".join(f"{{:<{w}}}" for w in [*widths[:-1], 0])
    yield fmt.format(*headers).rstrip()
    for r in rows:
        yield fmt.format(*r).rstrip()


def _email_text(plan: Plan) -> list[str]:
    email = plan.email
    lines = ["Email"]
    if email.identities:
        lines += ["  SES identities"] + ["    " + report_email.identity_line(i) for i in email.identities]
    selectors, mail_from = report_email.selector_rows(email), report_email.mail_from_rows(email)
    lines += ["  DKIM selectors"] + (
        ["    " + line for line in _table(report_email.SELECTOR_HEADERS, selectors)] if selectors else ["    (none)"]
    )
    if mail_from:
        lines += ["  MAIL FROM"] + ["    " + line for line in _table(report_email.MAIL_FROM_HEADERS, mail_from)]
    if email.notes:
        lines += ["  Notes"] + ["    " + n for n in email.notes]
    return lines


def _summary_table(plan: Plan, journey: Sequence[PhaseSummary]) -> list[str]:
    """One row of counts per phase in scope (the columns of the Markdown summary)."""
    rows = [
        [phase.replace("**", ""), *(str(counts[k]) for _, k in report_markdown.SUMMARY_COLUMNS)]
        for phase, counts in report_markdown.summary_rows(plan, journey)
    ]
    return list(_table(["phase", *(h for h, _ in report_markdown.SUMMARY_COLUMNS)], rows))


def _attention_lines(plan: Plan, journey: Sequence[PhaseSummary]) -> list[str]:
    found = report_attention.items(plan, journey)
    if not found:
        # Not "nothing" alone when warnings follow: a reader stopping here would miss them.
        warned = report_attention.warning_count(plan, journey)
        return [
            "Needs attention: nothing (no refusal, no error, no stale DKIM selector, no other deletion)"
            + (f"; {warned} below" if warned else "")
        ]
    lines = [f"Needs attention ({len(found)})"]
    for item in found:
        where = f" (phase {item.phase})" if item.phase else ""
        kind = "ERROR" if item.kind == "error" else item.kind
        lines.append(f"  {kind:14} {', '.join(item.subjects)}{where}: {item.message}")
    return lines


def _resource_cells(r: PlannedResource) -> list[str]:
    """A row of the changes table but its last column, the value."""
    rec = r.record
    if rec is None:  # the resource's type token, its name if it has one
        return [r.action, r.type, r.inputs.get("name", ""), "", ""]
    return [r.action, rec.type, rec.name, str(rec.ttl), "proxied" if rec.proxied else "DNS-only"]


_action = attrgetter("action")
_record = attrgetter("record")


def _changes(plan: Plan, verbose: bool) -> Iterator[str]:
    """The resources table: unchanged (``keep``) resources and the Route53 record sets deleted
    with the hosted zone are counted below it unless ``verbose``. Its rows are never held (65,000
    for a zone of 50,000 record sets: docs/performance.md): the widths of the columns but the last
    (which runs free) are measured column by column, then each line is made as it is written."""
    resources = plan.resources
    shown = [r for r in resources if verbose or not (r.action == "keep" or deleted_with_zone(r))]
    yield f"Changes (phase {plan.settings.phase})"
    if shown:
        yield from _changes_table(shown)
    else:
        yield "  (no change)"
    if not verbose:
        # What is not shown is either kept or deleted with the zone (a deletion is never kept).
        kept = list(map(_action, resources)).count("keep")
        with_zone = len(resources) - len(shown) - kept
        if kept:
            yield f"  {kept} resources unchanged (keep): not listed (--verbose lists them)"
        if with_zone:
            yield f"  {with_zone} Route53 record sets deleted with the hosted zone: not listed (--verbose lists them)"


def _changes_table(shown: list[PlannedResource]) -> Iterator[str]:
    """The lines of the changes table of ``shown``, indented: a row per resource, its cells
    :func:`_resource_cells` and the value (a record's :func:`report_markdown.record_value`, a
    resource's :func:`_options`)."""
    headers = ["action", "type", "name", "ttl", "proxied", "value"]
    records = [rec for rec in map(_record, shown) if rec is not None]
    others = [r for r in shown if r.record is None]
    # A column's width from its distinct cells where they repeat (actions, types, TTLs), in C.
    widths = [
        max(map(len, {*map(_action, shown), "action"})),
        max(map(len, {*(rec.type for rec in records), "type"})),
        max(map(len, [rec.name for rec in records]), default=0),
        max(map(len, {*map(str, {rec.ttl for rec in records}), "ttl"})),
        max(map(len, {*("proxied" if rec.proxied else "DNS-only" for rec in records), "proxied"})),
    ]
    for cells in map(_resource_cells, others):
        widths = list(map(max, widths, map(len, cells)))
    widths[2] = max(widths[2], len("name"))
    # Every cell is a string: ``%-Ns`` pads it as ``str.ljust(N)`` does, at half str.format's cost.
    fmt = "  " + "  ".join(f"%-{w}s" for w in widths) + "  %s"
    yield (fmt % tuple(headers)).rstrip()
    for r in shown:
        rec = r.record
        if rec is None:  # not a record: its options
            value = _options(r)
        else:
            value = report_markdown.record_value(rec) + (f" (import {r.import_id})" if r.import_id else "")
        yield (fmt % (*_resource_cells(r), value)).rstrip()


_status = attrgetter("status")


def _record_sets(plan: Plan, verbose: bool) -> Iterator[str]:
    """Record sets the plan changes or skips, with the reason (refused ones are in Needs
    attention); those copied as they are counted unless ``verbose``."""
    outcomes = plan.translation.outcomes
    shown = [o for o in outcomes if verbose or (o.status == "skipped" or (o.status == "translated" and o.reason))]
    c = plan.counts()
    yield f"Record sets ({c['translated']} translated, {c['skipped']} skipped, {c['refused']} refused)"
    if shown:
        # The reason runs free: the rows are made as their lines are written, never held.
        status = max(map(len, {*map(_status, shown), "status"}))
        label = max(len("record set"), *(len(o.record_set.label) for o in shown))
        fmt = f"  %-{status}s  %-{label}s  %s"
        yield (fmt % ("status", "record set", "reason")).rstrip()
        for o in shown:
            yield (fmt % (o.status, o.record_set.label, o.reason or f"{len(o.records)} record(s)")).rstrip()
    copied = len(outcomes) - len(shown) - (0 if verbose else c["refused"])
    if not verbose and copied:
        yield f"  {copied} record sets copied as they are: not listed (--verbose lists them)"


def to_text(plan: Plan, journey: Sequence[PhaseSummary] = (), verbose: bool = False) -> str:
    """``--format text`` as one string (:func:`write_text`)."""
    pieces: list[str] = []
    write_text(plan, pieces.append, journey, verbose)
    return "".join(pieces)


# Lines handed to ``write`` at a time: few calls, and never the whole report in memory.
_LINES_PER_WRITE = 1000


def write_text(
    plan: Plan, write: Callable[[str], Any], journey: Sequence[PhaseSummary] = (), verbose: bool = False
) -> None:
    """``--format text`` handed to ``write`` in pieces of whole lines, each ending in a newline:
    a terminal report, the most important first: the verdict, the scope, the hosted-zone
    deletion, a summary row per phase, what needs attention, warnings and notes, then the
    changes, record sets, email and gates. ``journey`` (every phase of the stack summarised, in order) adds
    a summary row per phase and what later phases delete (:mod:`migration.report_attention`).
    Unchanged resources, the Route53 record sets deleted with the zone and record sets copied as
    they are are counted, not listed, unless ``verbose``. The lines of the long tables are made as
    they are written: the report of a large zone is never held whole (docs/performance.md)."""
    lines = _text_lines(plan, journey, verbose)
    while batch := list(islice(lines, _LINES_PER_WRITE)):
        write("\n".join(batch) + "\n")


def _text_lines(plan: Plan, journey: Sequence[PhaseSummary], verbose: bool) -> Iterator[str]:
    """The lines of :func:`write_text`, without their newlines."""
    c = plan.counts()
    lines = [
        f"Migration plan for {plan.snapshot.zone.to_text(omit_final_dot=True)} "
        f"(stack {plan.settings.stack}, phase {plan.settings.phase})",
        report_attention.verdict(plan, journey),
        f"Scope: {report_attention.scope(plan, journey)}.",
    ]
    deletion = report_attention.hosted_zone_deletion(plan, journey)
    if deletion:
        lines.append(deletion)
    lines += [
        f"{c['recordSets']} record sets -> {c['cloudflareRecords']} Cloudflare records; hosted zone "
        f"{plan.snapshot.hosted_zone_id or 'unknown'}",
        apply_cost.estimate(plan.resources).summary(),
        "",
    ]
    lines += ["Summary"] + ["  " + line for line in _summary_table(plan, journey)] + [""]
    lines += _attention_lines(plan, journey) + [""]
    warned = report_attention.warnings(plan, journey)
    if warned:
        lines += [f"Warnings ({len(warned)})"]
        lines += [f"  {f.subject}{f' (phase {phase})' if phase else ''}: {f.message}" for phase, f in warned] + [""]
    notes = report_attention.warnings(plan, journey, "info")
    if notes:
        lines += [f"Notes ({len(notes)})"]
        lines += [f"  {f.subject}{f' (phase {phase})' if phase else ''}: {f.message}" for phase, f in notes] + [""]
    if plan.gates:
        lines += ["Gates"] + [f"  {g.message()}" for g in plan.gates] + [""]
    yield from lines
    yield from _changes(plan, verbose)
    yield ""
    yield from _record_sets(plan, verbose)
    yield ""
    yield from _email_text(plan)
    yield ""
    yield report_attention.verdict(plan, journey, where="above")


FORMATS: dict[str, Callable[[Plan], str]] = {"text": to_text, "markdown": report_markdown.render, "json": to_json}
