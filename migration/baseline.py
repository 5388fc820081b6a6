"""After the handover: the decommission's Cloudflare records set against the records last applied.

Once ``migration:zoneFile`` makes a zone file the source of the stack's records
(:mod:`migration.handover`), a plan's records are no longer all adopted or created in mirror: a
person edits the file between previews. Given the plan of the file as last applied (what the
stack's state holds), each record's action is then what ``pulumi preview`` will find. Pure: plan
data in and out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from .resources import CF_RECORD, Action, PlannedResource, pulumi_inputs

SETTING = "migration:zoneFile"


def against_baseline(resources: Iterable[PlannedResource], baseline: Iterable[PlannedResource]) -> list[PlannedResource]:
    """``resources`` with the Cloudflare records' actions set against ``baseline``, the resources
    of the plan of the zone file as last applied (what the stack's state holds), as ``pulumi
    preview`` will find them: a logical name the baseline lacks is ``create``d, one whose inputs
    differ ``update``d, one unchanged ``keep``; a baseline record no longer declared is appended
    as ``delete``."""
    before = {r.name: r for r in baseline if r.type == CF_RECORD}
    out = []
    declared = set()
    for res in resources:
        if res.type != CF_RECORD or res.action == "delete":
            out.append(res)
            continue
        declared.add(res.name)
        old = before.get(res.name)
        action: Action = ("create" if old is None else "keep" if pulumi_inputs(old) == pulumi_inputs(res)
                          else "update")
        out.append(replace(res, action=action))
    out += [replace(old, action="delete", subject=old.subject.split(" (from ")[0] + ", removed from the zone file")
            for name, old in before.items() if name not in declared and old.action != "delete"]
    return out
