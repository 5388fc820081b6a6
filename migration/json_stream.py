"""JSON text exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, handed
out in pieces as it is made instead of held whole.

Why not ``json.dumps``: with ``indent`` the standard library takes its pure-Python encoder (the C
one only writes compact JSON) and returns the document as one string; for a plan of 50,000
record sets that string and the dictionaries behind it double the command's peak memory
(docs/performance.md). Here strings are escaped by the standard library's C function
(``json.encoder.encode_basestring``) and the containers are walked by one small recursive
function; any iterable that is not a list, tuple or dict (a generator) is written as an array
while it is consumed, so a caller can stream a long list without building it.

Output rules are ``json.dumps``'s (Python docs, ``json`` module; RFC 8259): keys ``str``, or
``int``/``float``/``bool``/``None`` turned into strings; ``NaN``/``Infinity`` as Python writes
them; any other value passed to ``default`` first (which returns something encodable, or raises
``TypeError``). ``tests/test_json_stream.py`` checks equality with ``json.dumps`` on generated
values.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any, Callable, Iterator

_CONSTANTS = {None: "null", True: "true", False: "false"}


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dictionary key as ``json.dumps`` turns it into a string."""
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return _CONSTANTS[key]
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _fail(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class Writer:
    """Encodes values into pieces of text handed to ``write`` (e.g. ``sys.stdout.write``), with
    ``default`` for values JSON has no form for. Pieces are joined and handed on in batches of
    about :data:`BATCH` (between the items of an array, and at the end of :meth:`document`), so
    ``write`` is called a few hundred times for a large plan, not once per string."""

    BATCH = 4096  # pieces

    def __init__(self, write: Callable[[str], Any], default: Callable[[Any], Any] = _fail):
        self._write = write
        self._pieces: list[str] = []
        self.out = self._pieces.append
        self.default = default

    def document(self, value: Any) -> None:
        """Write ``value`` as a whole document and a final newline (what ``json.dumps`` returns,
        plus ``"\\n"``), then hand on every piece held."""
        self.write(value)
        self.out("\n")
        self._flush()

    def _flush(self) -> None:
        if self._pieces:
            self._write("".join(self._pieces))
            self._pieces.clear()

    def write(self, value: Any, level: int = 0) -> None:
        """Write ``value`` as if it stood ``level`` containers deep (its inner lines indented
        ``2 * (level + 1)`` spaces)."""
        out = self.out
        kind = type(value)
        if kind is str:
            out(encode_basestring(value))
        elif kind is dict:
            self._dict(value, level)
        elif kind is list or kind is tuple:
            self._array(iter(value), level)
        else:
            out(self._other(value, level))

    def _other(self, value: Any, level: int) -> str:
        """Text of a value that is not an exact ``str``, ``dict``, ``list`` or ``tuple``; a
        container (a subclass, or any other iterable) is written directly and gives ``""``."""
        if value is None or value is True or value is False:
            return _CONSTANTS[value]
        if isinstance(value, str):
            return encode_basestring(value)
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            return _float(value)
        if isinstance(value, dict):
            self._dict(value, level)
            return ""
        if isinstance(value, (list, tuple)) or (hasattr(value, "__next__") and hasattr(value, "__iter__")):
            self._array(iter(value), level)
            return ""
        self.write(self.default(value), level)
        return ""

    def _dict(self, value: dict, level: int) -> None:
        out = self.out
        if not value:
            out("{}")
            return
        inner = "\n" + "  " * (level + 1)
        separator = "{" + inner
        for key, item in value.items():
            out(separator + encode_basestring(key if type(key) is str else _key(key)) + ": ")
            if type(item) is str:
                out(encode_basestring(item))
            else:
                self.write(item, level + 1)
            separator = "," + inner
        out("\n" + "  " * level + "}")

    def _array(self, items: Iterator[Any], level: int) -> None:
        out = self.out
        separator = "[" + "\n" + "  " * (level + 1)
        written = False
        for item in items:
            out(separator)
            if type(item) is str:
                out(encode_basestring(item))
            else:
                self.write(item, level + 1)
            separator = ",\n" + "  " * (level + 1)
            written = True
            if len(self._pieces) > self.BATCH:
                self._flush()
        out("\n" + "  " * level + "]" if written else "[]")


def dumps(value: Any, default: Callable[[Any], Any] = _fail) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, default=default)`` plus a newline, made
    as :class:`Writer` makes it (for tests and small documents)."""
    found: list[str] = []
    Writer(found.append, default).document(value)
    return "".join(found)
