"""Run the Pulumi program in-process under ``pulumi.runtime.set_mocks`` and collect what it declares.

Mocks echo inputs back as outputs (provider defaults are not applied, which is why the program
sets ``proxied`` explicitly), record every resource with its options, and give a Cloudflare zone
two name servers so stack outputs resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi


@dataclass
class Declared:
    """One resource the program registered: type token, logical name, inputs (camelCase as the
    engine sees them), import id ("" when created)."""

    type: str
    name: str
    inputs: dict[str, Any]
    import_id: str


@dataclass
class RecordingMocks(pulumi.runtime.Mocks):
    declared: list[Declared] = field(default_factory=list)
    calls: list[tuple[str, dict]] = field(default_factory=list)
    call_results: dict[str, dict] = field(default_factory=dict)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        import_id = args.resource_id or ""
        self.declared.append(Declared(args.typ, args.name, dict(args.inputs), import_id))
        outputs = dict(args.inputs)
        if args.typ == "cloudflare:index/zone:Zone":
            outputs["nameServers"] = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]
        return (import_id or f"{args.name}-id", outputs)

    def call(self, args: pulumi.runtime.MockCallArgs):
        self.calls.append((args.token, dict(args.args)))
        return self.call_results.get(args.token, {})


def run_under_mocks(program, stack: str = "example", config: dict[str, Any] | None = None):
    """Run ``program()`` (which declares resources and returns what it declared) under fresh
    mocks; returns ``(mocks, result)`` once every registration has completed."""
    mocks = RecordingMocks()
    pulumi.runtime.set_mocks(mocks, project="route53-to-cloudflare", stack=stack, preview=True)
    # Replace, not add to: the engine's config map outlives a test otherwise.
    pulumi.runtime.config.set_all_config(dict(config or {}))
    result: dict[str, Any] = {}

    @pulumi.runtime.test
    def _run():
        result["value"] = program()

    _run()
    return mocks, result["value"]
