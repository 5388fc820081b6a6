"""``verify`` against real knotd servers on loopback: an "old" server serving the Route53
snapshot, a "new" one serving the plan's Cloudflare records (as Cloudflare answers them), a
"parent" serving the delegation. Zone data: the reference scenario, examples/seed-scenario."""

from __future__ import annotations

import json
import socket
from dataclasses import replace

import dns.name
import pytest
import yaml

from migration import plan as plan_mod
from migration import zonefile
from migration.cli import main
from migration.errors import SettingsError
from migration.servers import Address
from migration.settings import Settings, from_lookup
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from migration.verify import Options, Servers, cutover_gate, decommission_delegation_gate, verify
from migration.verify.delegation import find_parent_servers
from migration.verify.email import expectations_from_plan, questions
from migration.verify.query import Querier, Server
from tests.conftest import EXAMPLE, ROOT
from tests.support.knot import KnotServer, free_address

ZONE = dns.name.from_text("example.com.")
SOURCE = EXAMPLE / "route53-example.com.json"
CF_NAMES = ("ada.ns.cloudflare.com.", "bob.ns.cloudflare.com.")
R53_NAMES = ("ns-1204.awsdns-22.org.", "ns-1875.awsdns-42.co.uk.", "ns-421.awsdns-52.com.", "ns-727.awsdns-26.net.")
# What the alias targets resolve to (documentation addresses, RFC 5737 / RFC 3849).
ADDRESSES = {
    dns.name.from_text("d3k8p2x0example.cloudfront.net."): ("192.0.2.80", "2001:db8::80"),
    dns.name.from_text("dualstack.app-prod-1234567890.ap-northeast-1.elb.amazonaws.com."): ("192.0.2.81",),
    dns.name.from_text("s3-website-ap-northeast-1.amazonaws.com."): ("192.0.2.82",),
}
STALE = (
    "ccq1bhfebt63c0po7dea3ktwgtjxs55s._domainkey.example.com.",
    "d89h6vlav66kiwcdhbq5hb7uon3n9jhu._domainkey.example.com.",
)
FAST = Options(timeout=0.3, retries=1, concurrency=16)


def _plan() -> plan_mod.Plan:
    snap = snapshot_file.read(SOURCE, zone="example.com")
    settings = Settings(
        stack="test",
        zone="example.com",
        snapshot=SOURCE,
        hosted_zone_id="Z0EXAMPLE1234567890AB",
        cloudflare_account_id="0123",
    )
    return plan_mod.build(settings, snap)


PLAN = _plan()


def _new_zone(records=None, **kwargs) -> str:
    return zonefile.cloudflare_to_bind(
        ZONE, PLAN.translation.records if records is None else records, CF_NAMES, ADDRESSES, **kwargs
    )


def _without(name: str, rtype: str):
    return [r for r in PLAN.translation.records if not (r.name == name and r.type == rtype)]


@pytest.fixture(scope="module")
def old_server():
    with KnotServer({"example.com": zonefile.snapshot_to_bind(PLAN.snapshot, ADDRESSES)}) as server:
        yield server


@pytest.fixture(scope="module")
def new_server():
    with KnotServer({"example.com": _new_zone()}) as server:
        yield server


def _servers(old: KnotServer, new: KnotServer, **kwargs) -> Servers:
    return Servers(
        old=(Server("old", old.host, old.port),),
        new=(Server("new", new.host, new.port),),
        old_names=R53_NAMES,
        new_names=CF_NAMES,
        **kwargs,
    )


def _not_equal(result):
    return {(c.area, c.subject, c.status, c.code, c.server) for c in result.checks if c.status != "equal"}


