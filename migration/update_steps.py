"""What one ``pulumi up`` from the records as last applied (the *baseline*, what the stack's state
holds) to a plan's records does on Cloudflare, told before it runs: which records are replaced
(and that the name has no answer for a moment), which changes Cloudflare would refuse half-way
(they need two updates), and how many records the zone holds at the update's peak.

Pulumi's step order (Pulumi docs, "Resource options": ``aliases``, ``dependsOn``,
``deleteBeforeReplace``; pulumi/pulumi#9979): a declared resource is the state's resource of the
same logical name, else of its first alias the state holds and nothing else took; it is created,
updated, or replaced when its ``name`` or ``type`` changes (the worst case for a DNS record);
a replacement deletes the old record first only with ``deleteBeforeReplace``, otherwise at the end;
resources no longer declared are deleted at the end of the update, after every create. Cloudflare
refuses a record beside a CNAME or a delegation (:func:`migration.apply_order.excluded`; errors
81053/81054) and a create above the zone's record limit (Cloudflare DNS docs, "DNS record limits").

Pure: planned resources in, actions and findings out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from .apply_order import excluded
from .model import Finding
from .resources import CF_RECORD, Action, PlannedResource, pulumi_inputs

HELD = ("keep", "update", "delete")  # record actions of resources the stack's state holds
# The plan's action for a declared record's step: a replacement creates (its old record is a delete).
ACTION: dict[str, Action] = {"create": "create", "replace": "create", "keep": "keep", "update": "update"}


@dataclass(frozen=True)
class Step:
    """One record's step: ``kind`` ``create``, ``keep``, ``update``, ``replace`` (``new`` takes
    over ``old``, whose name or type differs) or ``delete`` (``old`` is no longer declared:
    deleted at the end); ``delete_first``: a replacement deletes ``old`` before creating ``new``."""

    kind: str
    new: PlannedResource | None
    old: PlannedResource | None
    delete_first: bool = False


def _name(res: PlannedResource) -> str:
    return str(pulumi_inputs(res)["name"]).lower()


def _type(res: PlannedResource) -> str:
    return str(pulumi_inputs(res)["type"])


def _what(res: PlannedResource) -> str:
    """``CNAME foo.example.com -> bar.example.net``: a record for a reviewer."""
    i = pulumi_inputs(res)
    value = i.get("content")
    if value is None and i.get("data"):
        value = " ".join(f"{k}={v}" for k, v in dict(i["data"]).items())
    priority = f"{i['priority']} " if "priority" in i else ""
    return f"{i['type']} {i['name']} -> {priority}{value}" if value is not None else f"{i['type']} {i['name']}"


def steps(state: Mapping[str, PlannedResource], declared: Iterable[PlannedResource]) -> list[Step]:
    """The record steps from ``state`` (the baseline's declared record resources by logical
    name) to the ``declared`` record resources, in declaration order, then the deletes."""
    declared = list(declared)
    names = {res.name for res in declared}
    taken: set[str] = set()
    out = []
    for res in declared:
        old = state.get(res.name)
        if old is None:
            alias = next((a for a in res.aliases if a in state and a not in names and a not in taken), None)
            old = state.get(alias) if alias else None
        if old is None:
            out.append(Step("create", res, None))
            continue
        taken.add(old.name)
        if (_name(old), _type(old)) != (_name(res), _type(res)):
            out.append(Step("replace", res, old, res.delete_before_replace))
        else:
            out.append(Step("keep" if pulumi_inputs(old) == pulumi_inputs(res) else "update", res, old))
    out += [Step("delete", None, old) for name, old in state.items() if name not in names and name not in taken]
    return out


def against(
    resources: Sequence[PlannedResource], found: Sequence[Step], removed: str, held: Mapping[str, PlannedResource]
) -> list[PlannedResource]:
    """``resources`` with the Cloudflare records' actions set by their steps ``found`` (:func:`steps`
    of these very resources), as ``pulumi preview`` will find them: ``create``, ``update``,
    ``keep``; a replaced record ``create``d and its old record appended as ``delete`` (its subject
    says by what and when); a state record no longer declared appended as ``delete``, its subject
    ending in ``removed`` (e.g. ``", removed from the zone file"``). Resources already ``delete``
    stay as they are. Another resource created or adopted that ``held`` (the baseline's declared
    resources by logical name) holds just so (inputs and options) is ``keep``: applied already."""
    gone = {r.name for r in resources if r.type == CF_RECORD and r.action == "delete"}
    by_new = {id(s.new): s for s in found if s.new is not None}
    out = []
    appended = []
    for res in resources:
        step = by_new.get(id(res))
        if step is None:
            if res.action in ("create", "adopt") and replace(held.get(res.name, res), action=res.action) == res:
                res = replace(res, action="keep")
            out.append(res)
            continue
        out.append(replace(res, action=ACTION[step.kind]))
        if step.kind == "replace" and step.old is not None:
            when = "first" if step.delete_first else "at the end of the update"
            appended.append(
                replace(
                    step.old, action="delete", subject=f"{_what(step.old)}, replaced by {_what(res)} (deleted {when})"
                )
            )
    appended += [
        replace(s.old, action="delete", subject=s.old.subject.split(" (from ")[0] + removed)
        for s in found
        if s.kind == "delete" and s.old is not None and s.old.name not in gone
    ]
    return out + appended


def findings(
    found: Sequence[Step], declared: Sequence[PlannedResource], apex: str, since: str, edited: str = "snapshot"
) -> list[Finding]:
    """Per record, for the update whose steps are ``found`` (:func:`steps` to the ``declared``
    record resources; ``apex``: the zone's Cloudflare name; ``since`` names the baseline;
    ``edited``: what a change of the records edits, ``snapshot`` or ``zone file``, for the advice):

    * ``replaced-delete-first`` (warning): the record replaces an old one delete-first, so its
      name has no answer between the delete and the create;
    * ``needs-two-updates`` (error): the record is created while an old record Cloudflare refuses
      beside it is still there (deleted only at the end of the update): the update would stop
      half-way with Cloudflare error 81053/81054.
    """
    after = _after({r.name: r for r in declared})
    # Old records still in the zone when the new records of their name are created: those deleted
    # at the end, and those a replacement deletes at the end (not delete-first).
    lingering: dict[str, list[tuple[PlannedResource, str | None]]] = {}
    for s in found:
        if s.old is not None and (s.kind == "delete" or (s.kind == "replace" and not s.delete_first)):
            lingering.setdefault(_name(s.old), []).append((s.old, None))
        elif s.kind == "replace" and s.delete_first and s.old is not None and s.new is not None:
            # Gone before its replacement and before whatever waits for that (dependsOn).
            lingering.setdefault(_name(s.old), []).append((s.old, s.new.name))
    # A pull request changes the records; CI plans it against the commit last applied (docs/ci.md).
    first, how = (
        ("a snapshot", " (remove them in Route53, snapshot again)") if edited == "snapshot" else (f"the {edited}", "")
    )
    out = []
    for s in found:
        if s.new is None or s.kind not in ("create", "replace"):
            continue
        new = s.new
        name, rtype, shown = _name(new), _type(new), pulumi_inputs(new)["name"]
        if s.kind == "replace" and s.delete_first and s.old is not None:
            out.append(
                Finding(
                    "warning",
                    "replaced-delete-first",
                    f"{rtype} {shown}",
                    f"replaces {_what(s.old)} ({s.old.name}, in the stack since {since}): during "
                    f"'pulumi up' Pulumi deletes the {_type(s.old)} first, then creates this "
                    f"record (deleteBeforeReplace), so {shown} has no "
                    f"{'/'.join(sorted({_type(s.old), rtype}))} answer between the delete and "
                    "the create (the time of one Cloudflare request); the name's other records are "
                    "created after it (dependsOn)",
                )
            )
        clash = [
            old
            for old, gone_before in lingering.get(name, ())
            if not (s.kind == "replace" and s.delete_first and old is s.old)
            and not (gone_before is not None and gone_before in after[new.name])
            and excluded(rtype, _type(old), name == apex)
        ]
        if clash:
            olds = ", ".join(_what(o) for o in clash)
            out.append(
                Finding(
                    "error",
                    "needs-two-updates",
                    f"{rtype} {shown}",
                    f"the stack holds {olds} (since {since}), which Cloudflare refuses beside a "
                    f"{rtype} (errors 81053/81054), and Pulumi deletes records no longer declared only at "
                    f"the end of an update, after it creates this {rtype}: 'pulumi up' would stop half-way. "
                    f"Apply it in two updates, one pull request each: first {first} without the old "
                    f"records of {shown}{how}, merged and applied; then the {edited} with the {rtype}, "
                    "planned against it",
                )
            )
    return out


def _after(declared: Mapping[str, PlannedResource]) -> dict[str, set[str]]:
    """For each declared resource, the resources it waits for through ``dependsOn``, transitively."""
    out: dict[str, set[str]] = {}
    for name in declared:
        seen: set[str] = set()
        todo = list(declared[name].depends_on)
        while todo:
            d = todo.pop()
            if d not in seen and d in declared:
                seen.add(d)
                todo.extend(declared[d].depends_on)
        out[name] = seen
    return out


@dataclass(frozen=True)
class Peak:
    """The zone's record count through one update: ``before`` when it starts (the stack's records,
    records being adopted and records nobody manages), ``created`` records added before the end,
    ``deleted`` at the end; ``peak`` = ``before`` + ``created``, the most it holds."""

    before: int
    created: int
    deleted: int

    @property
    def peak(self) -> int:
        return self.before + self.created

    @property
    def after(self) -> int:
        return self.peak - self.deleted


def peak(resources: Iterable[PlannedResource], unmanaged: int, delete_first: int = 0) -> Peak:
    """The :class:`Peak` of applying ``resources`` (record actions already set against the
    stack's state, a replacement as a ``create`` and a ``delete``: :func:`against`), with
    ``unmanaged`` records in the zone that the plan neither holds nor adopts, of which
    ``delete_first`` replacements free their record before creating the new one (they add
    nothing to the peak)."""
    records = [r for r in resources if r.type == CF_RECORD]
    before = sum(1 for r in records if r.action in HELD or r.action == "adopt") + unmanaged
    created = sum(1 for r in records if r.action == "create") - delete_first
    deleted = sum(1 for r in records if r.action == "delete") - delete_first
    return Peak(before, created, deleted)


def peak_finding(found: Peak, limit: int, source: str) -> Finding | None:
    """An error when the update's peak exceeds the zone's ``limit`` (``source`` says where the
    limit came from), naming the numbers, else ``None``."""
    if found.peak <= limit:
        return None
    advice = (
        "Apply the deletions first (a snapshot without the records removed, 'pulumi up'), then the additions"
        if found.after <= limit
        else "Delete records the zone no longer needs"
    )
    return Finding(
        "error",
        "record-limit-during-update",
        "Cloudflare zone",
        f"the zone holds {found.before} records when 'pulumi up' starts; Pulumi creates {found.created} "
        f"before it deletes {found.deleted} at the end of the update, so the zone would hold {found.peak} "
        f"records at the peak ({found.after} after the update), over the {limit} it allows ({source}): "
        f"Cloudflare refuses the create that passes the limit and the update stops half-way. {advice}; "
        "or raise the limit (migration:cloudflarePlan, migration:cloudflareRecordLimit)",
    )
