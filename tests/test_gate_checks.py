"""The live checks behind the gates (migration/gate_checks.py) where their input is missing; the gates
against a stand-in world are in tests/test_gate_checks_decommission.py and tests/test_gates.py."""

from __future__ import annotations

import pytest

from migration import gate_checks
from migration.errors import MigrationError
from migration.settings import Settings
from migration.stack import plan_for
from tests.conftest import EXPORT


def test_gates_without_a_hosted_zone_id_fail_and_say_why():
    plan = plan_for(Settings("s", "example.com", EXPORT, None, "a", phase="cut-over"), run_gates=False)
    with pytest.raises(MigrationError) as err:
        gate_checks.signing(plan)
    assert str(err.value) == ("the snapshot has no hosted-zone id to ask Route53 about: set migration:hostedZoneId "
                              "or take the snapshot with 'python -m migration snapshot'")
    gate = gate_checks._checked("snapshot", lambda: gate_checks.snapshot_gate(plan))
    assert (gate.passed, gate.message()) == (
        False, "gate snapshot FAILED: could not be checked: the snapshot has no hosted-zone id to ask Route53 about: "
               "set migration:hostedZoneId or take the snapshot with 'python -m migration snapshot'")