def test_identical_zones_pass(old_server, new_server):
    result = cutover_gate(PLAN, _servers(old_server, new_server), FAST)
    assert _not_equal(result) == {
        ("records", "example.com. A", "equivalent", "flattened", ""),
        ("records", "example.com. AAAA", "equivalent", "flattened", ""),
        ("records", "api.example.com. A", "equivalent", "cname-for-alias", ""),
        ("records", "static.example.com. A", "equivalent", "cname-for-alias", ""),
        # Clamped to Cloudflare's least TTL on purpose: an expected difference, not a warning.
        ("records", "*.preview.example.com. A", "equivalent", "ttl-clamped", ""),
        # Every record set of the snapshot is accounted for: the apex SOA and NS are skipped on purpose.
        ("records", "example.com. SOA", "note", "skipped", ""),
        ("records", "example.com. NS", "note", "skipped", ""),
    }
    assert result.passed and result.exit_status == 0
    # 22 translated record sets (the AAAA alias merged into the A one is asked too), 5 selectors, MAIL FROM MX+SPF.
    assert result.counts() == {"equal": 24, "equivalent": 5, "note": 2, "warning": 0, "different": 0, "unchecked": 0}
    assert next(c for c in result.checks if c.code == "ttl-clamped").detail == (
        "TTL 30 s at Route53, 60 s here: clamped into Cloudflare's range, as planned"
    )


def test_missing_record_is_named():
    with (
        KnotServer({"example.com": zonefile.snapshot_to_bind(PLAN.snapshot, ADDRESSES)}) as old,
        KnotServer({"example.com": _new_zone(_without("_dmarc.example.com", "TXT"))}) as new,
    ):
        result = verify(PLAN, _servers(old, new), FAST, areas=("records",))
    assert _not_equal(result) - {c for c in _not_equal(result) if c[2] in ("equivalent", "note")} == {
        ("records", "_dmarc.example.com. TXT", "different", "missing", new.address)
    }
    assert result.exit_status == 1


def test_changed_txt_is_named(old_server):
    records = [
        replace(r, content='"v=DMARC1; p=reject;"') if r.name == "_dmarc.example.com" else r
        for r in PLAN.translation.records
    ]
    with KnotServer({"example.com": _new_zone(records)}) as new:
        result = verify(PLAN, _servers(old_server, new), FAST, areas=("records",))
    changed = [c for c in result.checks if c.status == "different"]
    assert [(c.subject, c.code, c.server) for c in changed] == [("_dmarc.example.com. TXT", "changed", new.address)]
    assert changed[0].detail == 'Route53: "v=DMARC1; p=none;"; here: "v=DMARC1; p=reject;"'


def test_proxied_dkim_selector_answering_addresses_is_an_error(old_server):
    selector = "z8l3m2s0lqtu6b4pp332s0vdhdzc10lc._domainkey.example.com"
    records = [replace(r, proxied=True, ttl=1) if r.name == selector else r for r in PLAN.translation.records]
    with KnotServer({"example.com": _new_zone(records, proxy_addresses=("104.16.0.1",))}) as new:
        result = verify(PLAN, _servers(old_server, new), FAST, areas=("email",))
    wrong = [c for c in result.checks if c.status != "equal"]
    assert [(c.subject, c.status, c.code, c.server) for c in wrong] == [
        (selector + ". DKIM selector", "different", "dkim-proxied", new.address)
    ]
    assert "104.16.0.1" in wrong[0].detail and "must be DNS-only" in wrong[0].detail


def test_stale_selector_still_served_by_old_servers(old_server):
    stale = tuple(dns.name.from_text(n) for n in STALE)
    current = [r for r in PLAN.translation.records if r.name + "." not in STALE]
    expect = replace(
        expectations_from_plan(PLAN),
        current=tuple(n for n in expectations_from_plan(PLAN).current if n not in stale),
        stale=stale,
    )
    with KnotServer({"example.com": _new_zone(current)}) as new:
        result = verify(PLAN, _servers(old_server, new), FAST, areas=("email",), email=expect)
    stale_checks = {(c.subject, c.status, c.code, c.server) for c in result.checks if "stale" in c.subject}
    # Route53 keeps serving them until the decommission deletes its zone: a note, not a difference.
    assert stale_checks == {
        (f"{STALE[0]} stale DKIM selector", "note", "stale-selector-until-decommission", old_server.address),
        (f"{STALE[1]} stale DKIM selector", "note", "stale-selector-until-decommission", old_server.address),
        (f"{STALE[0]} stale DKIM selector", "equal", "stale-selector-gone", new.address),
        (f"{STALE[1]} stale DKIM selector", "equal", "stale-selector-gone", new.address),
    }
    assert result.exit_status == 0
    # Cloudflare serving one is a difference.
    with KnotServer({"example.com": _new_zone()}) as leaky:
        result = verify(PLAN, _servers(old_server, leaky), FAST, areas=("email",), email=expect)
    assert {(c.subject, c.code) for c in result.checks if c.status == "different"} == {
        (f"{STALE[0]} stale DKIM selector", "stale-selector-served"),
        (f"{STALE[1]} stale DKIM selector", "stale-selector-served"),
    }
    assert result.exit_status == 1


