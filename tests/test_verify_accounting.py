"""``verify`` accounts for every record set of the snapshot and compares in the planned form,
against real knotd servers on loopback.

* A record set the plan refuses that Route53 still answers is ``not-migrated`` (a difference,
  exit 1) unless the settings accept it (a note); record sets skipped on purpose are notes
  (case f-verify-ignores-refused, tests/data/cases/).
* What the plan changes on purpose (SPF published as TXT, a TTL clamped) is an expected
  difference, never a missing record.
* A stale DKIM selector Route53 still serves before the decommission is a note: verify on a
  correct mirror exits 0, as the cut-over gate does (case n-verify-stale-red).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dns.name
import pytest
import yaml

from migration import plan as plan_mod
from migration import zonefile
from migration.cli import main
from migration.errors import SettingsError
from migration.settings import Settings, from_lookup
from migration.sources import snapshot as snapshot_file
from migration.verify import Options, Servers, verify
from migration.verify.query import Server
from tests.conftest import CASES, ROOT
from tests.support.knot import KnotServer

REFUSED = CASES / "f-verify-ignores-refused"
STALE = CASES / "n-verify-stale-red"
FAST = Options(timeout=0.3, retries=1, concurrency=16)
CF_NAMES = ("ada.ns.cloudflare.com.",)
CONFLICT = (
    "Cloudflare does not allow a CNAME to share its name with other records away from the apex "
    "(app.example.com. would have CNAME from app.example.com. A; TXT from app.example.com. TXT). Options: "
    "remove or move the other record sets at this name; or replace the CNAME (or the alias that became "
    "one) by the target's A/AAAA values"
)


def _verify_cli(old: KnotServer, new: KnotServer, *extra: str) -> int:
    return main(
        [
            "verify",
            "--source",
            str(REFUSED / "input.json"),
            "--zone",
            "example.com",
            "--only",
            "records",
            "--nameserver",
            f"old={old.address}",
            "--nameserver",
            f"new={new.address}",
            "--timeout",
            "0.5",
            "--format",
            "json",
            *extra,
        ]
    )


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def refused_servers():
    with (
        KnotServer({"example.com": (REFUSED / "r53.zone").read_text()}) as old,
        KnotServer({"example.com": (REFUSED / "cf.zone").read_text()}) as new,
    ):
        yield old, new


def test_refused_record_sets_route53_answers_are_not_migrated(refused_servers, capsys):
    old, new = refused_servers
    code = _verify_cli(old, new)
    document = _json(capsys)
    assert code == 1 and document["exitStatus"] == 1
    found = {
        (c["subject"], c["status"], c["code"], c["server"], c["detail"])
        for c in document["checks"]
        if c["status"] != "equal"
    }
    assert found == {
        (
            "app.example.com. A",
            "different",
            "not-migrated",
            new.address,
            f"Route53 answers 198.51.100.10; the plan does not migrate it: {CONFLICT}",
        ),
        (
            "app.example.com. TXT",
            "different",
            "not-migrated",
            new.address,
            f'Route53 answers "site-verification=abc"; the plan does not migrate it: {CONFLICT}',
        ),
    }
    # The text verdict never says the answers agree.
    main(
        [
            "verify",
            "--source",
            str(REFUSED / "input.json"),
            "--zone",
            "example.com",
            "--only",
            "records",
            "--nameserver",
            f"old={old.address}",
            "--nameserver",
            f"new={new.address}",
        ]
    )
    out = capsys.readouterr().out
    assert out.startswith("DIFFERENCES found") and "agree" not in out


def test_a_refusal_accepted_explicitly_is_a_note(refused_servers, capsys):
    old, new = refused_servers
    code = _verify_cli(
        old, new, "--accept-not-migrated", "app.example.com A", "--accept-not-migrated", "app.example.com. txt"
    )
    document = _json(capsys)
    assert code == 0
    notes = {(c["subject"], c["status"], c["code"]) for c in document["checks"] if c["status"] != "equal"}
    assert notes == {("app.example.com. A", "note", "not-migrated"), ("app.example.com. TXT", "note", "not-migrated")}
    assert all(
        c["detail"].endswith("; accepted by migration:acceptNotMigrated")
        for c in document["checks"]
        if c["code"] == "not-migrated"
    )
    # Accepting one type leaves the other a difference.
    code = _verify_cli(old, new, "--accept-not-migrated", "app.example.com TXT")
    document = _json(capsys)
    assert code == 1 and [c["subject"] for c in document["checks"] if c["status"] == "different"] == [
        "app.example.com. A"
    ]


def test_accept_not_migrated_setting_is_read_and_checked():
    base = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354"}
    settings = from_lookup("s", {**base, "acceptNotMigrated": ["app.example.com", "www.example.com txt"]}.get, ROOT)
    assert settings.accept_not_migrated == (
        (dns.name.from_text("app.example.com."), None),
        (dns.name.from_text("www.example.com."), "TXT"),
    )
    with pytest.raises(SettingsError) as caught:
        from_lookup("s", {**base, "acceptNotMigrated": ["a b c"]}.get, ROOT)
    assert str(caught.value) == "stack s: migration:acceptNotMigrated: 'a b c' is not '<owner name> [TYPE]'"


def test_a_malformed_accept_option_exits_2(capsys):
    code = main(
        ["verify", "--source", str(REFUSED / "input.json"), "--zone", "example.com", "--accept-not-migrated", "a b c"]
    )
    assert code == 2
    assert capsys.readouterr().err == "error: --accept-not-migrated: 'a b c' is not '<owner name> [TYPE]'\n"


def _plan(tmp_path: Path, record_sets: list[dict]) -> plan_mod.Plan:
    source = tmp_path / "zone.json"
    source.write_text(json.dumps({"ResourceRecordSets": record_sets}))
    snap = snapshot_file.read(source, zone="example.com")
    return plan_mod.build(
        Settings(stack="t", zone="example.com", snapshot=source, hosted_zone_id="Z1", cloudflare_account_id="0123"),
        snap,
    )


def _servers(old: KnotServer, new: KnotServer) -> Servers:
    return Servers(old=(Server("old", old.host, old.port),), new=(Server("new", new.host, new.port),))


SOA = {
    "Name": "example.com.",
    "Type": "SOA",
    "TTL": 900,
    "ResourceRecords": [{"Value": "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}],
}
NS = {"Name": "example.com.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}]}


def test_routing_sets_refused_together_are_one_check_with_the_reason_once(tmp_path):
    weighted = [
        {
            "Name": "www.example.com.",
            "Type": "A",
            "TTL": 60,
            "SetIdentifier": ident,
            "Weight": weight,
            "ResourceRecords": [{"Value": ip}],
        }
        for ident, weight, ip in (("a", 10, "192.0.2.1"), ("b", 20, "192.0.2.2"))
    ]
    plan = _plan(tmp_path, [SOA, NS, *weighted])
    reasons = {o.reason for o in plan.translation.outcomes if o.status == "refused"}
    assert len(reasons) == 1
    old_text = zonefile.snapshot_to_bind(plan.snapshot) + "www 60 IN A 192.0.2.2\n"  # what one weighted answer gives
    with (
        KnotServer({"example.com": old_text}) as old,
        KnotServer(
            {"example.com": zonefile.cloudflare_to_bind(plan.snapshot.zone, plan.translation.records, CF_NAMES)}
        ) as new,
    ):
        result = verify(plan, _servers(old, new), FAST, areas=("records",))
    assert [(c.subject, c.status, c.code, c.detail) for c in result.checks if c.status == "different"] == [
        (
            "www.example.com. A",
            "different",
            "not-migrated",
            f"Route53 answers 192.0.2.2; the plan does not migrate it: {reasons.pop()}",
        )
    ]
    assert result.exit_status == 1


def test_spf_published_as_txt_and_a_clamped_ttl_are_compared_as_planned(tmp_path):
    plan = _plan(
        tmp_path,
        [
            SOA,
            NS,
            {"Name": "example.com.", "Type": "SPF", "TTL": 300, "ResourceRecords": [{"Value": '"v=spf1 -all"'}]},
            {"Name": "example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"hello"'}]},
            {"Name": "short.example.com.", "Type": "A", "TTL": 10, "ResourceRecords": [{"Value": "192.0.2.9"}]},
        ],
    )
    served = zonefile.cloudflare_to_bind(plan.snapshot.zone, plan.translation.records, CF_NAMES)
    without_spf = served.replace('"v=spf1 -all"', '"v=spf1 +all"')
    assert without_spf != served
    with (
        KnotServer({"example.com": zonefile.snapshot_to_bind(plan.snapshot)}) as old,
        KnotServer({"example.com": served}) as new,
        KnotServer({"example.com": without_spf}) as wrong,
    ):
        good = verify(plan, _servers(old, new), FAST, areas=("records",))
        bad = verify(plan, _servers(old, wrong), FAST, areas=("records",))
    assert {(c.subject, c.status, c.code, c.detail) for c in good.checks if c.status != "equal"} == {
        (
            "example.com. SPF",
            "equivalent",
            "published-as-txt",
            'Route53\'s SPF "v=spf1 -all" is published as TXT: "hello" | "v=spf1 -all"',
        ),
        (
            "example.com. TXT",
            "equivalent",
            "planned-change",
            'the plan replaces Route53\'s "hello" with "hello" | "v=spf1 -all"',
        ),
        (
            "short.example.com. A",
            "equivalent",
            "ttl-clamped",
            "TTL 10 s at Route53, 60 s here: clamped into Cloudflare's range, as planned",
        ),
        ("example.com. SOA", "note", "skipped", "apex SOA: Cloudflare serves its own"),
        ("example.com. NS", "note", "skipped", "apex NS: Cloudflare serves its own"),
    }
    assert good.exit_status == 0
    assert {(c.subject, c.code) for c in bad.checks if c.status == "different"} == {
        ("example.com. SPF", "changed"),
        ("example.com. TXT", "changed"),
    }


@pytest.fixture
def stale_project(tmp_path, monkeypatch):
    """The n-verify-stale-red project in ``tmp_path``, its stack naming the knotd servers."""
    with (
        KnotServer({"example.org": (STALE / "r53.zone").read_text()}) as r53,
        KnotServer({"example.org": (STALE / "cf.zone").read_text()}) as cf,
        KnotServer({"org": (STALE / "parent.zone").read_text()}) as parent,
    ):
        for name in ("snapshot.json", "inventory.json"):
            shutil.copy(STALE / name, tmp_path / name)
        (tmp_path / "ses").mkdir()
        shutil.copy(STALE / "ses" / "example.org.json", tmp_path / "ses" / "example.org.json")
        (tmp_path / "Pulumi.yaml").write_text("name: case\nruntime: python\nstackConfigDir: stacks\n")
        (tmp_path / "stacks").mkdir()
        (tmp_path / "stacks" / "Pulumi.case.yaml").write_text(
            yaml.safe_dump(
                {
                    "config": {
                        "aws:region": "eu-west-1",
                        "migration:zone": "example.org",
                        "migration:snapshot": "snapshot.json",
                        "migration:cloudflareAccountId": "0123456789abcdef0123456789abcdef",
                        "migration:sesIdentities": ["ses/example.org.json"],
                        "migration:inventory": "inventory.json",
                        "migration:cloudflareNameServers": ["ada.ns.cloudflare.com"],
                        "migration:route53Servers": [f"ns-1.awsdns-01.org@{r53.address}"],
                        "migration:cloudflareServers": [f"ada.ns.cloudflare.com@{cf.address}"],
                        "migration:parentServers": [parent.address],
                    }
                }
            )
        )
        monkeypatch.chdir(tmp_path)
        yield r53, cf


def test_verify_on_a_correct_mirror_with_a_stale_selector_exits_0(stale_project, capsys):
    r53, _ = stale_project
    code = main(["verify", "--stack", "case", "--timeout", "0.5", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["exitStatus"] == 0
    stale = "staletoken0000000000000000000bb._domainkey.example.org."
    assert {
        (c["subject"], c["status"], c["code"], c["server"])
        for c in document["checks"]
        if c["status"] not in ("equal", "warning")
    } == {
        ("example.org. NS", "note", "skipped", ""),
        ("example.org. SOA", "note", "skipped", ""),
        (f"{stale} CNAME", "note", "skipped", ""),
        (
            f"{stale} stale DKIM selector",
            "note",
            "stale-selector-until-decommission",
            f"ns-1.awsdns-01.org. ({r53.address})",
        ),
    }
    # The only warning: the delegation has not moved yet (before cut-over).
    assert [c["code"] for c in document["checks"] if c["status"] == "warning"] == ["delegation-old"]
    main(["verify", "--stack", "case", "--timeout", "0.5"])
    out = capsys.readouterr().out
    assert out.startswith("All checked answers agree, and every record set of the snapshot is accounted for.\n")
    assert "stale-selector-until-decommission" in out and "it must be deleted" not in out
