"""After the migration: the handover zone file as the stack's source. Round trip (snapshot -> plan
-> zone file -> plan: the same records and logical names, so nothing is replaced at the switch),
exactly the edit after an edit, nothing after it is applied, the freeze before the decommission."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import dns.name
import dns.rdata
import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from migration import gate_checks, handover, program
from migration import plan as plan_mod
from migration.model import RecordSet, Snapshot
from migration.resources import CF_RECORD, R53_RECORD, pulumi_inputs
from migration.settings import Settings, load_stack
from migration.sources import bind
from migration.sources import snapshot as snapshot_file
from migration.stack import plan_for, ses_data
from tests.conftest import EXAMPLE, ROOT
from tests.support.cli import run
from tests.support.pulumi_mocks import run_under_mocks

HANDOVER = EXAMPLE / "example.com.handover.zone"
ZONE = dns.name.from_text("example.com.")
# The bundled example stack, with its SES identity files (stale DKIM selectors are not handed over).
EXAMPLE_SETTINGS = replace(load_stack("example", ROOT), phase="decommission")
SNAPSHOT = snapshot_file.read(
    EXAMPLE_SETTINGS.snapshot, zone="example.com", hosted_zone_id=EXAMPLE_SETTINGS.hosted_zone_id
)
SES = ses_data(EXAMPLE_SETTINGS, SNAPSHOT)


def _plan(phase: str = "decommission", records_source=None, baseline=None, **changes) -> plan_mod.Plan:
    return plan_mod.build(
        replace(EXAMPLE_SETTINGS, phase=phase, **changes),
        SNAPSHOT,
        None,
        SES,
        records_source=records_source,
        baseline=baseline,
    )


def _from_file(text: str, phase: str = "decommission", baseline_text: str | None = None, **changes) -> plan_mod.Plan:
    base = None
    if baseline_text is not None:
        base = _plan(phase, records_source=bind.read_text(baseline_text, "applied.zone"), **changes)
    return _plan(phase, records_source=bind.read_text(text, "edited.zone"), baseline=base, **changes)


def _cloudflare(plan) -> dict[str, dict]:
    return {name: pulumi_inputs(res) for name, res in handover.record_resources(plan).items()}


def _actions(plan) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for res in handover.record_resources(plan).values():
        found.setdefault(res.action, []).append(res.name)
    return found


def test_the_zone_file_plans_the_same_records_and_logical_names():
    from_snapshot = _plan()
    text = handover.zone_file_text(from_snapshot)
    assert text == HANDOVER.read_text()  # the bundled example is what the command writes
    from_file = _from_file(text)
    assert _cloudflare(from_file) == _cloudflare(from_snapshot)
    assert len(_cloudflare(from_file)) == 23
    assert [r.logical_name for r in from_file.translation.records] == [
        r.logical_name for r in from_snapshot.translation.records
    ]
    # The Route53 side still comes from the snapshot: the decommission deletes its 25 record sets.
    assert [r.name for r in from_file.resources if r.type == R53_RECORD] == [
        r.name for r in from_snapshot.resources if r.type == R53_RECORD
    ]
    assert [(f.code, f.message) for f in from_file.findings if f.code == "records-source"] == [
        (
            "records-source",
            "the Cloudflare records come from the zone file edited.zone (migration:zoneFile, after "
            "the handover); the snapshot names only the Route53 side",
        )
    ]


def test_the_pulumi_program_declares_the_same_resources_at_the_switch():
    """What `pulumi preview` compares with the stack's state: type, logical name and inputs of
    every Cloudflare record. Identical, so the switch creates, updates and replaces nothing."""

    def records(plan):
        mocks, _ = run_under_mocks(lambda: program.declare(plan))
        return {(d.name, repr(sorted(d.inputs.items()))) for d in mocks.declared if d.type == CF_RECORD}

    before = records(_plan("cut-over"))
    after = records(_from_file(HANDOVER.read_text()))
    assert after == before and len(after) == 23


def test_an_edited_zone_file_gives_exactly_the_edit():
    applied = HANDOVER.read_text()
    added = applied + "shop.example.com. 300 IN CNAME shops.myshopify.com.\n"
    plan = _from_file(added, baseline_text=applied)
    creates = [handover.record_resources(plan)[n] for n in _actions(plan)["create"]]
    assert [(r.record.name, r.record.type, r.record.content, r.record.ttl) for r in creates] == [
        ("shop.example.com", "CNAME", "shops.myshopify.com", 300)
    ]
    assert set(_actions(plan)) == {"create", "keep"} and len(_actions(plan)["keep"]) == 23

    retimed = applied.replace("_dmarc.example.com. 300 IN TXT", "_dmarc.example.com. 3600 IN TXT")
    plan = _from_file(retimed, baseline_text=applied)
    updated = handover.record_resources(plan)[_actions(plan)["update"][0]]
    assert (len(_actions(plan)["update"]), updated.record.name, updated.record.ttl) == (1, "_dmarc.example.com", 3600)
    assert set(_actions(plan)) == {"update", "keep"}

    removed = applied.replace("_sip._tls.example.com. 3600 IN SRV 100 1 443 sipdir.online.lync.com.\n", "")
    plan = _from_file(removed, baseline_text=applied)
    gone = handover.record_resources(plan)[_actions(plan)["delete"][0]]
    assert set(_actions(plan)) == {"delete", "keep"} and len(_actions(plan)["delete"]) == 1
    assert (gone.record.type, gone.subject) == ("SRV", "SRV _sip._tls.example.com, removed from the zone file")
    assert gone not in plan.declared()

    # A changed value is another record: its logical name comes from the value.
    changed = applied.replace("v=DMARC1; p=none;", "v=DMARC1; p=reject;")
    plan = _from_file(changed, baseline_text=applied)
    assert {a: len(n) for a, n in _actions(plan).items()} == {"keep": 22, "create": 1, "delete": 1}


def test_without_a_baseline_only_what_the_cut_over_declares_is_kept():
    """No --baseline: the records the cut-over declares from the snapshot (the freeze) are all
    that is known to be applied; the zone file's other records are created, updated or deleted,
    never shown as kept."""
    applied = HANDOVER.read_text()
    assert _actions(_from_file(applied)) == {"keep": _actions(_from_file(applied))["keep"]}
    plan = _from_file(applied + "shop.example.com. 300 IN CNAME shops.myshopify.com.\n")
    creates = [handover.record_resources(plan)[n] for n in _actions(plan)["create"]]
    assert [(r.record.name, r.record.type, r.record.content, r.record.ttl) for r in creates] == [
        ("shop.example.com", "CNAME", "shops.myshopify.com", 300)
    ]
    assert {a: len(n) for a, n in _actions(plan).items()} == {"keep": 23, "create": 1}
    retimed = applied.replace("_dmarc.example.com. 300 IN TXT", "_dmarc.example.com. 3600 IN TXT")
    assert {a: len(n) for a, n in _actions(_from_file(retimed)).items()} == {"keep": 22, "update": 1}
    removed = applied.replace("_sip._tls.example.com. 3600 IN SRV 100 1 443 sipdir.online.lync.com.\n", "")
    plan = _from_file(removed)
    gone = handover.record_resources(plan)[_actions(plan)["delete"][0]]
    assert (gone.record.type, gone.subject) == ("SRV", "SRV _sip._tls.example.com, removed from the zone file")


def test_the_bundled_stack_after_the_handover_creates_the_added_record():
    # stacks/Pulumi.example-after.yaml: the handover zone file plus shop.example.com, no baseline.
    plan = plan_for(load_stack("example-after", ROOT), run_gates=False)
    assert {a: len(n) for a, n in _actions(plan).items()} == {"keep": 23, "create": 1}
    shop = handover.record_resources(plan)[_actions(plan)["create"][0]]
    assert (shop.record.name, shop.record.type, shop.record.content) == (
        "shop.example.com",
        "CNAME",
        "shops.myshopify.com",
    )


def test_the_second_plan_after_pulumi_up_is_empty():
    edited = HANDOVER.read_text() + "shop.example.com. 300 IN CNAME shops.myshopify.com.\n"
    plan = _from_file(edited, baseline_text=edited)
    assert set(_actions(plan)) == {"keep"}
    assert plan.counts()["create"] == plan.counts()["update"] == 0


def test_deleting_much_of_the_zone_file_hits_the_safety_threshold():
    applied = HANDOVER.read_text()
    # Every CAA and every CNAME but the DKIM selectors (SES would have them put back).
    kept = (
        "\n".join(
            line
            for line in applied.splitlines()
            if "_domainkey" in line or ("IN CNAME" not in line and "IN CAA" not in line)
        )
        + "\n"
    )
    plan = _from_file(kept, baseline_text=applied)
    assert plan.blocked
    assert [f.message[:120] for f in plan.findings if f.code == "safety-threshold"] == [
        "this plan deletes 8 and changes 0 of the Cloudflare zone's 23 existing records (35%), more than the safety "
        "threshold of "
    ]
    assert not _from_file(kept, baseline_text=applied, accept_changes=8).blocked


@pytest.mark.parametrize("phase", ["mirror", "cut-over"])
def test_the_snapshot_stays_the_source_until_the_decommission(project, phase):
    shutil.copy(HANDOVER, project / "records.zone")
    (project / "records.zone").write_text(HANDOVER.read_text() + "shop.example.com. 300 IN A 192.0.2.7\n")
    (project / "stacks" / "Pulumi.s.yaml").write_text(
        "config:\n  migration:zone: example.com\n  migration:snapshot: export.json\n  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"
        f"  migration:hostedZoneId: Z1\n  migration:zoneFile: records.zone\n  migration:phase: {phase}\n"
    )
    settings = load_stack("s", project)
    plan = plan_for(settings, run_gates=False)
    without = plan_for(replace(settings, zone_file=None), run_gates=False)
    assert _cloudflare(plan) == _cloudflare(without)
    assert [f.message for f in plan.findings if f.code == "records-source"] == [
        f"the snapshot stays the source of the Cloudflare records during the {phase} phase (the freeze); the zone file "
        f"{project / 'records.zone'} (migration:zoneFile) becomes the source at the decommission"
    ]
    after = plan_for(replace(settings, phase="decommission"), run_gates=False)
    assert "shop.example.com" in {r["name"] for r in _cloudflare(after).values()}


def test_handover_command_writes_checks_and_refuses_to_overwrite(tmp_path, monkeypatch, capsys):
    for name in ("Pulumi.yaml", "stacks", "examples"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["handover", "--stack", "example"], capsys)
    assert status == 0, err
    written = tmp_path / "zones" / "example.com.zone"
    assert written.read_text() == HANDOVER.read_text()
    assert err == (
        "wrote zones/example.com.zone: 23 Cloudflare records of example.com. To make it the source of the "
        "stack's records from the decommission phase on, set migration:zoneFile: zones/example.com.zone in "
        "stacks/Pulumi.example.yaml\n"
    )
    written.write_text("; my edits\n")
    status, _, err = run(["handover", "--stack", "example"], capsys)
    assert status == 2 and err == f"error: {written} exists and may hold edits: give --force to overwrite it\n"
    assert written.read_text() == "; my edits\n"
    assert run(["handover", "--stack", "example", "--force"], capsys)[0] == 0
    assert written.read_text() == HANDOVER.read_text()
    # Without migration:zoneFile, --baseline is the zone as last applied during the freeze (any
    # source the snapshot may be: here the zone file of the very same records): nothing changes.
    status, out, err = run(
        ["plan", "--stack", "example", "--phase", "mirror", "--format", "json", "--baseline", "zones/example.com.zone"],
        capsys,
    )
    actions = {(r["action"], r["type"]) for r in json.loads(out)["resources"]}
    assert (status, actions) == (
        0,
        {
            ("keep", "cloudflare:index/dnsRecord:DnsRecord"),
            ("keep", "cloudflare:index/zone:Zone"),
            ("keep", "aws:route53/zone:Zone"),
        },
    ), err
    # The bundled stack after the handover: the journey's decommission shows the one added record.
    # Its live gates (AWS, DNS; tests/test_gate_checks_decommission.py) are taken as passed here.
    monkeypatch.setattr(gate_checks, "run", lambda plan, **_: ())
    status, out, _ = run(
        ["plan", "--stack", "example-after", "--baseline", "examples/seed-scenario/example.com.handover.zone"], capsys
    )
    decommission = out[out.index("phase decommission)") :]
    assert status == 0
    assert [line.split()[:3] for line in decommission.splitlines() if line.startswith("  create")] == [
        ["create", "CNAME", "shop.example.com"]
    ]


def test_a_blocked_plan_is_not_handed_over(project, capsys):
    (project / "stacks" / "Pulumi.s.yaml").write_text(
        "config:\n  migration:zone: example.com\n  migration:snapshot: export.json\n  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"
        "  migration:proxied: [nothing.example.com]\n"
    )
    status, _, err = run(["handover", "--stack", "s"], capsys)
    assert status == 1 and err.startswith("error: the plan of stack s is blocked (refusals or errors")
    assert not (project / "zones").exists()


# -- property: any zone of plain record sets survives the round trip

_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_TTL = st.integers(min_value=60, max_value=86400)
_VALUES = {
    "A": st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t))),
    "AAAA": st.integers(1, 2**128 - 1).map(lambda n: ":".join(f"{(n >> s) & 0xFFFF:x}" for s in range(112, -1, -16))),
    "MX": st.tuples(st.integers(0, 65535), _LABEL).map(lambda t: f"{t[0]} {t[1]}.example.net."),
    "TXT": st.lists(
        st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=300), min_size=1, max_size=3
    ).map(
        lambda parts: " ".join(
            '"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for p in (c for part in parts for c in [part[i : i + 255] for i in range(0, len(part) or 1, 255)])
        )
    ),
    "SRV": st.tuples(st.integers(0, 65535), st.integers(0, 65535), st.integers(1, 65535), _LABEL).map(
        lambda t: f"{t[0]} {t[1]} {t[2]} {t[3]}.example.net."
    ),
    "CAA": st.tuples(st.sampled_from(["issue", "issuewild", "iodef"]), _LABEL).map(
        lambda t: f'0 {t[0]} "{t[1]}.example"'
    ),
    "CNAME": _LABEL.map(lambda label: f"{label}.example.org."),
}


@st.composite
def _zones(draw):
    names = draw(st.lists(_LABEL, min_size=1, max_size=8, unique=True))
    record_sets = []
    for label in names:
        rtype = draw(st.sampled_from(sorted(_VALUES)))
        values = draw(st.lists(_VALUES[rtype], min_size=1, max_size=1 if rtype == "CNAME" else 3, unique=True))
        rdatas = tuple(dict.fromkeys(dns.rdata.from_text("IN", rtype, v) for v in values))
        record_sets.append(RecordSet(dns.name.from_text(f"{label}.example.com."), rtype, draw(_TTL), rdatas))
    proxied = tuple(rs.name for rs in record_sets if rs.rtype in ("A", "AAAA", "CNAME") and draw(st.booleans()))
    return Snapshot(ZONE, tuple(record_sets), hosted_zone_id="ZTEST"), proxied


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_zones())
def test_round_trip_property(zone):
    snapshot, proxied = zone
    settings = Settings(
        stack="p",
        zone="example.com",
        snapshot=Path("unused"),
        cloudflare_account_id="a",
        proxied=proxied,
        phase="decommission",
    )
    from_snapshot = plan_mod.build(settings, snapshot)
    assume(not from_snapshot.blocked)  # a blocked plan is not handed over (the command refuses it)
    text = handover.zone_file_text(from_snapshot)
    from_file = plan_mod.build(settings, snapshot, records_source=bind.read_text(text, "zone"))
    assert _cloudflare(from_file) == _cloudflare(from_snapshot)
    again = plan_mod.build(settings, snapshot, records_source=bind.read_text(text, "zone"), baseline=from_file)
    assert set(_actions(again)) <= {"keep"}
