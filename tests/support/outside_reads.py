"""Catch a test reading a file outside the repository (a fresh clone has nothing beside it).

An audit hook (PEP 578, event ``open``) records every path opened for reading that lies beside the
checkout (in its parent folder but outside it), or that is neither in the checkout, nor in a
temporary folder (what a test made itself), nor part of Python or the system (interpreter, installed packages, ``/etc``, ``/proc``, ...). ``tests/conftest.py`` fails the
test during which such a read happened, naming the path.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Python's own files and the machine's: reading these is not reading project data.
_SYSTEM = ("/usr/", "/lib/", "/lib64/", "/etc/", "/proc/", "/sys/", "/dev/", "/run/", "/var/lib/", "/var/run/")


def _allowed_roots() -> tuple[str, ...]:
    roots = {
        str(ROOT),
        os.path.realpath(tempfile.gettempdir()),
        tempfile.gettempdir(),
        "/tmp",
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        os.path.realpath(sys.prefix),
    }
    roots.update(p for p in sysconfig.get_paths().values() if p)
    return tuple(r.rstrip("/") + "/" for r in roots)


class OutsideReads:
    """Records reads outside the allowed places; :meth:`take` returns and clears them."""

    def __init__(self) -> None:
        self._roots = _allowed_roots() + _SYSTEM
        # Beside the checkout is never allowed, even when the checkout itself lies in /tmp.
        self._checkout = str(ROOT) + "/"
        self._parent = str(ROOT.parent).rstrip("/") + "/"
        # Folders a test made itself (tempfile's audit events, pytest's base folder): allowed even
        # when they lie beside the checkout (a checkout in /tmp has its temporary files beside it).
        self._made: tuple[str, ...] = ()
        self._seen: list[str] = []

    def allow(self, folder: str | os.PathLike) -> None:
        """Allow reads under ``folder``, a temporary folder the tests made."""
        self._made += (os.path.abspath(os.fsdecode(folder)).rstrip("/") + "/",)

    def hook(self, event: str, args: tuple) -> None:
        if event in ("tempfile.mkdtemp", "tempfile.mkstemp"):
            self.allow(args[0])
            return
        if event != "open":
            return
        path, mode = args[0], args[1]
        if isinstance(path, int) or path is None:
            return  # a file descriptor: opened earlier, checked then
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return  # writing: the test makes the file itself
        text = os.path.abspath(os.fsdecode(path))
        beside = (
            text.startswith(self._parent)
            and not (text + "/").startswith(self._checkout)
            and not (text + "/").startswith(self._made)
        )
        if beside or not (text + "/").startswith(self._roots):
            self._seen.append(text)

    def take(self) -> list[str]:
        seen, self._seen = self._seen, []
        return seen


def install() -> OutsideReads:
    """Install the audit hook once for this process (audit hooks cannot be removed)."""
    reads = OutsideReads()
    sys.addaudithook(reads.hook)
    return reads