def test_stale_selectors_come_from_selectors_the_plan_leaves_behind():
    outcomes = tuple(
        replace(o, status="skipped", reason="stale DKIM selector", records=())
        if o.record_set.name.to_text() in STALE
        else o
        for o in PLAN.translation.outcomes
    )
    plan = replace(PLAN, translation=replace(PLAN.translation, outcomes=outcomes))
    expect = expectations_from_plan(plan)
    assert [n.to_text() for n in expect.stale] == list(STALE)
    assert len(expect.current) == 3
    assert [(m.name.to_text(), m.exchange.to_text()) for m in expect.mail_from] == [
        ("mail.example.com.", "feedback-smtp.ap-northeast-1.amazonses.com.")
    ]


def _parent(ns_names, glue=()) -> KnotServer:
    lines = [
        "$ORIGIN com.",
        "com. 86400 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400",
        "com. 86400 IN NS a.gtld-servers.net.",
    ]
    lines += [f"example.com. 172800 IN NS {n}" for n in ns_names]
    lines += [f"{n} 172800 IN A {ip}" for n, ip in glue]
    return KnotServer({"com": "\n".join(lines) + "\n"})


def _named(server: KnotServer, role: str, name: str) -> Server:
    return Server(role, server.host, server.port, name)


def test_parent_delegating_to_a_mix_of_old_and_new(old_server, new_server):
    known = {R53_NAMES[0]: _named(old_server, "old", R53_NAMES[0]), CF_NAMES[0]: _named(new_server, "new", CF_NAMES[0])}
    with _parent([R53_NAMES[0], CF_NAMES[0]]) as parent:
        servers = _servers(old_server, new_server, parents=(Server("parent", parent.host, parent.port),), known=known)
        result = verify(PLAN, servers, FAST, areas=("delegation",))
    mixed = [c for c in result.checks if c.code.startswith("delegation")]
    assert [(c.status, c.code) for c in mixed] == [("different", "delegation-mixed")]
    assert (
        "Route53 (ns-1204.awsdns-22.org.)" in mixed[0].detail
        and "Cloudflare (ada.ns.cloudflare.com.)" in mixed[0].detail
    )
    assert {(c.subject, c.code) for c in result.checks if c.code == "authoritative"} == {
        ("example.com. NS ns-1204.awsdns-22.org.", "authoritative"),
        ("example.com. NS ada.ns.cloudflare.com.", "authoritative"),
    }
    assert result.exit_status == 1


def test_lame_server_fails_the_decommission_gate(new_server):
    # bob's address serves another zone only: knotd answers REFUSED for example.com.
    with (
        KnotServer({"example.org": "example.org. 300 IN SOA a. b. 1 2 3 4 5\nexample.org. 300 IN NS a.\n"}) as other,
        _parent(CF_NAMES) as parent,
    ):
        known = {CF_NAMES[0]: _named(new_server, "new", CF_NAMES[0]), CF_NAMES[1]: _named(other, "new", CF_NAMES[1])}
        servers = Servers(
            new_names=CF_NAMES, old_names=R53_NAMES, parents=(Server("parent", parent.host, parent.port),), known=known
        )
        result = decommission_delegation_gate(PLAN, servers, FAST)
        known[CF_NAMES[1]] = _named(new_server, "new", CF_NAMES[1])
        healthy = decommission_delegation_gate(PLAN, replace(servers, known=known), FAST)
    lame = [c for c in result.checks if c.status == "different"]
    assert [(c.subject, c.code, c.server) for c in lame] == [
        ("example.com. NS bob.ns.cloudflare.com.", "lame-server", f"bob.ns.cloudflare.com. ({other.address})")
    ]
    assert "answered REFUSED" in lame[0].detail
    assert not result.passed
    assert healthy.passed and [c.code for c in healthy.checks] == ["delegation-new", "authoritative", "authoritative"]


