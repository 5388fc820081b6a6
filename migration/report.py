"""Render a :class:`~migration.plan.Plan` as text, Markdown (:mod:`.report_markdown`) or JSON.

The JSON form is documented in ``docs/plan-json.md`` and versioned by ``planVersion``.
Renderers only read the plan; they never compute anything the program would not declare.
"""

from __future__ import annotations

from typing import Any, Callable

from . import apply_cost, json_stream, report_email, report_markdown
from .plan import NameServersRef, Plan, PlannedResource, ZoneRef

PLAN_VERSION = 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, (ZoneRef, NameServersRef)):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _value(res: PlannedResource) -> str:
    inputs = res.inputs
    if "content" in inputs:
        text = inputs["content"]
        if "priority" in inputs:
            text = f"{inputs['priority']} {text}"
        return text
    if "data" in inputs:
        return " ".join(f"{k}={v}" for k, v in inputs["data"].items())
    return ""


def _options(res: PlannedResource) -> str:
    """A non-record resource's options for the value column: import id, protect, force_destroy,
    and a subject for what the inputs alone do not say."""
    parts = [f"import {res.import_id}"] if res.import_id else []
    parts += ["protect"] if res.protect else []
    parts += ["retain_on_delete"] if res.retain_on_delete else []
    parts += ["force_destroy"] if res.inputs.get("force_destroy") else []
    parts += [f"name servers {res.inputs['name_servers']}"] if "name_servers" in res.inputs else []
    return " ".join(parts) + (f" ({res.subject})" if res.action in ("delete", "update") else "")


def _kind(res: PlannedResource) -> str:
    """A record's DNS type, or the resource's type token for anything else."""
    return res.inputs["type"] if res.type.endswith("DnsRecord") else res.type


def _document(plan: Plan) -> dict[str, Any]:
    """The ``--format json`` document with its two long lists (``resources``, ``recordSets``) as
    generators, made while they are written, and resource inputs as the plan holds them (a
    :class:`ZoneRef` is written as its text by :func:`_ref_text`)."""
    return {
        "planVersion": PLAN_VERSION,
        "stack": plan.settings.stack,
        "zone": plan.snapshot.zone.to_text(omit_final_dot=True),
        "phase": plan.settings.phase,
        "hostedZoneId": plan.snapshot.hosted_zone_id,
        "source": plan.snapshot.source,
        "summary": plan.counts(),
        "blocked": plan.blocked,
        "applyCost": apply_cost.estimate(plan.resources).to_dict(),
        "resources": (
            {"type": r.type, "name": r.name, "action": r.action, "subject": r.subject,
             "importId": r.import_id, "protect": r.protect, "retainOnDelete": r.retain_on_delete,
             "dependsOn": r.depends_on, "aliases": r.aliases, "deleteBeforeReplace": r.delete_before_replace,
             "inputs": r.inputs}
            for r in plan.resources
        ),
        # owner_text is name.to_text(), cached and rendered without dnspython's per-character loop.
        "recordSets": (
            {"name": o.record_set.owner_text, "type": o.record_set.rtype,
             "setIdentifier": o.record_set.routing.set_identifier if o.record_set.routing else None,
             "status": o.status, "reason": o.reason,
             "records": [r.logical_name for r in o.records], "mergedInto": o.merged_into}
            for o in plan.translation.outcomes
        ),
        "findings": [{"severity": f.severity, "code": f.code, "subject": f.subject, "message": f.message}
                     for f in plan.findings],
        "email": report_email.to_dict(plan.email),
        "gates": [{"name": g.name, "passed": g.passed, "detail": g.detail, "differences": list(g.differences)}
                  for g in plan.gates],
    }


