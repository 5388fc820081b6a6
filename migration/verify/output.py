"""Render a :class:`~migration.verify.VerifyResult` as a terminal table (rich), Markdown or JSON.

Problems first: rows are the checks that need a reader (different, unchecked, warning, note),
worst first; expected equivalences (an alias answered by a CNAME, a clamped TTL, a type
published as another) and record sets skipped on purpose are counted in one line by code
unless ``verbose``; equal checks are counted in the summary line. The JSON document holds
every check.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any, Callable

from rich.console import Console
from rich.table import Table

from . import VerifyResult
from .compare import Check

VERIFY_VERSION = 1
_ORDER = {"different": 0, "unchecked": 1, "warning": 2, "note": 3, "equivalent": 4, "equal": 5}
_STYLE = {
    "different": "bold red",
    "unchecked": "yellow",
    "warning": "yellow",
    "note": "blue",
    "equivalent": "cyan",
    "equal": "green",
}
_VERDICT = {
    0: "All checked answers agree, and every record set of the snapshot is accounted for.",
    1: "DIFFERENCES found: see the rows marked different.",
    2: "Some servers could not be checked: see the rows marked unchecked.",
}


def _expected(check: Check) -> bool:
    """Counted, not listed, unless verbose: equivalences and record sets skipped on purpose."""
    return check.status == "equivalent" or (check.status == "note" and check.code == "skipped")


def _rows(result: VerifyResult, verbose: bool = False) -> list[Check]:
    return sorted(
        (c for c in result.checks if c.status != "equal" and (verbose or not _expected(c))),
        key=lambda c: _ORDER[c.status],
    )


def _expected_line(result: VerifyResult, verbose: bool) -> str:
    """One line counting the expected differences by code (empty when verbose lists them, or none)."""
    found = Counter(c.code for c in result.checks if _expected(c))
    if verbose or not found:
        return ""
    counted = ", ".join(f"{n} {code}" for code, n in sorted(found.items(), key=lambda item: (-item[1], item[0])))
    return f"Expected differences, as planned (--verbose lists them): {counted}"


def _summary(result: VerifyResult) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items())
    rate = result.queries / result.seconds if result.seconds else 0.0
    return f"{len(result.checks)} checks: {counts}; {result.queries} queries in {result.seconds:.2f} s ({rate:.0f}/s)"


def _not_compared(result: VerifyResult) -> list[str]:
    """One line per record set left out on purpose (``migration:ignore``), none when there are none."""
    if not result.not_compared:
        return []
    return [f"{len(result.not_compared)} record set(s) not compared:"] + [
        f"  {label}: {reason}" for label, reason in result.not_compared
    ]


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
        "checks": [
            {
                "area": c.area,
                "subject": c.subject,
                "status": c.status,
                "code": c.code,
                "server": c.server,
                "detail": c.detail,
            }
            for c in result.checks
        ],
        "notCompared": [{"recordSet": label, "reason": reason} for label, reason in result.not_compared],
    }


def to_json(result: VerifyResult) -> str:
    """``--format json``."""
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"


def to_text(result: VerifyResult, color: bool = False, width: int = 200, verbose: bool = False) -> str:
    """``--format text``: the verdict, a table of the checks that need reading (problems first),
    the count of expected differences, then the summary."""
    table = Table(title=f"Verification of {result.zone}", show_lines=False, expand=False)
    for header in ("status", "area", "subject", "code", "server", "detail"):
        table.add_column(header, overflow="fold")
    for c in _rows(result, verbose):
        table.add_row(f"[{_STYLE[c.status]}]{c.status}[/]", c.area, c.subject, c.code, c.server, c.detail)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False)
    console.print(_VERDICT[result.exit_status], soft_wrap=True)
    if table.row_count:
        console.print(table)
    expected = _expected_line(result, verbose)
    if expected:
        console.print(expected, soft_wrap=True)
    console.print(_summary(result), soft_wrap=True)
    for line in _not_compared(result):
        console.print(line, soft_wrap=True, markup=False)
    return buffer.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: VerifyResult, verbose: bool = False) -> str:
    """``--format markdown``: for a pull-request comment; the verdict first."""
    out = [f"## Verification of `{result.zone}`", "", f"**{_VERDICT[result.exit_status]}**", "", _summary(result), ""]
    rows = _rows(result, verbose)
    if rows:
        out += ["| status | area | subject | code | server | detail |", "|---|---|---|---|---|---|"]
        out += [
            f"| {c.status} | {c.area} | `{_md(c.subject)}` | {c.code} | {_md(c.server)} | {_md(c.detail)} |"
            for c in rows
        ]
        out.append("")
    if result.not_compared:
        out += [_not_compared(result)[0], ""] + [
            f"- `{_md(label)}`: {_md(reason)}" for label, reason in result.not_compared
        ]
        out.append("")
    expected = _expected_line(result, verbose)
    if expected:
        out += [expected, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render(result: VerifyResult, fmt: str, verbose: bool = False, color: bool = False) -> str:
    """``result`` in the format ``fmt`` (one of :data:`FORMATS`); JSON always holds every check."""
    if fmt == "text":
        return to_text(result, color=color, verbose=verbose)
    if fmt == "markdown":
        return to_markdown(result, verbose)
    return to_json(result)


FORMATS: dict[str, Callable[[VerifyResult], str]] = {"text": to_text, "markdown": to_markdown, "json": to_json}
