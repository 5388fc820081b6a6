"""Entry point Pulumi runs for ``pulumi preview --policy-pack policy``.

Constructing the :class:`PolicyPack` starts the analyzer server and never returns, so the rules
live in :mod:`policy.rules`, which tests import without starting anything.
"""

import sys
from pathlib import Path

# Pulumi runs this file with the pack folder on sys.path; the rules import the planner's
# ``migration`` package from the project root above it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi_policy import EnforcementLevel, PolicyPack  # noqa: E402

from policy.rules import POLICIES  # noqa: E402

PolicyPack(name="dns-migration", enforcement_level=EnforcementLevel.MANDATORY, policies=POLICIES)