def test_decommission_gate_refuses_a_delegation_still_at_route53(old_server):
    known = {n: _named(old_server, "old", n) for n in R53_NAMES}
    with _parent(R53_NAMES) as parent:
        servers = Servers(
            old_names=R53_NAMES, new_names=CF_NAMES, parents=(Server("parent", parent.host, parent.port),), known=known
        )
        gate = decommission_delegation_gate(PLAN, servers, FAST)
        report = verify(PLAN, servers, FAST, areas=("delegation",))
    assert [(c.status, c.code) for c in gate.checks if c.code.startswith("delegation")] == [
        ("different", "delegation-old")
    ]
    # Before cut-over the same delegation is only a warning.
    assert [(c.status, c.code) for c in report.checks if c.code.startswith("delegation")] == [
        ("warning", "delegation-old")
    ]
    assert report.exit_status == 0 and gate.exit_status == 1


def test_a_server_that_never_answers_times_out(old_server):
    host, port = free_address()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind((host, port))  # bound, never read: queries vanish
        servers = Servers(old=(Server("old", old_server.host, old_server.port),), new=(Server("new", host, port),))
        result = verify(PLAN, servers, Options(timeout=0.2, retries=1, concurrency=32), areas=("records",))
    assert {(c.status, c.code, c.server) for c in result.checks if c.code != "skipped"} == {
        ("unchecked", "timeout", f"{host}:{port}")
    }
    assert result.checks[0].detail == "timeout after 2 tries of 0.2 s"
    assert result.exit_status == 2


def test_route53_servers_that_disagree_are_named(new_server):
    records_old = zonefile.snapshot_to_bind(PLAN.snapshot, ADDRESSES).replace(
        '"v=DMARC1; p=none;"', '"v=DMARC1; p=quarantine;"'
    )
    with (
        KnotServer({"example.com": zonefile.snapshot_to_bind(PLAN.snapshot, ADDRESSES)}) as old1,
        KnotServer({"example.com": records_old}) as old2,
    ):
        servers = Servers(
            old=(Server("old", old1.host, old1.port), Server("old", old2.host, old2.port)),
            new=(Server("new", new_server.host, new_server.port),),
        )
        result = verify(PLAN, servers, FAST, areas=("records",))
    assert [(c.subject, c.code, c.server) for c in result.checks if c.status == "different"] == [
        ("_dmarc.example.com. TXT", "route53-servers-disagree", old2.address)
    ]


def test_parent_servers_found_from_the_root(old_server):
    # Root and parent on one port (referrals carry addresses, not ports), on two loopback addresses.
    root_host, port = free_address()
    parent_host = None
    while parent_host is None:
        candidate, _ = free_address()
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket() as tcp:
                udp.bind((candidate, port))
                tcp.bind((candidate, port))
            parent_host = candidate
        except OSError:
            continue
    root_zone = (
        "$ORIGIN .\n. 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n"
        ". 86400 IN NS a.root-servers.net.\na.root-servers.net. 86400 IN A 198.41.0.4\n"
        f"com. 172800 IN NS a.gtld-servers.net.\na.gtld-servers.net. 172800 IN A {parent_host}\n"
    )
    with (
        KnotServer({".": root_zone}, root_host, port) as root,
        KnotServer({"com": _parent(R53_NAMES).zones["com."]}, parent_host, port),
    ):

        async def find():
            async with Querier(timeout=0.5, retries=1) as q:
                return await find_parent_servers(ZONE, q, [Server("root", root.host, root.port)])

        import asyncio

        parents = asyncio.run(find())
    assert parents == [Server("parent", parent_host, port, "a.gtld-servers.net.")]


