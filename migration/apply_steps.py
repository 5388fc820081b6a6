"""Apply a plan larger than one Cloudflare rate-limit window in steps: each step's ``pulumi up
--target`` list, written as a script. Pure: a plan in, text out (the CLI writes the files).

A step holds at most :data:`~migration.apply_cost.REQUESTS_PER_WINDOW` Cloudflare resources that
cost a request (created, adopted, updated or deleted), in plan order, so the Cloudflare zone
comes first (records need its id); the first step also holds the AWS resources (AWS calls, not
under Cloudflare's limit). The steps run :data:`~migration.apply_cost.WINDOW_SECONDS` apart; a
last, untargeted ``pulumi up`` checks that nothing is left.

``--target`` takes resource URNs, ``urn:pulumi:<stack>::<project>::<type>::<name>`` for a
resource without a parent (Pulumi docs, "Resource names: URNs" and "Targeted updates").
"""

from __future__ import annotations

import shlex
from typing import Iterable, Protocol, Sequence

from .apply_cost import CLOUDFLARE_PREFIX, REQUESTS_PER_WINDOW, WINDOW_SECONDS


class _Named(Protocol):
    # Read-only: a frozen dataclass (PlannedResource) satisfies it.
    @property
    def type(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def action(self) -> str: ...


def urn(stack: str, project: str, res: _Named) -> str:
    """The URN of a top-level resource of ``project``'s ``stack`` (the stack's short name: an
    organisation prefix such as ``acme/prod`` is not part of a URN)."""
    return f"urn:pulumi:{stack.rsplit('/', 1)[-1]}::{project}::{res.type}::{res.name}"


def steps(resources: Iterable[_Named], stack: str, project: str) -> list[list[str]]:
    """The URNs of each step, in order: the resources that cost a Cloudflare request (all but
    ``keep``) cut into runs of :data:`REQUESTS_PER_WINDOW` in plan order, the AWS resources that
    change in the first. An empty list when nothing changes."""
    changing = [r for r in resources if r.action != "keep"]
    cloudflare = [urn(stack, project, r) for r in changing if r.type.startswith(CLOUDFLARE_PREFIX)]
    other = [urn(stack, project, r) for r in changing if not r.type.startswith(CLOUDFLARE_PREFIX)]
    found = [cloudflare[i : i + REQUESTS_PER_WINDOW] for i in range(0, len(cloudflare), REQUESTS_PER_WINDOW)]
    if other:
        found = [found[0] + other, *found[1:]] if found else [other]
    return found


def script(stack: str, urns: Sequence[str], number: int, total: int, policy_pack: str = "policy") -> str:
    """A POSIX shell script running step ``number`` of ``total``: ``pulumi up`` on ``urns``
    (each quoted: logical names hold ``*`` for wildcard owners)."""
    lines = [
        "#!/bin/sh",
        f"# Step {number} of {total}: {len(urns)} resources "
        "(python -m migration apply-steps). Run the steps in order, "
        f"{WINDOW_SECONDS // 60} minutes apart; a step stopped by the rate limit (HTTP 429) is run again.",
        "set -e",
        f"exec pulumi up --stack {shlex.quote(stack)} --policy-pack {shlex.quote(policy_pack)} --yes \\",
    ]
    lines += [f"  --target {shlex.quote(u)} \\" for u in urns]
    lines[-1] = lines[-1].removesuffix(" \\")
    return "\n".join(lines) + "\n"


def final_script(stack: str, policy_pack: str = "policy") -> str:
    """The last script: an untargeted ``pulumi up`` that reconciles the whole stack (after the
    steps it changes nothing; anything it changes was missed)."""
    return (
        "#!/bin/sh\n# Last: the whole stack, untargeted (python -m migration apply-steps): after the steps it "
        "should change nothing.\nset -e\n"
        f"exec pulumi up --stack {shlex.quote(stack)} --policy-pack {shlex.quote(policy_pack)} --yes\n"
    )


def scripts(resources: Iterable[_Named], stack: str, project: str) -> list[tuple[str, str]]:
    """``(file name, script)`` for every step, ``step-01.sh`` ..., then ``step-NN-final.sh``."""
    found = steps(resources, stack, project)
    width = max(2, len(str(len(found) + 1)))
    out = [(f"step-{i:0{width}d}.sh", script(stack, urns, i, len(found))) for i, urns in enumerate(found, 1)]
    out.append((f"step-{len(found) + 1:0{width}d}-final.sh", final_script(stack)))
    return out
