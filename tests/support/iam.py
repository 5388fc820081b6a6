"""The AWS API calls behind the code: boto3 calls found in ``migration/`` (by reading its
source) and the calls the Pulumi AWS provider makes for each resource type and action the plan
declares. docs/ci.md must list each as an IAM action (tests/test_ci_workflow.py).

Provider calls: pulumi-aws bridges terraform-provider-aws; its resources call (internal/service/
route53/{zone,health_check,query_log}.go, internal/service/route53domains/registered_domain.go):
read (import, refresh) ``Get*``/``List*``, update the ``Update*``/``Change*`` calls and delete the
``Delete*`` ones; a ``force_destroy`` zone is emptied with ``ChangeResourceRecordSets`` first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import botocore.session
from botocore import xform_name

# boto3 client variable name in migration/ -> (botocore service, IAM prefix). SES v2's actions
# are in the ``ses`` namespace too (Amazon SES API v2 reference, "Actions").
CLIENTS = {
    "route53": ("route53", "route53"),
    "domains": ("route53domains", "route53domains"),
    "ses": ("ses", "ses"),
    "sesv2": ("sesv2", "ses"),
}

# migration.sources.aws helpers that make a call named by its operation: call(client, op, ...),
# pages(client, op, ...).
_HELPERS = ("call", "pages")

_ZONE_READ = ("route53:GetHostedZone", "route53:ListTagsForResource")
PROVIDER_ACTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "aws:route53/zone:Zone": {
        "read": _ZONE_READ,
        "update": ("route53:UpdateHostedZoneComment", "route53:ChangeTagsForResource", "route53:GetChange"),
        "delete": (
            "route53:ListResourceRecordSets",
            "route53:ChangeResourceRecordSets",
            "route53:DeleteHostedZone",
            "route53:GetChange",
        ),
    },
    # Deleted with their hosted zone (force_destroy): never declared on their own.
    "aws:route53/record:Record": {"delete": ("route53:ChangeResourceRecordSets",)},
    "aws:route53/healthCheck:HealthCheck": {
        "read": ("route53:GetHealthCheck", "route53:ListTagsForResource"),
        "update": ("route53:UpdateHealthCheck", "route53:ChangeTagsForResource"),
        "delete": ("route53:DeleteHealthCheck",),
    },
    "aws:route53/queryLog:QueryLog": {
        "read": ("route53:GetQueryLoggingConfig",),
        "update": (),  # every input forces a replacement; the plan never replaces it
        "delete": ("route53:DeleteQueryLoggingConfig",),
    },
    "aws:route53domains/registeredDomain:RegisteredDomain": {
        "read": ("route53domains:GetDomainDetail", "route53domains:ListTagsForDomain"),
        "update": ("route53domains:UpdateDomainNameservers", "route53domains:GetOperationDetail"),
    },
}
# What each plan action of a resource makes the provider do.
STEPS = {"adopt": ("read",), "keep": ("read",), "update": ("read", "update"), "delete": ("delete",)}


def sdk_actions(root: Path) -> dict[str, set[str]]:
    """IAM action -> the files of ``root/migration`` calling it through boto3: every call
    ``<client>.<operation>(...)``, ``<client>.get_paginator("<operation>")`` and
    ``aws.call(<client>, "<operation>", ...)`` / ``aws.pages(...)`` on a client variable of
    :data:`CLIENTS` whose operation is one of that service (botocore's model)."""
    session = botocore.session.get_session()
    operations = {
        name: {xform_name(op): op for op in session.get_service_model(service).operation_names}
        for name, (service, _) in CLIENTS.items()
    }
    found: dict[str, set[str]] = {}
    for path in sorted((root / "migration").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            args = node.args
            if (
                node.func.attr in _HELPERS
                and len(args) >= 2
                and isinstance(args[0], ast.Name)
                and args[0].id in CLIENTS
                and isinstance(args[1], ast.Constant)
            ):
                client, method = args[0].id, args[1].value  # aws.call(route53, "get_dnssec", ...)
            elif isinstance(node.func.value, ast.Name) and node.func.value.id in CLIENTS:
                client, method = node.func.value.id, node.func.attr
                if method == "get_paginator" and args and isinstance(args[0], ast.Constant):
                    method = args[0].value
            else:
                continue
            op = operations[client].get(method)
            if op is not None:
                found.setdefault(f"{CLIENTS[client][1]}:{op}", set()).add(str(path.relative_to(root)))
    return found


def provider_actions(resources) -> dict[str, set[str]]:
    """IAM action -> the ``type action`` pairs of ``resources`` (planned resources of any phase)
    that make the Pulumi AWS provider call it. Raises ``KeyError`` for an AWS resource type or
    action :data:`PROVIDER_ACTIONS` does not know (a new one must be added there and to docs/ci.md)."""
    found: dict[str, set[str]] = {}
    for res in resources:
        if not res.type.startswith("aws:"):
            continue
        table = PROVIDER_ACTIONS[res.type]
        for step in STEPS[res.action]:
            for action in table[step]:
                found.setdefault(action, set()).add(f"{res.type} {res.action}")
    return found
