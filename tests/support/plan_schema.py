"""Build ``docs/plan.schema.json`` (JSON Schema, draft 2020-12) from the key tables of
``docs/plan-json.md`` and the planner's own value tables, so the schema and the doc cannot drift.

* Keys, their nesting and their types come from the doc's ``| `key` | type | meaning |`` rows under
  "## Keys". Every object of the plan is closed (``additionalProperties: false``) and requires
  every key its table lists, except ``resources[].inputs``: a resource's arguments as its Pulumi
  provider takes them, of which only the keys the program sets appear. Those of a Cloudflare DNS
  record are closed too, and its ``data`` holds exactly the fields of its record type
  (:data:`migration.model.DATA_FIELDS`).
* Closed value sets come from the code: phases, actions, severities, DKIM selector states, the
  resource type tokens, the plan version.

``tests/test_report_json_schema.py`` checks the committed file equals :func:`schema` (``UPDATE_GOLDEN=1``
rewrites it) and validates plans against it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from migration import email, model, report, resources
from migration.model import DATA_FIELDS
from migration.resources import ACTIONS, CF_RECORD
from migration.settings import PHASES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+?) \|", re.MULTILINE)
# `recordSets[].status`: the outcomes translation gives a record set (migration/model.py Outcome).
# Objects whose keys are data, not names this document fixes.
MAPS = {"resources[].inputs.tags": {"type": "string"}}
# Objects that are open: a resource's provider arguments (closed for DNS records, below).
OPEN = {"resources[].inputs"}
# Objects whose keys the doc gives as another object's ("keys as `summary`").
SAME_AS = {"journey[].summary": "summary"}
# Closed, but which keys are required depends on the record type (below).
PER_TYPE = {"resources[].inputs.data"}
SCALARS = {"string": "string", "integer": "integer", "boolean": "boolean"}


def documented_keys(doc: str) -> list[tuple[str, str]]:
    """``(key path, type)`` of every row of the plan's key tables (the snapshot's are left out)."""
    section = doc[doc.index("## Keys") : doc.index("## The snapshot file")]
    return [(key, kind.strip()) for key, kind in ROW.findall(section)]


def _type(kind: str, path: str) -> dict[str, Any]:
    if kind in SCALARS:
        return {"type": SCALARS[kind]}
    if kind in ("string or null", "integer or string"):
        first, second = kind.split(" or ")
        return {"type": [SCALARS.get(first, first), SCALARS.get(second, second)]}
    if kind.startswith("array of ") and kind != "array of objects":
        return {"type": "array", "items": {"type": SCALARS[kind.removeprefix("array of ").removesuffix("s")]}}
    if kind in ("object", "array of objects"):
        return {"type": "object"}
    raise ValueError(f"docs/plan-json.md: {path}: type {kind!r} is not one the schema knows")


def _build(rows: list[tuple[str, str]], prefix: str) -> dict[str, Any]:
    """The schema of the object at ``prefix`` ('' for the top level) from the rows under it."""
    properties: dict[str, Any] = {}
    for path, kind in rows:
        parent, _, name = path.rpartition(".")
        if parent != prefix:
            continue
        node = _type(kind, path)
        if kind == "object" and path in SAME_AS:
            node = _build(rows, SAME_AS[path])
        elif kind == "object":
            node = MAPS[path] if path in MAPS else _build(rows, path)
            node = {"type": "object", "additionalProperties": node} if path in MAPS else node
        elif kind == "array of objects":
            node = {"type": "array", "items": _build(rows, f"{path}[]")}
        properties[name] = node
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if prefix in PER_TYPE:
        out["additionalProperties"] = False
    elif prefix not in OPEN:
        out |= {"required": list(properties), "additionalProperties": False}
    return out


def _enum(node: dict[str, Any], values: Any) -> None:
    node["enum"] = list(values)


def _dns_record_rules(inputs: dict[str, Any]) -> dict[str, Any]:
    """``inputs`` of a Cloudflare DNS record: closed, and ``data`` holding exactly its type's fields."""
    keys = ("zone_id", "name", "type", "ttl", "proxied", "content", "data", "priority", "comment")
    per_type = [
        {
            "if": {"properties": {"type": {"const": rtype}}, "required": ["type"]},
            "then": {
                "properties": {"data": {"required": list(fields), "propertyNames": {"enum": list(fields)}}},
                "required": ["data"],
            },
        }
        for rtype, fields in DATA_FIELDS.items()
    ]
    return {
        "properties": {key: inputs["properties"][key] for key in keys},
        "required": ["zone_id", "name", "type", "ttl", "proxied"],
        "additionalProperties": False,
        "allOf": per_type,
    }


def schema(doc: str) -> dict[str, Any]:
    """The JSON Schema of ``plan --format json`` from the text of docs/plan-json.md."""
    rows = documented_keys(doc)
    top = _build(rows, "")
    props = top["properties"]
    props["planVersion"] = {"const": report.PLAN_VERSION}
    for phase in (
        props["phase"],
        props["journey"]["items"]["properties"]["phase"],
        props["needsAttention"]["items"]["properties"]["phase"],
    ):
        _enum(phase, PHASES)
    resource = props["resources"]["items"]
    tokens = sorted(
        {
            v
            for k, v in vars(resources).items()
            if k.isupper() and isinstance(v, str) and re.fullmatch(r"[a-z0-9]+:[\w/]+:\w+", v)
        }
    )
    _enum(resource["properties"]["type"], tokens)
    _enum(resource["properties"]["action"], ACTIONS)
    _enum(props["recordSets"]["items"]["properties"]["status"], model.STATUSES)
    _enum(props["findings"]["items"]["properties"]["severity"], model.SEVERITIES)
    _enum(props["email"]["properties"]["selectors"]["items"]["properties"]["state"], email.STATES)
    inputs = resource["properties"]["inputs"]
    resource["allOf"] = [
        {
            "if": {"properties": {"type": {"const": CF_RECORD}}},
            "then": {"properties": {"inputs": _dns_record_rules(inputs)}},
        }
    ]
    return {
        "$schema": DRAFT,
        "title": "migration plan (python -m migration plan --format json)",
        "description": f"planVersion {report.PLAN_VERSION}: docs/plan-json.md documents every key. Generated "
        "by tests/support/plan_schema.py from that document's tables and the planner's "
        "value tables; do not edit by hand.",
        **top,
    }


def render(doc_path: Path) -> str:
    """The schema file's text: JSON indented by two spaces, ending with a newline."""
    return json.dumps(schema(doc_path.read_text()), indent=2, ensure_ascii=False) + "\n"
