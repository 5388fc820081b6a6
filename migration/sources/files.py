"""Reading the files users hand the planner (snapshots, exports, SES identities, inventories,
Cloudflare listings, stack settings), with errors that name the file and say what was expected.

Only regular files up to :data:`MAX_BYTES` are read: a path naming a directory, a device, a pipe,
or a kernel file under ``/proc``, ``/sys`` or ``/dev`` (whose size says nothing of what reading
returns, and which holds the process's environment and its credentials) is refused before a byte
of it is read.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import InputError

# The largest file read (bytes). A snapshot of Route53's default 10,000 record sets per hosted zone
# is about 3 MB; 64 MiB leaves room for raised quotas while refusing what would only exhaust memory.
MAX_BYTES = 64 * 1024 * 1024
# Kernel file systems: their files claim a size of 0 (or 4096) whatever they hold.
_PSEUDO = ("/proc", "/sys", "/dev")
# The deepest nesting of lists and objects read. The deepest document read (botocore's change-batch
# examples: examples.ChangeResourceRecordSets[].input.ChangeBatch.Changes[].ResourceRecordSet...)
# nests 9 levels.
MAX_DEPTH = 64
# The most digits a number in an input may have. The largest numbers these files hold (TTLs, ports,
# weights, counts) have at most 20 digits; Python refuses to convert over 4,300 with a ValueError.
MAX_DIGITS = 100


class _TooLarge(ValueError):
    """A number in a JSON document with more than :data:`MAX_DIGITS` digits, or out of a float's range."""

    def __init__(self, spelled: str) -> None:
        super().__init__(spelled)
        self.spelled = spelled


def _whole_number(spelled: str) -> int:
    if len(spelled.lstrip("-")) > MAX_DIGITS:
        raise _TooLarge(spelled)
    return int(spelled)


def _fraction(spelled: str) -> float:
    value = float(spelled)
    if not math.isfinite(value):
        raise _TooLarge(spelled)
    return value


def too_large(spelled: str) -> str:
    """The reason for refusing the number ``spelled``, its first characters shown: more digits
    than :data:`MAX_DIGITS`, or (a float such as ``1e999``) out of range."""
    shown = spelled if len(spelled) <= 20 else f"{spelled[:20]}..."
    digits = sum(ch.isdigit() for ch in spelled)
    if digits > MAX_DIGITS:
        return f"the number {shown} has {digits:,} digits, more than the {MAX_DIGITS} a number here may have"
    return f"the number {shown} is out of range"


def _own_stream(info: os.stat_result) -> Any:
    """``sys.stdout`` or ``sys.stderr`` when ``info`` is the file behind it (``-o /dev/stdout``,
    also when the shell sent standard output to a file), else ``None``."""
    import sys

    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            own = os.fstat(fd)
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino):
            return stream
    return None


def is_stream(path: Path) -> bool:
    """Whether ``path`` is an output written as a stream rather than a file replaced whole: an
    existing file that is neither a regular file nor a folder (a terminal, a pipe, ``/dev/null``,
    a named pipe), or this process's standard output or error. Such a path holds no edits to
    keep (no ``--force`` needed), and it must never be replaced by a file (as root, renaming a
    file over ``/dev/null`` would replace the device)."""
    try:
        info = path.stat()
    except OSError:
        return False
    if stat.S_ISDIR(info.st_mode):
        return False
    return not stat.S_ISREG(info.st_mode) or _own_stream(info) is not None


def _write_stream(path: Path, text: str, shown: str) -> None:
    """Write ``text`` to the stream ``path`` (:func:`is_stream`), appended: through ``sys.stdout``
    or ``sys.stderr`` when it is one of them (keeping their order), else opened on its own."""
    stream = _own_stream(path.stat())
    try:
        if stream is not None:
            stream.write(text)
            stream.flush()
        else:
            with path.open("a", encoding="utf-8") as out:
                out.write(text)
    except OSError as exc:
        raise InputError(shown, [f"cannot write: {exc.strerror or exc}"]) from None


