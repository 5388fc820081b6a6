"""JSON text exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, made by
orjson and handed out in pieces as it is made instead of held whole.

Why not ``json.dumps``: with ``indent`` the standard library takes its pure-Python encoder (the C
one only writes compact JSON) and returns the document as one string; for a plan of 50,000
record sets that string and the dictionaries behind it double the command's peak memory
(docs/performance.md). orjson (https://github.com/ijl/orjson, README "Serialize") writes with
``OPT_INDENT_2`` the same text as ``json.dumps(indent=2, ensure_ascii=False)``: two spaces a
level, ``", "``-free separators ``","`` and ``": "``, UTF-8 unescaped, control characters as
``\\b \\t \\n \\f \\r`` or ``\\u00xx``, ``[]`` and ``{}`` for empty containers.

Where the two differ, the value is written by ``json.dumps`` instead: orjson refuses integers
beyond 64 bits and strings holding lone surrogates (``orjson.JSONEncodeError``). Floats are the
one difference orjson does not refuse (it writes ``1e16`` and ``null`` for NaN where Python writes
``1e+16`` and ``NaN``): the plan holds none (counts, TTLs, priorities and ports are whole numbers).
Values orjson would write as objects of its own (dataclasses such as
:class:`migration.resources.ZoneRef`) go to ``default`` as ``json.dumps`` sends them.
``tests/test_json_stream.py`` checks equality with ``json.dumps`` on generated plan-shaped values.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
# How many items of a streamed array are joined before they are handed on: a few hundred writes
# for a plan of 50,000 record sets, and never more than this many items' text held.
BATCH = 256


def _text(value: Any, default: Callable[[Any], Any], indent: bytes) -> bytes:
    """``value`` as JSON in UTF-8, its inner lines indented by ``indent`` more than two spaces a
    level (as if it stood ``len(indent) // 2`` containers deep)."""
    try:
        data = orjson.dumps(value, default=default, option=_OPTIONS)
    except orjson.JSONEncodeError as exc:
        if isinstance(exc.__cause__, TypeError):  # ``default`` refused the value: json.dumps's error
            raise exc.__cause__ from None
        data = json.dumps(value, indent=2, ensure_ascii=False, default=default).encode("utf-8", "surrogatepass")
    return data.replace(b"\n", b"\n" + indent) if indent else data


def _is_stream(value: Any) -> bool:
    """Whether ``value`` is an iterator that is not a list, tuple or dict (a generator)."""
    return hasattr(value, "__next__") and hasattr(value, "__iter__")


class Writer:
    """Writes a document (a ``dict``) as text handed to ``write`` (e.g. ``sys.stdout.write``),
    with ``default`` for values JSON has no form for (it returns something encodable, or raises
    ``TypeError``). A value of the document that is an iterator (a generator) is written as an
    array while it is consumed, its items handed on in batches of :data:`BATCH`, so a caller
    can stream a long list without building it."""

    def __init__(self, write: Callable[[str], Any], default: Callable[[Any], Any]):
        self._write = write
        self._default = default

    def document(self, value: dict[Any, Any]) -> None:
        """Write ``value`` as a whole document and a final newline (what ``json.dumps`` returns,
        plus ``"\\n"``)."""
        if not any(_is_stream(item) for item in value.values()):
            self._write((_text(value, self._default, b"") + b"\n").decode("utf-8", "surrogatepass"))
            return
        pieces = [b"{"]
        separator = b"\n  "
        for key, item in value.items():
            pieces += [separator, _text({key: None}, self._default, b"")[4:-8], b": "]
            separator = b",\n  "
            if _is_stream(item):
                self._hand_on(pieces)
                self._array(item)
            else:
                pieces.append(_text(item, self._default, b"  "))
        pieces.append(b"\n}\n")
        self._hand_on(pieces)

    def _hand_on(self, pieces: list[bytes]) -> None:
        self._write(b"".join(pieces).decode("utf-8", "surrogatepass"))
        pieces.clear()

    def _array(self, items: Iterator[Any]) -> None:
        pieces: list[bytes] = [b"["]
        batch: list[Any] = []
        written = 0
        for item in items:
            batch.append(item)
            if len(batch) == BATCH:
                pieces.append(self._items(batch, first=not written))
                self._hand_on(pieces)
                written += len(batch)
                batch.clear()
        if batch:
            pieces.append(self._items(batch, first=not written))
            written += len(batch)
        pieces.append(b"\n  ]" if written else b"]")
        self._hand_on(pieces)

    def _items(self, batch: list[Any], first: bool) -> bytes:
        """The items of ``batch`` as they stand in an array of the document (one level deep),
        each on its own line after a comma (the ``[`` written, no comma before the ``first``).
        Dumped as one array by orjson and re-indented once, rather than item by item."""
        try:
            data = orjson.dumps(batch, default=self._default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            # json.dumps's spelling of what orjson refuses, or its TypeError: item by item (_text).
            data = b"[\n  " + b",\n  ".join(_text(item, self._default, b"  ") for item in batch) + b"\n]"
        # "[\n  A,\n  B\n]" -> "\n    A,\n    B": two spaces more a line, the brackets dropped.
        inner = data[1:-2].replace(b"\n", b"\n  ")
        return inner if first else b"," + inner
