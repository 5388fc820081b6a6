"""The records as last applied, which ``plan`` compares the stack's records with (the *baseline*:
:mod:`migration.update_steps`): a file (``--baseline FILE``) or the stack as a git commit held it
(``--baseline-commit REV``).

At a commit the stack file (``stacks/Pulumi.<stack>.yaml`` where ``Pulumi.yaml`` puts it) says
which file the records came from, so a snapshot renamed since is followed: the handover zone file
(``migration:zoneFile``) when it set one and its ``migration:phase`` was ``decommission`` (the
zone file is the source from then on: :mod:`migration.handover`), else ``migration:snapshot``
(the freeze). With ``--source`` instead of a stack, that file as the commit held it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .baseline import SETTING as ZONE_FILE
from .errors import MigrationError
from .settings import NAMESPACE, project_root, stack_file
from .sources import files


@dataclass(frozen=True)
class Applied:
    """The text of the records as last applied: ``source`` names it in messages (the file, or
    ``<path> at commit <rev>``); ``suffix`` is its file name's (``.zone``, ``.json``: with the
    text it tells a zone file from JSON, :func:`migration.sources.bind.looks_like_zone_file});
    ``zone_file``: the handover zone file (``migration:zoneFile``), else a snapshot (any format
    :func:`migration.sources.snapshot.read` takes)."""

    text: str
    source: str
    suffix: str
    zone_file: bool


def from_file(path: Path, zone_file: bool) -> Applied:
    """``--baseline FILE``: ``path`` (absolute), named relative to the working folder when it lies
    below it. Raises :class:`~migration.errors.InputError` naming the file (missing, unreadable)."""
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    return Applied(files.read_text(path, "--baseline"), str(shown), path.suffix, zone_file)


def at_commit(revision: str, stack: str | None, source: str | None, cwd: Path) -> Applied:
    """``--baseline-commit REV``: the records the stack ``stack`` took at commit ``revision`` (see
    the module) of the git checkout holding the project, or with no stack the file ``source``
    (relative to ``cwd``) as that commit of the checkout holding it held it.

    Raises :class:`~migration.errors.MigrationError` naming the commit and the file: git missing,
    ``cwd`` not in a git checkout, no such commit, the stack file or the records' file missing at
    that commit, a stack file there that is not YAML or names no snapshot."""
    # Imported here: git runs through subprocess, which a plan without --baseline-commit never needs.
    from . import git_files

    if stack is None:
        path = cwd / str(source)
        found = git_files.commit(revision, path.parent)
        return Applied(found.read_text(path), f"{found.relative(path)} at commit {found}", path.suffix, False)
    root = project_root(cwd)
    found = git_files.commit(revision, root)
    settings_path = stack_file(root, stack)
    shown = f"{found.relative(settings_path)} at commit {found}"
    document = files.parse_yaml(found.read_text(settings_path), shown) or {}
    config = document.get("config") if isinstance(document, dict) else None
    config = config if isinstance(config, dict) else {}
    zone_file = config.get(ZONE_FILE)
    from_zone_file = bool(zone_file) and config.get(f"{NAMESPACE}:phase") == "decommission"
    key, value = (
        (ZONE_FILE, zone_file) if from_zone_file else (f"{NAMESPACE}:snapshot", config.get(f"{NAMESPACE}:snapshot"))
    )
    if not isinstance(value, str) or not value.strip():
        raise MigrationError(f"{shown}: no {key}: the stack at that commit names no file of its records")
    path = root / value
    try:
        text = found.read_text(path)
    except MigrationError as exc:
        raise MigrationError(f"{exc} (named by {key} in {shown})") from None
    return Applied(
        text, f"{found.relative(path)} at commit {found} ({key} of stack {stack})", path.suffix, from_zone_file
    )
