"""A progress bar on stderr for long runs (``verify``, ``snapshot``), drawn by rich only when
stderr is a terminal, so piped or captured output (CI logs, ``> file``) never holds it and stdout
stays the report alone."""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

Update = Callable[[int, "int | None"], None]  # (done, total or None when unknown)


@contextlib.contextmanager
def bar(description: str, least: int = 0) -> Iterator[Update | None]:
    """A context giving ``update(done, total)`` that moves a transient bar on stderr, or ``None``
    when stderr is not a terminal. A run whose ``total`` is below ``least`` shows no bar (it
    would only flicker)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int | None) -> None:
            if total is None or total >= least:
                progress.update(task, total=total, completed=done)

        yield update