def write_whole(path: Path, text: str, shown: str | None = None, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all: into a temporary file beside it,
    which replaces ``path`` only when complete (``mode``, e.g. ``0o755``, set first), and is
    removed when anything fails (a full disk, Ctrl-C). A stream (:func:`is_stream`: standard
    output, a pipe, ``/dev/null``) is written to as it is. Raises :class:`InputError` naming
    ``shown`` (default: ``path``) when the system refuses the write."""
    if is_stream(path):
        _write_stream(path, text, shown or str(path))
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp_name = os.fspath(tmp)
    try:
        tmp.write_text(text, encoding="utf-8")
        if mode is not None:
            tmp.chmod(mode)
        tmp.replace(path)
    except BaseException as exc:
        # No Python-level call before the removal (os.unlink of a str is C alone): a Ctrl-C pending
        # when the write failed, whose handler runs at the next such call, comes after it, not before.
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(shown or str(path), [f"cannot write: {exc.strerror or exc}"]) from None
        raise


def named_by(error: InputError, path: Path, listed_in: str) -> InputError:
    """``error`` about the file ``path`` with ``listed_in`` (the setting that named it, e.g.
    ``migration:inventory``) beside the file's name, so that a stack naming several files says
    which one is wrong; ``error`` as it is when it is about another source or nothing named it."""
    if not listed_in or error.source != str(path):
        return error
    return InputError(f"{path} ({listed_in})", error.problems)


def plain_reason(reason: str) -> str:
    """``reason`` (an exception's text) with Python's refusal of an integer of over 4,300 digits
    (``Exceeds the limit (4300 digits) for integer string conversion...``, with its advice to raise
    the limit) and dnspython's "string too long" (RFC 1035's 255-byte character string) put in the
    user's terms; any other reason unchanged."""
    if "integer string conversion" in reason:
        return "a number is too large (no field of a record has more than 20 digits)"
    if reason == "string too long":
        return (
            "a quoted string holds at most 255 bytes (RFC 1035 section 3.3); split the value into "
            'several quoted strings ("..." "...")'
        )
    return reason


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _refusal(path: Path, info: os.stat_result, limit: int) -> str | None:
    """Why ``path`` (with ``os.stat`` ``info``) is not read, or ``None`` when it may be."""
    kind = next((words for test, words in _KINDS if test(info.st_mode)), None)
    if kind is not None:
        return f"not a regular file ({kind}); expected a file"
    real = os.path.realpath(path)
    top = next((top for top in _PSEUDO if real == top or real.startswith(top + "/")), None)
    if top is not None:
        return f"a kernel file under {top}, not a file of the project"
    if info.st_size > limit:
        return f"{info.st_size:,} bytes, over the limit of {limit:,} bytes for a file this tool reads"
    return None


def read_text(path: Path, listed_in: str = "", limit: int | None = None) -> str:
    """The UTF-8 text of ``path``, a regular file of at most ``limit`` bytes (default :data:`MAX_BYTES`).

    Raises :class:`InputError` naming the file: ``no such file`` (followed by ``listed_in``, the
    setting or option that named it, when given), not a regular file (a directory, device, pipe,
    socket or kernel file: refused before reading), over ``limit`` bytes, or ``cannot read: <reason>``.
    """
    where = f" ({listed_in})" if listed_in else ""
    limit = MAX_BYTES if limit is None else limit
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(str(path), [f"no such file{where}"]) from None
    except (OSError, ValueError) as exc:
        raise InputError(str(path), [f"cannot read: {getattr(exc, 'strerror', None) or exc}"]) from None
    refusal = _refusal(path, info, limit)
    if refusal:
        raise InputError(str(path), [refusal + where])
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        raise InputError(str(path), [f"cannot read: {exc.strerror or exc}"]) from None
    if len(data) > limit:
        raise InputError(str(path), [f"over the limit of {limit:,} bytes for a file this tool reads"])
    return decode_text(data, str(path))


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes, source: str) -> str:
    """The UTF-8 text of a file's bytes, a leading byte-order mark (as Notepad and PowerShell's
    ``Out-File -Encoding utf8`` write) left out: RFC 8259 section 8.1 lets a JSON reader ignore it,
    and a zone file's first line would not read with it. Raises :class:`InputError` naming ``source``
    for UTF-16 (what Windows PowerShell's ``>`` writes) or other bytes that are not UTF-8."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(
            source,
            [
                "UTF-16 text (it starts with a UTF-16 byte-order mark, as Windows PowerShell's '>' writes): "
                "save it as UTF-8 (PowerShell: Out-File -Encoding utf8, or run the command in cmd.exe)"
            ],
        )
    try:
        return data.decode("utf-8-sig" if data.startswith(_UTF8_BOM) else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            [
                f"not UTF-8 text: byte {exc.start + 1} cannot be decoded; expected a text "
                "file (JSON, YAML or a zone file)"
            ],
        ) from None


def _children(value: Any) -> Any:
    return value.values() if isinstance(value, dict) else value if isinstance(value, list) else None


def depth(document: Any) -> float:
    """How deeply lists and objects nest in a parsed JSON or YAML document: 0 for a scalar,
    infinite for a list or mapping that contains itself (a YAML alias inside its own anchor).
    Walks without recursion, each list or mapping once (YAML aliases share them: a "billion
    laughs" document is measured in the time of its text, not of its expansion)."""
    if _children(document) is None:
        return 0
    levels: dict[int, int] = {}  # id of a list or mapping: its depth, 0 while its children are walked
    todo: list[tuple[Any, bool]] = [(document, False)]
    while todo:
        value, walked = todo.pop()
        children = [child for child in _children(value) if _children(child) is not None]
        if walked:
            levels[id(value)] = 1 + max((levels[id(child)] for child in children), default=0)
            continue
        if id(value) in levels:
            if levels[id(value)] == 0:
                return float("inf")  # met again inside itself
            continue
        levels[id(value)] = 0
        todo.append((value, True))
        todo.extend((child, False) for child in children)
    return levels[id(document)]


# Bytes that say how JSON nests and where its keys are: quotes (where strings start and end),
# brackets and colons (outside strings, a colon follows every key of an object and nothing else:
# RFC 8259 section 4). UTF-8 encodes every other character, and every non-ASCII one, with none of
# these bytes.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}:')
# An opening bracket one level in (1), a closing one out (-1 as a signed byte).
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def _outside_strings(text: str) -> bytes:
    """The brackets and colons of valid JSON ``text`` that stand outside its strings, in order.
    Escaped backslashes and quotes are taken out, then every byte but quotes, brackets and colons;
    then two quotes side by side (an empty string, or the end of one string and the start of the
    next: either way every byte keeps as many quotes before it, odd inside a string, even outside)
    until what is left of a string holds a bracket or a colon. Byte operations in C instead of a
    Python step per list and object (a walk of the document was a quarter of reading a snapshot)."""
    data = text.encode("utf-8", "surrogatepass")
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    kept = data.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in kept:  # brackets or colons inside strings: keep what stands outside them
        kept = b"".join(kept.split(b'"')[::2])
    return kept


def _nesting(outside: bytes) -> int:
    """How deeply the brackets of :func:`_outside_strings` nest."""
    return max(itertools.accumulate(memoryview(outside.translate(_STEP, b":")).cast("b")), default=0)


def json_depth(text: str) -> int:
    """:func:`depth` of the document of valid JSON ``text``, read from the text: how deeply its
    brackets outside strings nest (RFC 8259). JSON shares no lists or objects, so this is the
    walk's answer, made by byte operations (:func:`_outside_strings`)."""
    return _nesting(_outside_strings(text))


# A JSON string (RFC 8259 section 7: no raw control characters, a backslash escapes one character)
# or a structural character; numbers, literals and white space are skipped.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]')


def _duplicate_keys(text: str) -> list[str]:
    """A reason for each key of valid JSON ``text`` written twice in one object: the key (decoded:
    ``"\\u0054TL"`` is ``TTL``), the line and column of both, and the record set when an enclosing
    object has Route53's ``Name`` and ``Type`` (Route53 API reference, ``ResourceRecordSet``).
    A token walk in Python: called only when the document holds fewer keys than the text."""
    frames: list[dict[str, Any]] = []  # per open object or list: its keys, label and duplicates
    found: list[tuple[int, str]] = []  # offset of the second key, reason
    last, last_at = "", 0  # the last string token and its offset: a key when a colon follows
    value_of = ""  # the key whose value comes next in the innermost object

    def position(offset: int) -> str:
        return f"line {text.count(chr(10), 0, offset) + 1} column {offset - text.rfind(chr(10), 0, offset)}"

    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            frames.append({"keys": {}, "label": {}, "twice": []})
            value_of = ""
        elif token in "]}":
            frame = frames.pop()
            label = frame["label"]
            if frame["twice"] and ("Name" in label and "Type" in label or not frames):
                where = f" in the record set {label['Name']} {label['Type']}" if len(label) == 2 else ""
                found.extend((offset, f"'{key}' is given twice{where}, {at}") for key, offset, at in frame["twice"])
            elif frame["twice"]:
                frames[-1]["twice"].extend(frame["twice"])  # the enclosing record set names them
        elif token == ":":
            key, offset = json.loads(last), last_at
            keys = frames[-1]["keys"]
            if key in keys:
                frames[-1]["twice"].append(
                    (
                        key,
                        offset,
                        f"at {position(keys[key])} and at {position(offset)}: keep one (the last would win silently)",
                    )
                )
            else:
                keys[key] = offset
            value_of = key
        elif token == ",":
            value_of = ""
        else:
            if value_of in ("Name", "Type"):
                frames[-1]["label"][value_of] = json.loads(token)
            last, last_at = token, match.start()
    return [reason for _, reason in sorted(found)]


def parse_json(text: str, source: str, expected: str) -> Any:
    """Parse JSON text. Raises :class:`InputError` naming ``source``: an empty file (saying that
    ``expected`` was), the position of the syntax error, lists and objects nested deeper than
    :data:`MAX_DEPTH` (the readers walk documents recursively; Python's own parser stops near
    1,000 levels with a ``RecursionError``), or each key written twice in one object, with both
    positions (Python's parser keeps the last silently; RFC 8259 section 4 says names SHOULD be
    unique and that parsers differ on what they do otherwise).

    The duplicate check costs a count: the keys the parsed objects hold (``object_hook``) against
    the colons outside strings (:func:`_outside_strings`, made for the depth anyway); only when
    they differ is the text walked for the keys and their positions."""
    if not text.strip():
        raise InputError(source, [f"the file is empty; expected {expected}"])
    held = [0]

    def count(obj: dict[str, Any], held: list[int] = held) -> dict[str, Any]:
        held[0] += len(obj)
        return obj

    # One integer object per spelling (a zone's TTLs are a few numbers written thousands of times).
    numbers: dict[str, int] = {}

    def whole_number(spelled: str, numbers: dict[str, int] = numbers) -> int:
        number = numbers.get(spelled)
        if number is None:
            number = numbers[spelled] = _whole_number(spelled)
        return number

    try:
        document = json.loads(text, object_hook=count, parse_int=whole_number, parse_float=_fraction)
    except _TooLarge as exc:
        before = text[: max(text.find(exc.spelled), 0)]
        where = f"at line {before.count(chr(10)) + 1} column {len(before) - before.rfind(chr(10))}"
        raise InputError(source, [f"not valid JSON {where}: {too_large(exc.spelled)}; expected {expected}"]) from None
    except json.JSONDecodeError as exc:
        # The standard library's "Unterminated string starting at" already ends in "at".
        reason = exc.msg.removesuffix(" at")
        raise InputError(source, [f"not valid JSON: {reason} at line {exc.lineno} column {exc.colno}"]) from None
    except RecursionError:
        too_deep = True
    else:
        outside = _outside_strings(text)
        too_deep = _nesting(outside) > MAX_DEPTH
    if too_deep:
        raise InputError(
            source, [f"not valid JSON: nested too deeply (more than {MAX_DEPTH} levels); expected {expected}"]
        )
    if outside.count(b":") != held[0]:
        raise InputError(source, _duplicate_keys(text))
    return document


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text (safe types only). Raises :class:`InputError` naming ``source``: the position
    and problem of a syntax error (PyYAML's full message quotes the line, which may hold a secret,
    so only the position is given), every key given twice in a mapping (with both lines), or
    lists and mappings nested deeper than :data:`MAX_DEPTH`."""
    # PyYAML is imported here, not with this module: a plan of a snapshot reads no YAML, and its
    # import is an eighth of the plan command's start-up (docs/performance.md, sixth round).
    import yaml

    from .yaml_loader import Loader

    try:
        loader = Loader(text)
    except yaml.YAMLError as exc:  # the reader checks the characters first
        raise InputError(source, [f"not valid YAML: {getattr(exc, 'reason', None) or 'cannot be read'}"]) from None
    try:
        document = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "cannot be parsed"
        raise InputError(source, [f"not valid YAML{where}: {problem}"]) from None
    except RecursionError:
        raise InputError(source, [f"not valid YAML: nested too deeply (more than {MAX_DEPTH} levels)"]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise InputError(source, loader.duplicates)
    if depth(document) > MAX_DEPTH:
        raise InputError(source, [f"not valid YAML: nested too deeply (more than {MAX_DEPTH} levels)"])
    return document
