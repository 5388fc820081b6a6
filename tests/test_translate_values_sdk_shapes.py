"""Every record the planner can write has the shape Cloudflare's own API models give it.

The official ``cloudflare`` Python SDK (test-only dependency; its types are generated from
Cloudflare's OpenAPI schema, "File generated from our OpenAPI spec by Stainless") has one request
model per record type (``cloudflare.types.dns.<TYPE>RecordParam``). Each planned record's inputs
(pulumi-cloudflare's ``DnsRecord`` arguments, which are the API's fields) are checked against
them: field names, required fields, the ``data`` fields of structured types, the value types
(pydantic, strict), and the TTL range the model documents.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing

import dns.name
import pytest
from pydantic import TypeAdapter

from migration import plan as plan_mod
from migration.resources import CF_RECORD, pulumi_inputs
from migration.settings import Settings, load_stack
from migration.stack import plan_for
from migration.translate.values import CONVERTERS, PUBLISHED_TYPE
from tests.conftest import ROOT
from tests.support.zones import alias, rrset, snapshot
from tests.test_translate_values_stored_form import MIXED_CASE

# cloudflare.types.dns.<type>_record_param.<TYPE>RecordParam, for each type the planner writes.
_PARAM_MODULES = {t: f"{t.lower()}_record_param" for t in {PUBLISHED_TYPE.get(t, t) for t in CONVERTERS}}


def _param(rtype: str) -> type:
    module = importlib.import_module(f"cloudflare.types.dns.{_PARAM_MODULES[rtype]}")
    return getattr(module, f"{rtype}RecordParam")


def _fields(typed_dict: type) -> tuple[set[str], set[str]]:
    """All and required field names of an SDK TypedDict (its annotations are strings: resolved)."""
    hints = typing.get_type_hints(typed_dict, include_extras=True)
    required = {
        k
        for k, v in hints.items()
        if typing.get_origin(v) is typing.Required or getattr(typing.get_origin(v), "__name__", "") == "Required"
    }
    return set(hints), required


def _ttl_range() -> tuple[int, int]:
    """The TTL range the SDK documents for a record's ``ttl`` ("Value must be between 60 and 86400")."""
    source = inspect.getsource(importlib.import_module("cloudflare.types.dns.a_record_param"))
    low, high = re.search(r"Value must be between (\d+) and (\d+)", source).groups()
    return int(low), int(high)


def _planned_records() -> list[dict]:
    """The records of every shape the planner writes: one zone with a value of every type (host
    names in mixed case), an alias, a proxied name; plus the example stack's plan (email records)."""
    raws = [
        rrset("_sip._tcp.example.com." if t in ("SRV", "NAPTR") else f"{t.lower()}.example.com.", t, v)
        for t, v in MIXED_CASE.items()
    ]
    raws += [
        rrset("ds.example.com.", "NS", "ns1.example.net."),
        rrset("www.example.com.", "A", "8.8.8.8"),
        alias("cdn.example.com.", "A", "d111111abcdef8.cloudfront.net.", "Z2FDTNDATAQYW2"),
    ]
    settings = Settings(
        stack="t",
        zone="example.com",
        snapshot=ROOT,
        hosted_zone_id="Z0EXAMPLE",
        cloudflare_account_id="acct",
        proxied=(dns.name.from_text("www.example.com"),),
    )
    plans = [plan_mod.build(settings, snapshot(*raws)), plan_for(load_stack("example", cwd=ROOT), run_gates=False)]
    out = [pulumi_inputs(r) for p in plans for r in p.resources if r.type == CF_RECORD]
    return [{k: v for k, v in inputs.items() if k != "zone_id"} for inputs in out]


RECORDS = _planned_records()


def test_the_records_cover_every_type_the_planner_writes():
    assert {r["type"] for r in RECORDS} == {PUBLISHED_TYPE.get(t, t) for t in CONVERTERS}
    assert any(r["proxied"] for r in RECORDS)


@pytest.mark.parametrize("inputs", RECORDS, ids=lambda r: f"{r['type']}-{r['name']}")
def test_each_record_has_the_shape_of_cloudflares_model(inputs):
    model = _param(inputs["type"])
    fields, required = _fields(model)
    assert set(inputs) <= fields, f"fields the API model does not have: {set(inputs) - fields}"
    assert required <= set(inputs), f"required fields missing: {required - set(inputs)}"
    if "data" in inputs:
        data_model = typing.get_type_hints(model)["data"]
        data_fields, data_required = _fields(data_model)
        assert set(inputs["data"]) <= data_fields and data_required <= set(inputs["data"])
    assert TypeAdapter(model).validate_python(inputs, strict=True)["type"] == inputs["type"]
    low, high = _ttl_range()
    assert inputs["ttl"] == 1 or low <= inputs["ttl"] <= high
    assert not inputs["proxied"] or inputs["ttl"] == 1


def test_the_models_refuse_a_wrong_shape():
    # The check has teeth: a misspelt data field and a text TTL are caught.
    assert _fields(_param("MX"))[1] == {"name", "ttl", "type"}
    assert _ttl_range() == (60, 86400)
    model = _param("SRV")
    fields, _ = _fields(typing.get_type_hints(model)["data"])
    assert fields == {"port", "priority", "target", "weight"}
    with pytest.raises(Exception, match="ttl"):
        TypeAdapter(model).validate_python({"name": "x", "type": "SRV", "ttl": "300"}, strict=True)
