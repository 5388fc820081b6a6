"""Bad input found by a new user, second round: a clear error naming the record set, line or
setting and the reason, exit status 2, no traceback; input Pulumi or YAML writes in its own way
(numbers as text, unquoted times) is read as meant.

Commands run in-process through :func:`migration.cli.main` (argparse errors are ``SystemExit(2)``).
"""

from __future__ import annotations

import json

import pytest

from migration import cli
from migration.errors import SettingsError
from migration.settings import KEYS, from_lookup, load_stack, unknown_keys
from tests.conftest import BASE, EXPORT, ROOT
from tests.support.cli import run

REQUIRED = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "a"}
CNAME_REASON = (
    "Cloudflare does not allow a CNAME to share its name with other records away from the apex (www.example.com. "
    "would have A from www.example.com. A; CNAME from www.example.com. CNAME). Options: remove or move the other "
    "record sets at this name; or replace the CNAME (or the alias that became one) by the target's A/AAAA values")


def settings(**more):
    return from_lookup("s", {**REQUIRED, **more}.get, ROOT)


# -- 1. and 2. zone files


def test_cli53_routing_weight_that_is_not_a_number(tmp_path, capsys):
    path = tmp_path / "export.txt"
    line = 'w1 60 IN A 192.0.2.7 ; AWS routing="WEIGHTED" weight=abc identifier="One"'
    path.write_text(f"ok 60 IN A 192.0.2.1\n{line}\n")
    assert run(["plan", "--source", str(path), "--zone", "example.com"], capsys) == (
        2, "", f"error: {path}: line 2: cannot read {line[:60] + '...'!r}: weight 'abc' is not a whole number\n")


def test_zone_file_cname_beside_other_data_is_refused_per_record_set(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text("$ORIGIN example.com.\n$TTL 300\nwww IN A 192.0.2.1\nwww IN CNAME other.example.com.\n"
                    "other IN A 192.0.2.2\n")
    status, out, _ = run(["plan", "--source", str(path), "--format", "json"], capsys)
    found = [(r["name"], r["type"], r["status"], r["reason"]) for r in json.loads(out)["recordSets"]]
    assert (status, found) == (1, [
        ("www.example.com.", "A", "refused", CNAME_REASON),
        ("www.example.com.", "CNAME", "refused", CNAME_REASON),
        ("other.example.com.", "A", "translated", ""),
    ])


# -- 3. settings as YAML and Pulumi write them




@pytest.mark.parametrize("written, read", [
    ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
    ("2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00Z"),
    ("2026-01-01 00:00:00", "2026-01-01T00:00:00Z"),  # naive: UTC
])
def test_unquoted_cut_over_time(project, written, read):
    (project / "stacks" / "Pulumi.s.yaml").write_text(BASE + f"  migration:cutOverAt: {written}\n")
    assert load_stack("s").cut_over_at == read


def test_whole_numbers_as_text_like_pulumi_config_set_stores_them():
    loaded = settings(cloudflareRecordLimit="500", decommissionWait="86400")
    assert (loaded.cloudflare_record_limit, loaded.decommission_wait) == (500, 86400)


@pytest.mark.parametrize("key, value, message", [
    ("cloudflareRecordLimit", "0", "migration:cloudflareRecordLimit must be a positive whole number, not 0"),
    ("cloudflareRecordLimit", "many", "migration:cloudflareRecordLimit must be a positive whole number, not 'many'"),
    ("decommissionWait", "1.5", "migration:decommissionWait must be whole seconds, not '1.5'"),
    ("deleteDifferingRecords", "yes", "migration:deleteDifferingRecords must be true or false, not 'yes'"),
    ("registeredWithRoute53Domains", 1, "migration:registeredWithRoute53Domains must be true or false, not 1"),
])
def test_bad_numbers_and_flags(key, value, message):
    with pytest.raises(SettingsError) as err:
        settings(**{key: value})
    assert str(err.value) == f"stack s: {message}"


def test_flags_as_bool_or_text():
    loaded = settings(deleteDifferingRecords="TRUE", registeredWithRoute53Domains="false")
    assert (loaded.delete_differing_records, loaded.registered_with_route53_domains) == (True, False)
    loaded = settings(deleteDifferingRecords=True, registeredWithRoute53Domains=False)
    assert (loaded.delete_differing_records, loaded.registered_with_route53_domains) == (True, False)


# -- 4. a misspelt namespace


def test_misspelt_namespace_is_named(project, capsys):
    path = project / "stacks" / "Pulumi.s.yaml"
    path.write_text(BASE + "  migraton:proxied: [www.example.com]\n  Migration:zone: example.com\n"
                           "  aws:region: eu-west-1\n  cloudflare:apiToken: t\n  pulumi:tags: {}\n")
    assert run(["plan", "--stack", "s"], capsys) == (
        2, "", "error: stack s: migraton:proxied: did you mean migration:proxied?; Migration:zone: did you mean "
               f"migration:zone?; the known migration: keys are {', '.join(KEYS)}\n")


def test_misspelt_namespace_with_a_misspelt_key():
    assert unknown_keys(["migrations:zon", "migraton:nothingLikeIt", "aws:region"])[:2] == [
        "migrations:zon: did you mean migration:zone?", "migraton:nothingLikeIt: did you mean the namespace migration:?"]


# -- 5. help and server options


@pytest.mark.parametrize("command", ["plan", "verify"])
def test_source_help_lists_every_input(capsys, command):
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert ("--source SOURCE the zone's record sets from a file: a snapshot ('python -m migration snapshot'), 'aws "
            "route53 list- resource-record-sets' output, raw ListResourceRecordSets API pages, a change batch ('aws "
            "route53 change-resource-record-sets' JSON), a BIND zone file or a 'cli53 export' file") in help_text


def test_server_options_say_their_own_syntax(capsys):
    assert run(["verify", "--source", str(EXPORT), "--parent-server", "ns1.example.com"], capsys) == (
        2, "", "error: --parent-server 'ns1.example.com': not IP[:PORT]: 'ns1.example.com' does not appear to be an "
               "IPv4 or IPv6 address\n")
    assert run(["verify", "--source", str(EXPORT), "--nameserver", "old=ns1"], capsys) == (
        2, "", "error: --nameserver 'old=ns1': not old=[NAME@]IP[:PORT]: 'ns1' does not appear to be an IPv4 or "
               "IPv6 address\n")
    with pytest.raises(SettingsError) as err:
        settings(parentServers=["ns1.example.com"])
    assert str(err.value) == ("stack s: migration:parentServers: 'ns1.example.com' is not IP[:PORT]: "
                              "'ns1.example.com' does not appear to be an IPv4 or IPv6 address")