def test_cli_verify_reports_and_exits(old_server, new_server, capsys):
    code = main(
        [
            "verify",
            "--source",
            str(SOURCE),
            "--zone",
            "example.com",
            "--only",
            "records",
            "--only",
            "email",
            "--nameserver",
            f"old={old_server.address}",
            "--nameserver",
            f"new={new_server.address}",
            "--timeout",
            "0.5",
            "--format",
            "json",
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["exitStatus"] == 0
    assert document["summary"] == {
        "equal": 24,
        "equivalent": 5,
        "note": 2,
        "warning": 0,
        "different": 0,
        "unchecked": 0,
    }
    code = main(
        [
            "verify",
            "--source",
            str(SOURCE),
            "--zone",
            "example.com",
            "--only",
            "records",
            "--nameserver",
            f"old={old_server.address}",
            "--nameserver",
            f"new={new_server.address}",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    # The verdict first; expected differences counted in one line, not listed.
    assert out.startswith("All checked answers agree, and every record set of the snapshot is accounted for.\n")
    assert (
        "Expected differences, as planned (--verbose lists them): 2 cname-for-alias, 2 flattened, 2 skipped, "
        "1 ttl-clamped\n"
    ) in out
    assert "*.preview.example.com. A" not in out
    code = main(
        [
            "verify",
            "--source",
            str(SOURCE),
            "--zone",
            "example.com",
            "--only",
            "records",
            "--verbose",
            "--nameserver",
            f"old={old_server.address}",
            "--nameserver",
            f"new={new_server.address}",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "*.preview.example.com. A" in out and "Expected differences" not in out
    code = main(
        [
            "verify",
            "--source",
            str(SOURCE),
            "--zone",
            "example.com",
            "--only",
            "records",
            "--nameserver",
            f"old={old_server.address}",
            "--nameserver",
            f"new={new_server.address}",
            "--format",
            "markdown",
        ]
    )
    out = capsys.readouterr().out
    assert out.startswith("## Verification of `example.com.`\n\n**All checked answers agree")
    assert "| note | records | `example.com. SOA` |" not in out and "2 skipped, 1 ttl-clamped" in out


def test_cli_rejects_a_malformed_nameserver(capsys):
    code = main(["verify", "--source", str(SOURCE), "--zone", "example.com", "--nameserver", "older=127.0.0.1"])
    assert code == 2
    assert capsys.readouterr().err == (
        "error: --nameserver 'older=127.0.0.1': expected old=IP[:PORT] or "
        "new=IP[:PORT] (optionally NAME@ before the address)\n"
    )
    code = main(["verify", "--source", str(SOURCE), "--zone", "example.com", "--nameserver", "new=ada@127.0.0.1:99999"])
    assert code == 2
    assert "port 99999 out of range" in capsys.readouterr().err


def test_settings_server_addresses_one_syntax():
    base = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354"}
    settings = from_lookup(
        "s",
        {
            **base,
            "cloudflareNameServers": list(CF_NAMES),
            "route53Servers": ["127.0.0.2", "ns-1204.awsdns-22.org@127.0.0.3:5353"],
            "cloudflareServers": ["[::1]:5300"],
            "parentServers": ["127.0.0.4:53"],
        }.get,
        ROOT,
    )
    assert settings.route53_servers == (Address("127.0.0.2"), Address("127.0.0.3", 5353, "ns-1204.awsdns-22.org."))
    assert settings.cloudflare_servers == (Address("::1", 5300),)
    assert settings.parent_servers == (Address("127.0.0.4", 53),)
    with pytest.raises(SettingsError) as caught:
        from_lookup("s", {**base, "route53Servers": ["ns1.example.net"], "parentServers": ["127.0.0.1:0"]}.get, ROOT)
    assert str(caught.value) == (
        "stack s: migration:route53Servers: 'ns1.example.net' is not [NAME@]IP[:PORT]: 'ns1.example.net' does not "
        "appear to be an IPv4 or IPv6 address; migration:parentServers: '127.0.0.1:0' is not IP[:PORT]: "
        "port 0 out of range"
    )


def test_cli_verify_asks_the_servers_of_the_stack_settings(old_server, new_server, tmp_path, monkeypatch, capsys):
    (tmp_path / "Pulumi.yaml").write_text("name: t\nruntime: python\nstackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "zone.json").write_text(SOURCE.read_text())  # the files a stack names are in its project
    (tmp_path / "stacks" / "Pulumi.t.yaml").write_text(
        yaml.safe_dump(
            {
                "config": {
                    "migration:zone": "example.com",
                    "migration:snapshot": "zone.json",
                    "migration:cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
                    "migration:hostedZoneId": "Z0EXAMPLE1234567890AB",
                    "migration:cloudflareNameServers": list(CF_NAMES),
                    "migration:route53Servers": [old_server.address],
                    "migration:cloudflareServers": [f"{CF_NAMES[0]}@{new_server.address}"],
                }
            }
        )
    )
    monkeypatch.chdir(tmp_path)
    code = main(
        ["verify", "--stack", "t", "--only", "records", "--only", "email", "--timeout", "0.5", "--format", "json"]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["summary"] == {
        "equal": 24,
        "equivalent": 5,
        "note": 2,
        "warning": 0,
        "different": 0,
        "unchecked": 0,
    }
    # A --nameserver takes the place of the setting: this one serves nothing.
    code = main(
        [
            "verify",
            "--stack",
            "t",
            "--only",
            "records",
            "--timeout",
            "0.2",
            "--retries",
            "0",
            "--nameserver",
            "new=127.0.0.1:9",
            "--format",
            "json",
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 2 and {c["server"] for c in document["checks"] if c["code"] != "skipped"} == {"127.0.0.1:9"}


def test_email_expectations_come_from_the_plans_email_section():
    ses = ses_source.read_files([EXAMPLE / "sesv2-example.com.json"])
    plan = plan_mod.build(PLAN.settings, PLAN.snapshot, None, ses)
    expect = expectations_from_plan(plan)
    current = sorted(dns.name.from_text(s.name) for s in plan.email.selectors if s.state == "current")
    assert len(current) == 3 and expect.current == tuple(current)
    assert [n.to_text() for n in expect.stale] == list(STALE)
    assert expect.missing == () and expect.stale_at == "all"
    assert [(m.name.to_text(), m.exchange.to_text()) for m in expect.mail_from] == [
        ("mail.example.com.", "feedback-smtp.ap-northeast-1.amazonses.com.")
    ]
    # A token SES lists that Route53 lacks: the plan adds it, so Cloudflare must answer it.
    identity = ses.identities[0]
    more = replace(ses, identities=(replace(identity, tokens=identity.tokens + ("n3wt0ken",)),))
    expect = expectations_from_plan(plan_mod.build(PLAN.settings, PLAN.snapshot, None, more))
    assert [n.to_text() for n in expect.missing] == ["n3wt0ken._domainkey.example.com."]
    assert ("new", dns.name.from_text("n3wt0ken._domainkey.example.com."), "A") in questions(expect)


def test_a_record_the_plan_corrects_on_purpose_is_compared_with_the_plan():
    """The MAIL FROM MX in Route53 names the wrong region; the plan replaces it with SES's
    (migration.email). The new servers serving the plan's value is a planned change, not a
    difference, and still serving Route53's wrong value is a difference."""
    raw = json.loads(SOURCE.read_text())
    for rs in raw["ResourceRecordSets"]:
        if rs["Name"] == "mail.example.com." and rs["Type"] == "MX":
            rs["ResourceRecords"] = [{"Value": "10 feedback-smtp.us-east-1.amazonses.com"}]
    snap = snapshot_file.from_document(raw, "wrong-mx", zone="example.com")
    plan = plan_mod.build(PLAN.settings, snap, ses=ses_source.read_files([EXAMPLE / "sesv2-example.com.json"]))
    assert [
        (r.content, r.priority) for r in plan.translation.records if r.name == "mail.example.com" and r.type == "MX"
    ] == [("feedback-smtp.ap-northeast-1.amazonses.com", 10)]
    old_text = zonefile.snapshot_to_bind(snap, ADDRESSES)
    corrected = zonefile.cloudflare_to_bind(ZONE, plan.translation.records, CF_NAMES, ADDRESSES)
    with (
        KnotServer({"example.com": old_text}) as old,
        KnotServer({"example.com": corrected}) as new,
        KnotServer({"example.com": old_text}) as stale_new,
    ):
        good = verify(plan, _servers(old, new), FAST, areas=("records",))
        bad = verify(plan, _servers(old, stale_new), FAST, areas=("records",))
    mx = [(c.status, c.code, c.detail) for c in good.checks if c.subject == "mail.example.com. MX"]
    assert mx == [
        (
            "equivalent",
            "planned-change",
            "the plan replaces Route53's 10 feedback-smtp.us-east-1.amazonses.com. with "
            "10 feedback-smtp.ap-northeast-1.amazonses.com.",
        )
    ]
    assert [(c.status, c.code) for c in bad.checks if c.subject == "mail.example.com. MX"] == [("different", "changed")]
