"""Resource options that keep every moment of a ``pulumi up`` acceptable to Cloudflare.

Pulumi's step order for one update (Pulumi docs, "Resource options": ``dependsOn``,
``deleteBeforeReplace``, ``aliases``; pulumi/pulumi#9979): resources are created and updated as
the program registers them, each after the resources it depends on; a replacement creates the
new resource before deleting the old one unless ``deleteBeforeReplace``; resources no longer
declared are deleted at the end, dependents first. An alias lets a resource take over the state
held under another logical name (a rename: updated or replaced, never created beside it).

Cloudflare's rules this must respect (Cloudflare DNS docs, "CNAME records" / "DS records"; API
errors 81053/81054; octodns/octodns-cloudflare#102): a CNAME is alone at its name (the apex
aside, where it is flattened); a DS only goes where the name's NS records already are.

So, for the records of one plan (docs/route53-features.md, "What happens when the zone changes
again"):

1. A CNAME's logical name is its name (:func:`migration.model.cname_slot`): a new target is an
   update of the same resource.
2. At a name without a CNAME, the *lead* record (its first A or AAAA, else its first record but
   a DS) carries the alias of that name's CNAME and ``delete_before_replace``: when the stack
   holds a CNAME there from an earlier snapshot, the lead takes it over and replaces it
   delete-first (the name has no answer for a moment) instead of being created beside it. Every
   other record at the name depends on the lead, so it is created only once the CNAME is gone.
3. A DS depends on every NS record of its name: created after them, deleted before them.

Adding a record never renames another (logical names come from values): it only gains or changes
a ``dependsOn``, which Pulumi does not treat as a change. Pure: works on plan data.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from .model import CloudflareRecord, cname_slot


def excluded(rtype: str, other: str, apex: bool) -> bool:
    """Whether Cloudflare refuses a ``rtype`` record beside an ``other`` record at one name
    (``apex``: the zone's apex): a CNAME excludes every other record, at the apex only A, AAAA and
    CNAME (flattening; Cloudflare DNS docs, "Records with the same name", errors 81053/81054); an
    NS (a delegation) excludes all but NS and DS (migration/translate/conflicts.py)."""
    pair = {rtype, other}
    if "CNAME" in pair:
        return not apex or pair <= {"A", "AAAA", "CNAME"}
    return "NS" in pair and not pair <= {"NS", "DS"}


Options = tuple[tuple[str, ...], tuple[str, ...], bool]
"""A record resource's ``(depends_on, aliases, delete_before_replace)``."""


def plan(records: Sequence[CloudflareRecord]) -> tuple[list[int], list[Options]]:
    """The options described above for each of ``records`` (by index: the ``depends_on``,
    ``aliases`` and ``delete_before_replace`` of the resource that declares it, named by the
    record's logical name) and the order the program declares them in, as indexes into
    ``records``: the same order except that a DS comes after the NS records of its name (the
    program declares a resource after those it depends on). Depends on the records alone, not on
    the phase: a journey computes it once for its three phases."""
    by_name: dict[str, list[CloudflareRecord]] = defaultdict(list)
    for record in records:
        by_name[record.identity[0]].append(record)  # the name in lower case, made with the record
    options: dict[str, Options] = {}
    for name, group in by_name.items():
        if len(group) == 1:
            # Most names hold one record: it is its own lead but for a CNAME or a DS (a DS alone
            # has no NS to wait for), and depends on nothing. The same options as below, sooner.
            record = group[0]
            if record.type == "DS":
                options[record.logical_name] = ((), record.former_names, False)
            elif record.type == "CNAME":
                options[record.logical_name] = ((), record.aliases, True)
            else:
                options[record.logical_name] = ((), (*record.former_names, cname_slot(name)), True)
            continue
        # One walk of the group: its NS records, whether it has a CNAME, its first A or AAAA and its
        # first record but a DS.
        ns_names: list[str] = []
        has_cname = False
        first_address = first_not_ds = None
        for record in group:
            rtype = record.type
            if rtype == "NS":
                ns_names.append(record.logical_name)
            elif rtype == "CNAME":
                has_cname = True
            elif rtype == "A" or rtype == "AAAA":
                if first_address is None:
                    first_address = record.logical_name
            if first_not_ds is None and rtype != "DS":
                first_not_ds = record.logical_name
        ns = tuple(ns_names)
        # A/AAAA first: at the apex they are the only records a CNAME cannot stand beside.
        lead = None if has_cname else first_address if first_address is not None else first_not_ds
        for record in group:
            logical = record.logical_name
            after: tuple[str, ...] = ()
            if record.type == "DS":
                after = ns
            elif lead is not None and logical != lead:
                after = (lead,)
            if record.type == "CNAME":
                aliases, dbr = record.aliases, True
            elif logical == lead:
                aliases, dbr = (*record.aliases, cname_slot(name)), True
            else:
                aliases, dbr = record.aliases, False
            options[logical] = (after, aliases, dbr)
    ordered = [options[record.logical_name] for record in records]
    positions: list[int] = []
    emitted: set[str] = set()
    waiting: dict[str, list[int]] = {}  # DS by the last NS it waits for
    for index, record in enumerate(records):
        after = ordered[index][0]
        if after and (pending := [a for a in after if a not in emitted]):
            waiting.setdefault(pending[-1], []).append(index)
            continue
        logical = record.logical_name
        positions.append(index)
        emitted.add(logical)
        if waiting and logical in waiting:
            for ready in waiting.pop(logical):
                positions.append(ready)
                emitted.add(records[ready].logical_name)
    return positions, ordered
