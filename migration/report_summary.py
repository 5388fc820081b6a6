"""One summary across zones: the plans of many stacks (``plan --format json``, docs/plan-json.md)
as one Markdown table, for the single pull-request comment the CI's matrix of previews posts.

Pure: documents in, text out (``python -m migration summary`` reads the files). A stack whose
plan could not be made at all is given as ``{"stack": NAME, "error": MESSAGE}`` (the workflow
writes that from the plan's error output) and shows as a row with the error.
"""

from __future__ import annotations

import json
from typing import Any

from .report import PLAN_VERSION
from .settings import PHASES

MARKER = "<!-- dns-migration: summary across zones -->"
HEADERS = ("zone", "stack", "phase", "creates", "deletes", "refusals", "errors", "verdict")


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


NEITHER = 'not a plan document (\'python -m migration plan --format json\') nor {"stack": ..., "error": ...}'
# The counts of a plan's "summary" the table shows (docs/plan-json.md).
_COUNTS = ("create", "delete", "refused", "errors")


def _shown(value: Any) -> str:
    return json.dumps(value)[:80]


def problems(document: Any) -> list[str]:
    """Why ``document`` (parsed JSON) is not one the table can show, each reason naming the field
    (``'zone' must be text, not null``); ``[]`` when it is a plan document of ``planVersion``
    :data:`~migration.report.PLAN_VERSION` or an error document. A plan of another version is
    refused, as docs/plan-json.md asks of every reader; keys the table does not read are not checked."""
    if not isinstance(document, dict) or ("error" not in document and "planVersion" not in document):
        return [NEITHER]
    texts = ("stack", "error") if "error" in document else ("zone", "stack", "phase")
    version = document.get("planVersion")
    if "error" not in document and (type(version) is not int or version != PLAN_VERSION):
        return [
            f"planVersion {_shown(version)} is not the version this summary reads ({PLAN_VERSION}): "
            "make the plan with this version of 'python -m migration plan --format json'"
        ]
    found = [f"'{key}' is missing" for key in texts if key not in document]
    found += [f"'{key}' must be text, not {_shown(document[key])}" for key in texts if not _is(document, key, str)]
    if "error" in document:
        return found
    if "blocked" not in document:
        found.append("'blocked' is missing")
    elif not isinstance(document["blocked"], bool):
        found.append(f"'blocked' must be true or false, not {_shown(document['blocked'])}")
    summary = document.get("summary")
    if summary is None:
        found.append("'summary' is missing")
    elif not isinstance(summary, dict):
        found.append(f"'summary' must be an object of counts, not {_shown(summary)}")
    else:
        for key in _COUNTS:
            count = summary.get(key)
            if key not in summary:
                found.append(f"'summary.{key}' is missing")
            elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
                found.append(f"'summary.{key}' must be a whole number, not {_shown(count)}")
    return found + _journey_problems(document.get("journey", []))


def _journey_problems(journey: Any) -> list[str]:
    """Why ``journey`` is not the ``journey`` list the row reads (phases, verdicts, findings;
    ``findings`` may be absent: plans made before it was added)."""
    if not isinstance(journey, list):
        return [f"'journey' must be a list, not {_shown(journey)}"]
    found = []
    for i, phase in enumerate(journey):
        where = f"'journey[{i}]"
        if not isinstance(phase, dict):
            found.append(f"{where}' must be an object, not {_shown(phase)}")
            continue
        for key in ("phase", "blocked"):
            if key not in phase:
                found.append(f"{where}.{key}' is missing")
        if "phase" in phase and phase["phase"] not in PHASES:
            found.append(f"{where}.phase' must be one of {', '.join(PHASES)}, not {_shown(phase['phase'])}")
        if "blocked" in phase and not isinstance(phase["blocked"], bool):
            found.append(f"{where}.blocked' must be true or false, not {_shown(phase['blocked'])}")
        findings = phase.get("findings", [])
        if not isinstance(findings, list) or not all(
            isinstance(f, dict) and isinstance(f.get("severity"), str) for f in findings
        ):
            found.append(f"{where}.findings' must be a list of findings with a severity, not {_shown(findings)}")
    return found


def _is(document: dict[str, Any], key: str, kind: type) -> bool:
    """Whether ``key`` is absent (reported apart) or of ``kind``."""
    return key not in document or isinstance(document[key], kind)


def row(document: dict[str, Any]) -> tuple[str, ...]:
    """The table row of one plan document (or error document) that :func:`problems` accepts."""
    if "error" in document:
        return ("-", document["stack"], "-", "-", "-", "-", "1", f"❌ {document['error']}")
    summary = document["summary"]
    # Without --phase the plan covers the whole journey: its later phases' warnings and blocks
    # count as in the plan's own verdict and exit status (cli.journey_fails).
    later = [p for p in document.get("journey", []) if p["phase"] != document["phase"]]
    warned = summary.get("warnings", 0) + sum(f["severity"] == "warning" for p in later for f in p.get("findings", []))
    blocked_later = [p["phase"] for p in later if p["blocked"]]
    ready = "✅ ready" + (f", {warned} warning{'' if warned == 1 else 's'}" if warned else "")
    if document["blocked"]:
        verdict = "❌ blocked"
    elif blocked_later:
        verdict = f"❌ blocked later: {', '.join(blocked_later)}"
    else:
        verdict = "⚠️ deletes" if summary["delete"] else ready
    return (
        document["zone"],
        document["stack"],
        document["phase"],
        str(summary["create"]),
        str(summary["delete"]),
        str(summary["refused"]),
        str(summary["errors"]),
        verdict,
    )


def render(documents: list[dict[str, Any]]) -> str:
    """The comment: a marker line (to edit the comment in place), a heading with the number of
    zones and how many are blocked, one row per stack sorted by zone then stack, and totals."""
    rows = sorted((row(d) for d in documents), key=lambda r: (r[0], r[1]))
    blocked = sum(1 for r in rows if r[7].startswith("❌"))
    totals = [sum(int(r[i]) for r in rows if r[i].isdigit()) for i in range(3, 7)]
    out = [
        MARKER,
        f"## DNS migration: {len(rows)} zone(s), {blocked} blocked",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    out += [f"| **total** | | | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | |", ""]
    return "\n".join(out)
