"""Render a :class:`~migration.verify.VerifyResult` as a terminal table (rich), Markdown or JSON.

Rows are the checks that need a reader (different, unchecked, warning, equivalent); equal
checks are counted in the summary line, and all of them are in the JSON document.
"""

from __future__ import annotations

import io
import json
from typing import Any, Callable

from rich.console import Console
from rich.table import Table

from . import VerifyResult
from .compare import Check

VERIFY_VERSION = 1
_ORDER = {"different": 0, "unchecked": 1, "warning": 2, "equivalent": 3, "equal": 4}
_STYLE = {"different": "bold red", "unchecked": "yellow", "warning": "yellow", "equivalent": "cyan", "equal": "green"}
_VERDICT = {0: "All checked answers agree.", 1: "DIFFERENCES found: see the rows marked different.",
            2: "Some servers could not be checked: see the rows marked unchecked."}


def _rows(result: VerifyResult) -> list[Check]:
    return sorted((c for c in result.checks if c.status != "equal"), key=lambda c: _ORDER[c.status])


def _summary(result: VerifyResult) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items())
    rate = result.queries / result.seconds if result.seconds else 0.0
    return f"{len(result.checks)} checks: {counts}; {result.queries} queries in {result.seconds:.2f} s ({rate:.0f}/s)"


def _not_compared(result: VerifyResult) -> list[str]:
    """One line per record set left out on purpose (``migration:ignore``), none when there are none."""
    if not result.not_compared:
        return []
    return [f"{len(result.not_compared)} record set(s) not compared:"] + [
        f"  {label}: {reason}" for label, reason in result.not_compared]


def to_dict(result: VerifyResult) -> dict[str, Any]:
    """The JSON document: ``verifyVersion``, ``zone``, ``exitStatus``, ``summary`` (counts by
    status), ``queries``, ``seconds``, every check and ``notCompared`` (record sets left out on
    purpose: ``recordSet``, ``reason``)."""
    return {
        "verifyVersion": VERIFY_VERSION,
        "zone": result.zone,
        "exitStatus": result.exit_status,
        "summary": result.counts(),
        "queries": result.queries,
        "seconds": round(result.seconds, 3),
        "checks": [{"area": c.area, "subject": c.subject, "status": c.status, "code": c.code,
                    "server": c.server, "detail": c.detail} for c in result.checks],
        "notCompared": [{"recordSet": label, "reason": reason} for label, reason in result.not_compared],
    }


def to_json(result: VerifyResult) -> str:
    """``--format json``."""
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"


def to_text(result: VerifyResult, color: bool = False, width: int = 200) -> str:
    """``--format text``: a table of the checks that need reading, then the summary."""
    table = Table(title=f"Verification of {result.zone}", show_lines=False, expand=False)
    for header in ("status", "area", "subject", "code", "server", "detail"):
        table.add_column(header, overflow="fold")
    for c in _rows(result):
        table.add_row(f"[{_STYLE[c.status]}]{c.status}[/]", c.area, c.subject, c.code, c.server, c.detail)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False)
    if table.row_count:
        console.print(table)
    console.print(_summary(result), soft_wrap=True)
    for line in _not_compared(result):
        console.print(line, soft_wrap=True, markup=False)
    console.print(_VERDICT[result.exit_status], soft_wrap=True)
    return buffer.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: VerifyResult) -> str:
    """``--format markdown``: for a pull-request comment."""
    out = [f"## Verification of `{result.zone}`", "", _summary(result), ""]
    rows = _rows(result)
    if rows:
        out += ["| status | area | subject | code | server | detail |", "|---|---|---|---|---|---|"]
        out += [f"| {c.status} | {c.area} | `{_md(c.subject)}` | {c.code} | {_md(c.server)} | {_md(c.detail)} |"
                for c in rows]
        out.append("")
    if result.not_compared:
        out += [_not_compared(result)[0], ""] + [f"- `{_md(label)}`: {_md(reason)}" for label, reason in result.not_compared]
        out.append("")
    out.append(f"**{_VERDICT[result.exit_status]}**")
    return "\n".join(out) + "\n"


FORMATS: dict[str, Callable[[VerifyResult], str]] = {"text": to_text, "markdown": to_markdown, "json": to_json}
