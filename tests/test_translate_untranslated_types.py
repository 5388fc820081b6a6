"""A type the plan does not copy (only a zone file can hold one: Route53 hosts none) is refused
saying why and what to do: a DNSSEC record is Cloudflare's own to make; LOC, URI, CERT (types
Cloudflare has) can be created there by hand and left alone through migration:ignore; another
type (HINFO) exists at neither. Before: 'type LOC is not translated', no reason, no way out."""

from __future__ import annotations

from tests.support.cli import plan_argv, run

WHY = "is not translated: Route53 cannot hold it, so no hosted zone serves it, and the plan copies only the types Route53 serves"


def test_each_kind_of_type_says_why_and_what_to_do(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text(
        "$ORIGIN example.org.\n$TTL 300\nwww IN A 192.0.2.1\n"
        "loc IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m\n"
        "key IN DNSKEY 257 3 8 AwEAAQ==\n"
        'hi IN HINFO "PC" "Linux"\n'
    )
    status, out, _ = run(plan_argv(path, "--zone", "example.org"), capsys)
    refused = [line.split(None, 1)[1] for line in out.splitlines() if line.startswith("  refused  ")]
    assert (status, refused) == (
        1,
        [
            f"loc.example.org. LOC: type LOC {WHY}. To publish it at Cloudflare, remove it from the file, create it "
            "there yourself and list it in migration:ignore ({name: loc.example.org, types: [LOC]}) so the stack "
            "leaves it alone; else remove it",
            f"key.example.org. DNSKEY: type DNSKEY {WHY}; a DNSSEC record is made by the signing server: Cloudflare "
            "signs the zone with its own keys once DNSSEC is enabled there. Remove it from the file",
            f"hi.example.org. HINFO: type HINFO {WHY}; Cloudflare has no HINFO record either: remove it from the file",
        ],
    )
