"""Reading the files users hand the planner (snapshots, exports, SES identities, inventories),
with errors that name the file and say what was expected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError


def read_text(path: Path, listed_in: str = "") -> str:
    """The UTF-8 text of ``path``.

    Raises :class:`InputError` naming the file: ``no such file`` (followed by ``listed_in``, the
    setting or option that named it, when given) or ``cannot read: <reason>``.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), [f"no such file ({listed_in})" if listed_in else "no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), [f"cannot read: {exc}"]) from None


def parse_json(text: str, source: str, expected: str) -> Any:
    """Parse JSON text. Raises :class:`InputError` naming ``source``: an empty file (saying that
    ``expected`` was), or the position of the syntax error."""
    if not text.strip():
        raise InputError(source, [f"the file is empty; expected {expected}"])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, [f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]) from None