def _ref_text(value: Any) -> str:
    if isinstance(value, (ZoneRef, NameServersRef)):
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (the ``--format json`` document)."""
    document = _document(plan)
    document["resources"] = [{**r, "dependsOn": list(r["dependsOn"]), "inputs": _jsonable(r["inputs"])}
                             for r in document["resources"]]
    document["recordSets"] = list(document["recordSets"])
    return document


def write_json(plan: Plan, write: Callable[[str], Any]) -> None:
    """``--format json`` handed to ``write`` in pieces as it is made: the text of
    ``json.dumps(to_dict(plan), indent=2, ensure_ascii=False)`` and a newline, without holding
    the document or its text whole (:mod:`migration.json_stream`)."""
    json_stream.Writer(write, _ref_text).document(_document(plan))


def to_json(plan: Plan) -> str:
    """``--format json`` as one string (:func:`write_json`)."""
    pieces: list[str] = []
    write_json(plan, pieces.append)
    return "".join(pieces)


def _summary_line(plan: Plan) -> str:
    c = plan.counts()
    return (f"{c['recordSets']} record sets: {c['translated']} translated, {c['skipped']} skipped, "
            f"{c['refused']} refused; {c['cloudflareRecords']} Cloudflare records; resources: "
            f"{c['create']} to create, {c['adopt']} to adopt, {c['update']} to update, "
            f"{c['keep']} kept, {c['delete']} to delete; "
            f"{c['errors']} errors, {c['warnings']} warnings")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    widths[-1] = 0  # the last column runs free: long TXT values must not pad everything
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers).rstrip(), *(fmt.format(*r).rstrip() for r in rows)]


def _email_text(plan: Plan) -> list[str]:
    email = plan.email
    lines = ["Email"]
    if email.identities:
        lines += ["  SES identities"] + ["    " + report_email.identity_line(i) for i in email.identities]
    selectors, mail_from = report_email.selector_rows(email), report_email.mail_from_rows(email)
    lines += ["  DKIM selectors"] + (["    " + l for l in _table(report_email.SELECTOR_HEADERS, selectors)]
                                      if selectors else ["    (none)"])
    if mail_from:
        lines += ["  MAIL FROM"] + ["    " + l for l in _table(report_email.MAIL_FROM_HEADERS, mail_from)]
    if email.notes:
        lines += ["  Notes"] + ["    " + n for n in email.notes]
    return lines


def to_text(plan: Plan) -> str:
    """``--format text``: a terminal report."""
    lines = [f"Migration plan for {plan.snapshot.zone.to_text(omit_final_dot=True)} "
             f"(stack {plan.settings.stack}, phase {plan.settings.phase})", _summary_line(plan),
             apply_cost.estimate(plan.resources).summary(), ""]
    lines.append("Resources")
    lines += ["  " + l for l in _table(
        ["action", "type", "name", "ttl", "proxied", "value"],
        [[r.action, _kind(r),
          r.inputs.get("name", ""), str(r.inputs.get("ttl", "")),
          "" if "proxied" not in r.inputs else ("proxied" if r.inputs["proxied"] else "DNS-only"),
          _value(r) + (f" (import {r.import_id})" if r.import_id else "") if r.type.endswith("DnsRecord")
          else _options(r)]
         for r in plan.resources])]
    lines += ["", "Record sets"]
    lines += ["  " + l for l in _table(
        ["status", "record set", "reason"],
        [[o.status, o.record_set.label, o.reason or (f"{len(o.records)} record(s)")]
         for o in plan.translation.outcomes])]
    lines += ["", *_email_text(plan)]
    if plan.gates:
        lines += ["", "Gates"] + [f"  {g.message()}" for g in plan.gates]
    if plan.findings:
        lines += ["", "Findings"]
        lines += [f"  {f.severity.upper():8} {f.subject}: {f.message}" for f in plan.findings]
    lines += ["", "BLOCKED: fix the refusals and errors above before applying." if plan.blocked
              else "Nothing refused: review, then 'pulumi preview' and 'pulumi up'."]
    return "\n".join(lines) + "\n"


def journey_text(plans: list[Plan]) -> str:
    """The whole migration, phase after phase (one plan per phase, in order), so a reviewer sees
    on one page what is created, adopted, updated and deleted, and when."""
    zone = plans[0].snapshot.zone.to_text(omit_final_dot=True)
    head = [f"Migration journey for {zone}: " + " -> ".join(p.settings.phase for p in plans),
            "Each phase is previewed and applied on its own (migration:phase); gates are checked when "
            "a phase is previewed (python -m migration plan --phase PHASE).", ""]
    return "\n".join(head) + "\n" + "\n".join(to_text(p) for p in plans)


FORMATS: dict[str, Callable[[Plan], str]] = {"text": to_text, "markdown": report_markdown.render, "json": to_json}
