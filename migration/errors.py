"""Errors the planner raises for input a user must fix.

Every message names what it is about (a file, a record set) and why, so the command line can
print it without a traceback.
"""

from __future__ import annotations


class MigrationError(Exception):
    """Base of every error the command line reports as a plain message (exit status 2)."""


class InputError(MigrationError):
    """Input that cannot be read: malformed file, unknown type, bad value, name outside the zone.

    ``problems`` lists every problem found (a user sees them all at once, not one per run).
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        head = f"{source}: {len(self.problems)} problem(s)" if len(self.problems) > 1 else f"{source}"
        body = "\n".join(f"  - {p}" for p in self.problems) if len(self.problems) > 1 else f": {self.problems[0]}"
        super().__init__(head + ("\n" + body if len(self.problems) > 1 else body))


class SettingsError(MigrationError):
    """A stack setting is missing or invalid; the message names the key."""


class AwsError(MigrationError):
    """Route53 (or another AWS API) could not be read, or answered something we must refuse."""
