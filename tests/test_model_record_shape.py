"""CloudflareRecord, Outcome and PlannedResource keep a frozen dataclass's contract while they are
made without one's __init__ (migration/model.py: filled in as a writable twin of the same slots,
then given their class)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import dns.name
import pytest

from migration.model import CloudflareRecord, Outcome, RecordSet
from migration.resources import CF_RECORD, PlannedResource

MX = CloudflareRecord(name="Example.com", type="MX", ttl=300, content="mail.example.com", priority=10, source="s")


def _derived(record: CloudflareRecord) -> tuple:
    return record.value_key, record.identity, record.value_name, record.logical_name


def test_a_record_is_frozen_and_holds_no_other_attribute():
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'ttl'"):
        MX.ttl = 60  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'logical_name'"):
        MX.logical_name = "other"  # type: ignore[misc]
    assert type(MX) is CloudflareRecord
    assert not hasattr(MX, "__dict__")


def test_a_record_is_its_fields_made_by_keyword_or_by_position():
    by_position = CloudflareRecord("Example.com", "MX", 300, False, "mail.example.com", None, 10, None, "s", ())
    assert by_position == MX
    assert hash(by_position) == hash(MX)
    assert (
        _derived(by_position)
        == _derived(MX)
        == (
            '{"content":"mail.example.com","data":null,"priority":10}',
            ("example.com", "MX", '{"content":"mail.example.com","data":null,"priority":10}'),
            "mx-example.com-856fe509e5",
            "mx-example.com-856fe509e5",
        )
    )
    assert repr(MX) == (
        "CloudflareRecord(name='Example.com', type='MX', ttl=300, proxied=False, content='mail.example.com', "
        "data=None, priority=10, comment=None, source='s', former_names=())"
    )
    # The derived attributes are not compared: two records of one value and another TTL differ.
    assert MX != dataclasses.replace(MX, ttl=60)


def test_replace_derives_the_attributes_of_the_new_value():
    moved = dataclasses.replace(MX, content="mx.example.com")
    assert moved.content == "mx.example.com" and moved.ttl == 300 and moved.source == "s"
    assert moved.value_key == '{"content":"mx.example.com","data":null,"priority":10}'
    assert moved.value_name != MX.value_name
    assert _derived(moved) == _derived(CloudflareRecord("Example.com", "MX", 300, False, "mx.example.com", None, 10))


@pytest.mark.parametrize("again", [pickle.loads(pickle.dumps(MX)), copy.copy(MX), copy.deepcopy(MX)])
def test_a_record_pickled_or_copied_is_the_same_record(again):
    assert again == MX
    assert type(again) is CloudflareRecord
    assert _derived(again) == _derived(MX)


def test_an_outcome_and_a_planned_resource_keep_the_frozen_dataclass_contract():
    rs = RecordSet(dns.name.from_text("example.com."), "MX", 300)
    outcome = Outcome(rs, "translated", "", (MX,))
    resource = PlannedResource(CF_RECORD, MX.logical_name, "create", {}, "MX example.com", record=MX)
    for made, field, again in (
        (outcome, "status", Outcome(record_set=rs, status="translated", records=(MX,))),
        (resource, "action", PlannedResource(CF_RECORD, MX.logical_name, "create", {}, "MX example.com", record=MX)),
    ):
        assert type(made) is type(again) and made == again
        assert not hasattr(made, "__dict__")
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{field}'"):
            setattr(made, field, "refused")
        assert pickle.loads(pickle.dumps(made)) == made == copy.deepcopy(made)
    assert hash(outcome) == hash(Outcome(rs, "translated", "", (MX,)))
    assert dataclasses.replace(resource, action="keep", protect=True) == PlannedResource(
        CF_RECORD, MX.logical_name, "keep", {}, "MX example.com", protect=True, record=MX
    )
    assert repr(outcome).startswith("Outcome(record_set=RecordSet(name=<DNS name example.com.>, rtype='MX'")
    assert dataclasses.replace(outcome, status="refused", reason="r", records=()).records == ()


@pytest.mark.parametrize("made", [CloudflareRecord, Outcome, PlannedResource])
def test_the_writable_twin_holds_the_dataclass_fields_as_its_slots_in_order(made):
    # What __class__ assignment and the shared __reduce__ (model.FilledIn) rest on: a field added
    # to the dataclass and not to its twin would have no slot to be filled in.
    twin = made.__mro__[1]
    assert twin.__slots__ == tuple(f.name for f in dataclasses.fields(made))
    assert made.__slots__ == ()
