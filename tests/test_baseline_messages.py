"""``--baseline`` given the wrong file: a zone file of another zone, a JSON export where the
stack's records come from a zone file, a file that is no zone file at all. Found by a new user's
review: dnspython's "add() has non-origin SOA", 260 "Text input is malformed" problems without
saying a zone file was expected, and the lines of /etc/passwd echoed back."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from migration.sources.bind import read_text
from tests.support.cli import run

OTHER_ZONE = (
    "$ORIGIN example.org.\n$TTL 300\n@ IN SOA ns1.example.org. h.example.org. 1 7200 900 1209600 300\n"
    "@ IN NS ns1.example.org.\na IN A 192.0.2.1\n"
)
# Not a zone file: account lines, one holding what looks like a credential.
NOT_A_ZONE_FILE = (
    "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
)


def test_a_zone_file_of_another_zone(tmp_path, capsys):
    path = tmp_path / "other.zone"
    path.write_text(OTHER_ZONE)
    assert run(["plan", "--stack", "example-after", "--baseline", str(path)], capsys) == (
        2,
        "",
        f"error: {path}: line 1: $ORIGIN example.org. is outside the zone example.com.: this is a zone file of "
        "another zone; give one of example.com.\n",
    )
    with pytest.raises(InputError) as err:
        read_text(OTHER_ZONE, "z.zone", zone="example.com")
    assert err.value.problems == [
        "line 1: $ORIGIN example.org. is outside the zone example.com.: this is a zone file of another zone; "
        "give one of example.com."
    ]


def test_a_json_export_as_the_baseline_of_a_zone_file_stack(capsys):
    assert run(
        ["plan", "--stack", "example-after", "--baseline", "examples/seed-scenario/route53-example.com.json"], capsys
    ) == (
        2,
        "",
        "error: examples/seed-scenario/route53-example.com.json: JSON, not a zone file: the stack's records come "
        "from the zone file migration:zoneFile (decommission phase), so the baseline is that zone file as last "
        "applied\n",
    )


@pytest.mark.parametrize("stack", ["example", "example-after"])
def test_a_file_that_is_no_zone_file_is_not_echoed(tmp_path, capsys, stack):
    path = tmp_path / "passwd"
    path.write_text(NOT_A_ZONE_FILE)
    status, out, err = run(["plan", "--stack", stack, "--baseline", str(path)], capsys)
    assert "wJalrXUtnFEMI" not in err
    assert (status, out, err) == (
        2,
        "",
        f"error: {path}: line 1: cannot read 'root:x:0:0:root:/root:/bin/bash': Text input is malformed; no "
        "record could be read from the file, so it does not look like a zone file (the 4 other line(s) that "
        "cannot be read are not shown)\n",
    )
