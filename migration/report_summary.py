"""One summary across zones: the plans of many stacks (``plan --format json``, docs/plan-json.md)
as one Markdown table, for the single pull-request comment the CI's matrix of previews posts.

Pure: documents in, text out (``python -m migration summary`` reads the files). A stack whose
plan could not be made at all is given as ``{"stack": NAME, "error": MESSAGE}`` (the workflow
writes that from the plan's error output) and shows as a row with the error.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- dns-migration: summary across zones -->"
HEADERS = ("zone", "stack", "phase", "creates", "deletes", "refusals", "errors", "verdict")


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def row(document: dict[str, Any]) -> tuple[str, ...]:
    """The table row of one plan document (or error document); raises ``KeyError`` /
    ``TypeError`` when it has neither shape."""
    if "error" in document:
        return ("-", document["stack"], "-", "-", "-", "-", "1", f"❌ {document['error']}")
    summary = document["summary"]
    verdict = "❌ blocked" if document["blocked"] else ("⚠️ deletes" if summary["delete"] else "✅ ready")
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
