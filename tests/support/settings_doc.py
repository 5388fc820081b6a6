"""Render the table of stack settings in ``docs/settings.md`` from :data:`migration.settings.SETTINGS`,
so the docs and the parser cannot drift.

``tests/test_settings_table.py`` checks the doc's table equals :func:`markdown_table`
(``UPDATE_GOLDEN=1`` rewrites it with :func:`with_table`).
"""

from __future__ import annotations

from migration.settings import NAMESPACE, SETTINGS, Setting

HEADING = "## Keys"


def default_text(setting: Setting) -> str:
    """The default of ``setting`` as the doc shows it: its ``default_doc``, else the field's
    default in stack-file spelling (unset, none, false, a number, a word)."""
    if setting.default_doc is not None:
        return setting.default_doc
    value = setting.default
    if value is None:
        return "unset"
    if value == ():
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return f"`{value}`" if isinstance(value, str) else str(value)


def markdown_table() -> str:
    """The Markdown table of every setting (key, default, meaning), one row a key, in table order."""
    rows = [f"| `{NAMESPACE}:{s.key}` | {default_text(s)} | {s.doc} |" for s in SETTINGS]
    return "\n".join(["| key | default | meaning |", "|---|---|---|", *rows]) + "\n"


def _span(doc: str) -> tuple[int, int]:
    """Where the table under :data:`HEADING` lies in ``doc``: the first run of lines starting
    with ``|`` after the heading (start and end offsets)."""
    start = doc.index("\n|", doc.index(HEADING)) + 1
    end = start
    for line in doc[start:].splitlines(keepends=True):
        if not line.startswith("|"):
            break
        end += len(line)
    return start, end


def table_of(doc: str) -> str:
    """The table of settings in ``doc`` (the text of ``docs/settings.md``)."""
    start, end = _span(doc)
    return doc[start:end]


def with_table(doc: str) -> str:
    """``doc`` with its table of settings replaced by :func:`markdown_table`."""
    start, end = _span(doc)
    return doc[:start] + markdown_table() + doc[end:]
