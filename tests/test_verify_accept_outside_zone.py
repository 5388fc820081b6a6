"""An accepted loss (migration:acceptNotMigrated, verify --accept-not-migrated) whose owner name is
outside the zone can match no record set: a typo or another zone's name, an input error naming the
setting or option and the zone, before any query. Before, it was taken and silently matched
nothing, so the refused record set the user meant stayed a difference."""

from __future__ import annotations

import shutil

from tests.conftest import EXAMPLE, EXPORT
from tests.support.cli import run, stack_file

# Nothing answers there: a verify that asked anything would report it unchecked instead.
SERVERS = ["--nameserver", "old=127.0.0.1:1", "--nameserver", "new=127.0.0.1:1", "--parent-server", "127.0.0.1:1"]
SERVERS += ["--timeout", "0.1", "--retries", "0"]


def test_an_option_outside_the_zone_is_refused(capsys):
    argv = ["verify", "--source", str(EXPORT), "--zone", "example.com", *SERVERS]
    argv += ["--accept-not-migrated", "www.example.org A", "--accept-not-migrated", "www.example.com A"]
    assert run(argv, capsys) == (
        2,
        "",
        "error: --accept-not-migrated: 'www.example.org. A' is outside the zone example.com.: "
        "it can match no record set\n",
    )


def test_a_setting_outside_the_zone_is_refused(project, capsys):
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    stack_file(
        project,
        "config:\n  migration:zone: example.com\n  migration:snapshot: export.json\n"
        "  migration:cloudflareAccountId: 0123456789abcdef0123456789abcdef\n  migration:sesIdentities: [ses.json]\n"
        '  migration:acceptNotMigrated: ["app.example.co", "www.example.com"]\n',
    )
    assert run(["verify", "--stack", "s", *SERVERS], capsys) == (
        2,
        "",
        "error: migration:acceptNotMigrated: 'app.example.co.' is outside the zone example.com.: "
        "it can match no record set\n",
    )
