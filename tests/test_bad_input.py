"""Bad input: a clear error naming the file and the record set, exit status 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def plan(path, zone="example.com"):
    return subprocess.run([sys.executable, "-m", "migration", "plan", "--source", str(path), "--zone", zone,
                           "--phase", "mirror"],
                          cwd=ROOT, capture_output=True, text=True)


CASES = [
    ("empty", "", "the file is empty; expected the JSON that 'aws route53 list-resource-record-sets' prints"),
    ("malformed", '{"ResourceRecordSets": [\n', "not valid JSON: Expecting value at line 2 column 1"),
    ("wrong shape", "[1, 2]",
     "page 1 has no 'ResourceRecordSets' list; expected the JSON that 'aws route53 list-resource-record-sets' prints"),
    ("unknown type",
     '{"ResourceRecordSets": [{"Name": "x.example.com.", "Type": "FOO", "TTL": 300, "ResourceRecords": [{"Value": "1"}]}]}',
     "x.example.com. FOO: unknown record type 'FOO'; Route53 hosts A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, "
     "PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA, TXT"),
    ("name outside the zone",
     '{"ResourceRecordSets": [{"Name": "www.example.org.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}',
     "www.example.org. A: the name is outside the zone example.com."),
    ("invalid address",
     '{"ResourceRecordSets": [{"Name": "bad.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "999.0.2.1"}]}]}',
     "bad.example.com. A: invalid A value '999.0.2.1': Text input is malformed."),
    ("no values",
     '{"ResourceRecordSets": [{"Name": "bad.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": []}]}',
     "bad.example.com. A: no values and no AliasTarget"),
    ("no record sets", '{"ResourceRecordSets": []}', "the zone has no record sets"),
    ("set identifier not a string",
     '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "w.example.com.", "Type": "A", "TTL": 60, '
     '"SetIdentifier": ["one"], "Weight": 10, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}',
     'w.example.com. A: SetIdentifier must be a string, not ["one"]'),
    ("TXT string over 255 bytes",
     '{"ResourceRecordSets": [{"Name": "t.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": '
     '[{"Value": "\\"' + "a" * 300 + '\\""}]}]}',
     "t.example.com. TXT: invalid TXT value '\"" + "a" * 59 + "... (302 characters)': a quoted string holds at "
     'most 255 bytes (RFC 1035 section 3.3); split the value into several quoted strings ("..." "...")'),
    ("listing and change batch",
     '{"ResourceRecordSets": [], "ChangeBatch": {"Changes": []}}',
     "the document holds both a 'ResourceRecordSets' listing and change batches ('Changes'); give one or the other"),
]


@pytest.mark.parametrize("text, message", [(t, m) for _, t, m in CASES], ids=[c[0] for c in CASES])
def test_bad_file(tmp_path, text, message):
    path = tmp_path / "zone.json"
    path.write_text(text)
    done = plan(path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"error: {path}: {message}\n"


def test_every_problem_listed_at_once(tmp_path):
    path = tmp_path / "zone.json"
    path.write_text('{"ResourceRecordSets": ['
                    '{"Name": "x.example.com.", "Type": "FOO", "TTL": 300, "ResourceRecords": [{"Value": "1"}]},'
                    '{"Name": "bad.example.com.", "Type": "AAAA", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}')
    done = plan(path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {path}: 2 problem(s)",
        "  - x.example.com. FOO: unknown record type 'FOO'; Route53 hosts A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, "
        "NS, PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA, TXT",
        "  - bad.example.com. AAAA: invalid AAAA value '192.0.2.1': Text input is malformed.",
    ]


def test_missing_file(tmp_path):
    done = plan(tmp_path / "nope.json")
    assert (done.returncode, done.stderr) == (2, f"error: {tmp_path / 'nope.json'}: no such file\n")


def test_unknown_stack():
    done = subprocess.run([sys.executable, "-m", "migration", "plan", "--stack", "nope"], cwd=ROOT,
                          capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (2, f"error: stack nope: no settings file {ROOT}/stacks/Pulumi.nope.yaml\n")


def test_refusal_makes_exit_status_1(tmp_path):
    path = tmp_path / "zone.json"
    path.write_text('{"ResourceRecordSets": [{"Name": "www.example.com.", "Type": "A", "SetIdentifier": "blue", '
                    '"Weight": 10, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}')
    done = plan(path)
    assert done.returncode == 1
    refused = [line.split() for line in done.stdout.splitlines() if "[blue]" in line]
    assert [line[:5] for line in refused] == [["refused", "www.example.com.", "A", "[blue]:", "weighted"]]


def test_example_stack_plan_exits_0():
    done = subprocess.run([sys.executable, "-m", "migration", "plan", "--stack", "example", "--phase", "mirror"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "Migration plan for example.com (stack example, phase mirror)",
        "READY: nothing refused, no errors; review the changes, then 'pulumi preview' and 'pulumi up'.",
    ]
    # The 2 stale DKIM selectors are skipped (warnings: TTL, 2 stale selectors, SES's DKIM status).
    assert lines[lines.index("Summary") + 2].split() == ["mirror", "24", "1", "0", "0", "4", "0", "0", "4"]


def test_plan_without_a_phase_shows_the_whole_journey():
    done = subprocess.run([sys.executable, "-m", "migration", "plan", "--stack", "example"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Migration plan for example.com (stack example, phase mirror)"
    assert lines[2] == ("Scope: phase mirror (migration:phase) in detail; the whole journey (mirror -> cut-over -> "
                        "decommission) in summary: counts per phase and what later phases delete.")
    rows = [line.split()[0] for line in lines[lines.index("Summary") + 2:lines.index("Summary") + 5]]
    assert rows == ["mirror", "cut-over", "decommission"]
    zone_rows = [line.split()[:2] for line in lines if "aws:route53/zone:Zone" in line]
    assert zone_rows == [["adopt", "aws:route53/zone:Zone"]]
    # The decommission's deletion of the hosted zone and its record sets is a top-level line.
    assert lines[3] == ("IRREVERSIBLE: phase decommission deletes the Route53 hosted zone Z0EXAMPLE1234567890AB "
                        "(example.com) and its 24 record sets (after its gates and a backup).")

