"""Files as they were at a git commit, read with the ``git`` command (the I/O of
``plan --baseline-commit``: :mod:`migration.applied`).

``git`` runs with a list of arguments, never through a shell, and a revision is resolved with
``git rev-parse --verify --end-of-options`` (git-rev-parse(1)), so one that starts with ``-`` is
a revision that does not exist, never an option. Files are read by object name
(``git cat-file``, git-cat-file(1)): ``<commit>:<path>`` names the file ``path`` (relative to the
top of the checkout) in that commit's tree.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import MigrationError
from .sources import files
from .sources.files import MAX_BYTES


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in ``cwd``, its output captured. Raises :class:`MigrationError` when ``cwd``
    is not a folder or git is not installed."""
    if not cwd.is_dir():
        raise MigrationError(f"{cwd}: no such folder")
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise MigrationError("the git command is not installed: it reads the files of a commit") from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """The first line git wrote to standard error, for a message."""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else f"exit status {done.returncode}"


@dataclass(frozen=True)
class Commit:
    """One commit of a git checkout: ``top``, the checkout's top folder (absolute), ``revision``
    as the user gave it and ``sha``, the commit's full object name (40 or 64 hexadecimal digits)."""

    top: Path
    revision: str
    sha: str

    def __str__(self) -> str:
        """The revision as given, followed by the commit's short name unless it is the full one."""
        return self.revision if self.revision == self.sha else f"{self.revision} ({self.sha[:12]})"

    def relative(self, path: Path) -> str:
        """``path`` (absolute, under the checkout; ``..`` allowed, symbolic links NOT followed: the
        commit's tree has its own) as a path from the checkout's top, with ``/``. Raises
        :class:`MigrationError` when it lies outside the checkout."""
        normal = PurePosixPath(posixpath.normpath(path.as_posix()))
        top = PurePosixPath(self.top.as_posix())
        if normal == top:
            raise MigrationError(f"{path}: the top folder of the git checkout, not a file")
        if not normal.is_relative_to(top):
            raise MigrationError(f"{path}: outside the git checkout {self.top}: no commit holds it")
        return normal.relative_to(top).as_posix()

    def read_text(self, path: Path) -> str:
        """The UTF-8 text of the file ``path`` (absolute) as this commit holds it.

        Raises :class:`MigrationError` naming the commit and the file: outside the checkout, no
        such file at the commit, a folder (or a submodule) there, over
        :data:`migration.sources.files.MAX_BYTES` bytes, not UTF-8 text."""
        inside = self.relative(path)
        where = f"{inside} at commit {self}"
        # --batch-check reads the object name from standard input: a name starting with '-' is a name.
        found = _git(["cat-file", "--batch-check"], self.top, f"{self.sha}:{inside}\n".encode())
        fields = found.stdout.decode("utf-8", "replace").split()
        if found.returncode != 0 or len(fields) != 3:
            raise MigrationError(f"{where}: no such file at that commit")
        name, kind, size = fields
        if kind != "blob":
            raise MigrationError(f"{where}: not a file at that commit (a {kind})")
        # A symbolic link is a blob holding the link's target: its text is no snapshot or zone file.
        listed = _git(["ls-tree", "-z", self.sha, "--", inside], self.top).stdout
        if listed.startswith(b"120000 "):
            raise MigrationError(f"{where}: a symbolic link at that commit, not a file: commit the file itself")
        if int(size) > MAX_BYTES:
            raise MigrationError(
                f"{where}: {int(size):,} bytes, over the limit of {MAX_BYTES:,} bytes for a file this tool reads"
            )
        blob = _git(["cat-file", "blob", name], self.top)
        if blob.returncode != 0:
            raise MigrationError(f"{where}: cannot read: {_said(blob)}")
        return files.decode_text(blob.stdout, where)


def commit(revision: str, cwd: Path) -> Commit:
    """The commit ``revision`` (a commit id, branch, tag, ``HEAD~1``, ...) names in the git
    checkout holding ``cwd``.

    Raises :class:`MigrationError` naming the revision: git not installed, ``cwd`` not in a git
    checkout, no such commit (the message says that a shallow clone lacks older commits)."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise MigrationError(f"commit {revision}: {cwd} is not in a git checkout ({_said(top)})")
    root = Path(top.stdout.decode().strip()).resolve()
    if not revision.strip():
        raise MigrationError(f"commit {revision!r}: empty: name a commit (an id, a branch, a tag, HEAD~1)")
    # The object first, then its commit: ':/text' (a commit by its message) takes no '^{commit}'
    # suffix, and a tree or a file named by 'HEAD:path' is told apart from a missing commit.
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", revision], root)
    if found.returncode != 0:
        raise MigrationError(
            f"commit {revision}: no such commit in the git checkout {root} (a shallow clone lacks older "
            "commits: fetch the history, e.g. actions/checkout with fetch-depth: 0)"
        )
    sha = found.stdout.decode().strip()
    peeled = _git(["rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}"], root)
    if peeled.returncode != 0:
        kind = _git(["cat-file", "-t", sha], root).stdout.decode().strip() or "object"
        raise MigrationError(f"commit {revision}: names a {kind} of the git checkout {root}, not a commit")
    return Commit(root, revision, peeled.stdout.decode().strip())
