"""Records Cloudflare already holds (its scan of the old DNS): identical adopted, different reported."""

from __future__ import annotations

import json

import dns.name
import pytest

from migration.errors import InputError
from migration.phases import Facts
from migration.resources import pulumi_inputs
from migration.sources import cloudflare_existing
from tests.conftest import BASE, CASES, DATA
from tests.support import plans
from tests.support.cli import run, stack_file
from tests.support.plans import plan_of_file

CF_ZONE = "023e105f4ecef8ad9ca31a8372d0c353"
EXAMPLE_COM = dns.name.from_text("example.com.")

LISTING = {
    "result": [
        # Identical to the planned MX of mail.example.com.
        {
            "id": "rec-mx",
            "name": "mail.example.com",
            "type": "MX",
            "content": "feedback-smtp.ap-northeast-1.amazonses.com",
            "priority": 10,
            "ttl": 300,
            "proxied": False,
        },
        # Identical CAA, structured the way the API returns it (content and data).
        {
            "id": "rec-caa",
            "name": "example.com",
            "type": "CAA",
            "content": '0 issue "amazon.com"',
            "data": {"flags": 0, "tag": "issue", "value": "amazon.com"},
            "ttl": 3600,
            "proxied": False,
        },
        # Same value as planned, other TTL: adopted as it is, corrected at cut-over.
        {
            "id": "rec-dmarc",
            "name": "_dmarc.example.com",
            "type": "TXT",
            "content": '"v=DMARC1; p=none;"',
            "ttl": 1,
            "proxied": False,
        },
        # A value Route53 does not have, at a name the plan leaves free: reported (and deleted only when the
        # settings say so). One that clashes with a planned record is an error (below).
        {
            "id": "rec-stray",
            "name": "stray.example.com",
            "type": "A",
            "content": "198.51.100.4",
            "ttl": 1,
            "proxied": True,
        },
    ]
}


def _plan(phase, **changes):
    existing = cloudflare_existing.from_document(LISTING, "listing", EXAMPLE_COM)
    return plans.plan(
        phase, Facts(cloudflare_existing=existing), cloudflare_zone_id=CF_ZONE, orphan_zones=(), **changes
    )


def _by_subject(plan, needle):
    return [r for r in plan.resources if needle in r.subject]


def test_identical_records_are_adopted_with_zone_and_record_id():
    plan = _plan("mirror")
    adopted = {
        (pulumi_inputs(r)["type"], pulumi_inputs(r)["name"], r.import_id)
        for r in plan.resources
        if r.action == "adopt" and r.type.endswith("DnsRecord")
    }
    assert adopted == {
        ("MX", "mail.example.com", f"{CF_ZONE}/rec-mx"),
        ("CAA", "example.com", f"{CF_ZONE}/rec-caa"),
        ("TXT", "_dmarc.example.com", f"{CF_ZONE}/rec-dmarc"),
    }
    # 25 planned records: 3 adopted, 22 created; the stray record is not declared.
    assert sum(r.action == "create" and r.type.endswith("DnsRecord") for r in plan.resources) == 22
    assert not _by_subject(plan, "198.51.100.4")


def test_same_value_other_ttl_is_adopted_as_is_then_corrected_at_cut_over():
    mirror = _plan("mirror")
    (dmarc,) = [r for r in mirror.resources if r.import_id == f"{CF_ZONE}/rec-dmarc"]
    assert (pulumi_inputs(dmarc)["ttl"], pulumi_inputs(dmarc)["proxied"]) == (1, False)
    cut = _plan("cut-over")
    (later,) = [r for r in cut.resources if r.name == dmarc.name]
    assert (later.action, pulumi_inputs(later)["ttl"], later.import_id) == ("update", 300, None)


def test_different_records_are_reported_and_left_alone_by_default():
    plan = _plan("mirror")
    reported = [(f.severity, f.subject, f.message) for f in plan.findings if f.code == "cloudflare-record-differs"]
    assert (
        "warning",
        "A stray.example.com 198.51.100.4",
        "Cloudflare record rec-stray is not in the plan (Route53 has no such value); left as it is: set "
        "migration:deleteDifferingRecords: true to delete it",
    ) in reported
    assert len(reported) == 2  # the stray A and the _dmarc TXT's TTL
    assert not plan.blocked


def test_different_records_are_adopted_then_deleted_when_the_settings_say_so():
    mirror = _plan("mirror", delete_differing_records=True)
    (stray,) = _by_subject(mirror, "198.51.100.4")
    assert (stray.action, stray.import_id, pulumi_inputs(stray)["proxied"]) == ("adopt", f"{CF_ZONE}/rec-stray", True)
    cut = _plan("cut-over", delete_differing_records=True)
    (gone,) = _by_subject(cut, "198.51.100.4")
    assert gone.action == "delete" and gone not in cut.declared()


def test_existing_records_without_a_cloudflare_zone_id_are_an_error():
    existing = cloudflare_existing.from_document(LISTING, "listing", EXAMPLE_COM)
    plan = plans.plan("mirror", Facts(cloudflare_existing=existing), orphan_zones=())
    assert [f.code for f in plan.findings if f.severity == "error"] == ["cloudflare-zone-id-missing"]


def test_every_structured_type_listed_by_the_api_matches_the_planned_record():
    """A record the Cloudflare API lists with ``data`` (TLSA, DS, SSHFP, NAPTR, HTTPS...) has the
    identity of the record the plan would create, so it is adopted, not created a second time."""
    from tests.support.zones import rrset, run

    t = run(
        rrset("_443._tcp.www.example.com", "TLSA", "3 1 1 " + "ab" * 32),
        rrset("sub.example.com", "NS", "ns1.example.net."),
        rrset("sub.example.com", "DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
        rrset("www.example.com", "HTTPS", '1 . alpn="h2"'),
    )
    for planned in t.records:
        listed = {
            "id": "r1",
            "name": planned.name,
            "type": planned.type,
            "ttl": planned.ttl,
            "proxied": False,
            "content": "ignored when data is given" if planned.data else planned.content,
            "data": dict(planned.data) if planned.data else None,
        }
        assert cloudflare_existing.from_api(listed).identity == planned.identity, planned.type


def test_a_pre_existing_record_listed_in_upper_case_is_compared_in_normal_form():
    (found,) = cloudflare_existing.from_document(
        [{"id": "r1", "name": "Mail.Example.com", "type": "MX", "content": "MX1.Example.NET", "priority": 10}],
        "t",
        EXAMPLE_COM,
    )
    assert (found.record.name, found.record.content, found.record.priority) == (
        "mail.example.com",
        "mx1.example.net",
        10,
    )


@pytest.mark.parametrize("delete_differing", [False, True])
def test_a_pre_existing_record_that_clashes_with_the_plan_is_an_error(tmp_path, delete_differing):
    listing = tmp_path / "cloudflare.json"
    listing.write_text(
        '{"result": [{"id": "c1", "name": "foo.example.com", "type": "CNAME", "content": "old.example.net",'
        ' "ttl": 1, "proxied": false}, {"id": "t1", "name": "foo.example.com", "type": "TXT", '
        '"content": "\\"other\\"", "ttl": 1, "proxied": false}]}'
    )
    plan = plan_of_file(
        CASES / "b09" / "after-a.json",
        cloudflare_zone_id="023e105f4ecef8ad9ca31a8372d0c353",
        cloudflare_account_id=None,
        existing=listing,
        delete_differing_records=delete_differing,
    )
    assert [(f.severity, f.code, f.subject, f.message) for f in plan.findings if f.severity == "error"] == [
        (
            "error",
            "cloudflare-record-conflicts",
            "CNAME foo.example.com old.example.net",
            "Cloudflare record c1 is not in the plan and stands where the plan creates A foo.example.com, which "
            "Cloudflare refuses beside it (errors 81053/81054): delete it in Cloudflare, list the zone's records "
            "again (migration:cloudflareExisting), then plan again",
        )
    ]
    assert plan.blocked


LISTINGS = DATA / "cases" / "cf-listing"
ALLOWED = "Cloudflare's is 1 (automatic) or whole seconds from 30 to 86400"
TYPES = (
    "A, AAAA, CAA, CERT, CNAME, DNSKEY, DS, HTTPS, LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, SMIMEA, SRV, SSHFP, SVCB, TLSA, "
    "TXT, URI"
)


@pytest.mark.parametrize(
    "name, problems",
    [
        ("cf_b_content", ["record r1 (foo.example.com A): invalid A content 'nope': Text input is malformed."]),
        ("cf_b_type", [f"record r1 (foo.example.com NOPE): unknown record type 'NOPE'; Cloudflare lists {TYPES}"]),
        ("cf_b_prox", ['record r1 (foo.example.com A): invalid proxied "yes"; expected true or false']),
        ("cf_b_ttlneg", [f"record r1 (foo.example.com A): invalid ttl -5; {ALLOWED}"]),
        ("cf_b_ttlhuge", [f"record r1 (foo.example.com A): invalid ttl {10**30}; {ALLOWED}"]),
        ("cf_b_evil", ["record r1 (www.evil.org A): the name is outside the zone example.com."]),
        (
            "cf_b_dupid",
            [
                "record r1 (bar.example.com A): the id is listed twice (also foo.example.com A); one Cloudflare "
                "record has one id"
            ],
        ),
        (
            "cf_idtrick",
            [
                "record ../../x; rm -rf / (www.example.com A): invalid id; Cloudflare's record ids are at most 32 "
                "letters, digits, '-' or '_'"
            ],
        ),
        (
            "cf_bad2",
            [
                f'record r1 (foo.example.com A): invalid ttl "abc"; {ALLOWED}',
                "record r2 (bar.example.com A): invalid A content 'nope': Text input is malformed.",
                f"record r3 (baz.example.com NOPE): unknown record type 'NOPE'; Cloudflare lists {TYPES}",
                "record r3 (q.example.com A): the id is listed twice (also baz.example.com NOPE); one Cloudflare "
                "record has one id",
                "record r5 (www.evil.org A): the name is outside the zone example.com.",
            ],
        ),
        (
            "cf_paged",
            [
                "result_info.total_pages is 3 but the file holds page(s) 1: an incomplete listing is not the zone's "
                "records (the deletion and safety checks would miss the rest); save every page (a list of the "
                "pages' responses) or list with a larger per_page"
            ],
        ),
        (
            "cf_success_false",
            [
                "the response says the listing failed (success: false; errors: 10000 Authentication error): list "
                "the zone's records again"
            ],
        ),
        # A failed response with "result": [] (the review's input): not an empty zone.
        (
            "cf_success_false_empty_result",
            ["the response says the listing failed (success: false; errors: 1): list the zone's records again"],
        ),
    ],
)
def test_a_damaged_listing_is_refused_naming_the_record_and_the_reason(name, problems):
    path = LISTINGS / f"{name}.json"
    with pytest.raises(InputError) as caught:
        cloudflare_existing.read(path, EXAMPLE_COM)
    assert (caught.value.source, caught.value.problems) == (str(path), problems)


def _record(rid: str, name: str, **fields) -> dict:
    return {"id": rid, "name": name, "type": "A", "content": "192.0.2.80", "ttl": 300, "proxied": False, **fields}


@pytest.mark.parametrize(
    "fields, problem",
    [
        ({"ttl": 29}, f"invalid ttl 29; {ALLOWED}"),
        ({"ttl": 86401}, f"invalid ttl 86401; {ALLOWED}"),
        ({"ttl": True}, f"invalid ttl true; {ALLOWED}"),
        ({"proxied": 1}, "invalid proxied 1; expected true or false"),
        (
            {"type": "MX", "content": "mx.example.net", "priority": 70000},
            ("invalid MX priority 70000; expected a whole number from 0 to 65535"),
        ),
        (
            {"type": "CNAME", "content": "a..example.net"},
            ("invalid CNAME content 'a..example.net': A DNS label is empty."),
        ),
        ({"type": "AAAA", "content": "192.0.2.1"}, ("invalid AAAA content '192.0.2.1': Text input is malformed.")),
        ({"type": "TXT", "content": None}, "no value: 'content' must be a non-empty string, not null"),
        ({"type": "CAA", "data": {"flags": 0, "tag": "issue"}}, "'data' lacks value"),
        (
            {"type": "CAA", "data": {"flags": -1, "tag": "issue", "value": "ca.example.net"}},
            "invalid data.flags -1; expected a text or a whole number from 0 to 65535",
        ),
        (
            {"type": "SRV", "data": {"port": 5060, "priority": True, "target": "sip.example.com", "weight": 5}},
            "invalid data.priority true; expected a text or a whole number from 0 to 65535",
        ),
        (
            {"type": "TLSA", "data": {"certificate": ["ab"], "matching_type": 1, "selector": 1, "usage": 3}},
            'invalid data.certificate ["ab"]; expected a text or a whole number from 0 to 65535',
        ),
    ],
)
def test_each_field_of_a_record_is_checked(fields, problem):
    with pytest.raises(InputError) as caught:
        cloudflare_existing.from_document(
            {"result": [_record("r1", "w.example.com", **fields)]}, "cf.json", EXAMPLE_COM
        )
    rtype = fields.get("type", "A")
    assert caught.value.problems == [f"record r1 (w.example.com {rtype}): {problem}"]


def _page(page: int, records: list[dict], total_pages: int, total_count: int) -> dict:
    info = {"page": page, "per_page": 1, "count": len(records), "total_count": total_count, "total_pages": total_pages}
    return {"success": True, "errors": [], "messages": [], "result": records, "result_info": info}


def test_every_page_of_a_paged_listing_makes_the_zone():
    first, second = _record("r1", "a.example.com"), _record("r2", "b.example.com", ttl=1)
    found = cloudflare_existing.from_document(
        [_page(2, [second], 2, 2), _page(1, [first], 2, 2)], "cf.json", EXAMPLE_COM
    )
    assert [(e.id, e.record.name, e.record.ttl) for e in found] == [
        ("r2", "b.example.com", 1),
        ("r1", "a.example.com", 300),
    ]


@pytest.mark.parametrize(
    "pages, problem",
    [
        (
            [_page(1, [_record("r1", "a.example.com")], 2, 2), _page(1, [_record("r2", "b.example.com")], 2, 2)],
            "result_info.total_pages is 2 but the file holds page(s) 1, 1",
        ),
        (
            [_page(1, [_record("r1", "a.example.com")], 1, 3)],
            "result_info.total_count is 3 but the pages list 1 record(s)",
        ),
        (
            [_page(1, [_record("r1", "a.example.com")], 2, 2), _page(2, [_record("r2", "b.example.com")], 3, 2)],
            "the pages disagree on result_info.total_pages or total_count (taken at different times?)",
        ),
        (
            [{"result": [_record("r1", "a.example.com")], "result_info": {"page": 1, "total_pages": 1}}],
            "page 1: result_info must give page, per_page, count, total_count and total_pages as whole numbers, not "
            '{"page": 1, "total_pages": 1}',
        ),
    ],
)
def test_pages_that_are_not_the_whole_listing_are_refused(pages, problem):
    with pytest.raises(InputError) as caught:
        cloudflare_existing.from_document(pages, "cf.json", EXAMPLE_COM)
    assert caught.value.problems == [
        f"{problem}: an incomplete listing is not the zone's records (the deletion and safety checks would miss the "
        "rest); save every page (a list of the pages' responses) or list with a larger per_page"
    ]


def test_a_damaged_listing_stops_the_plan_with_exit_status_2(project, capsys):
    (project / "cf.json").write_text((LISTINGS / "cf_b_prox.json").read_text())
    stack_file(
        project,
        BASE
        + "  migration:cloudflareZoneId: 023e105f4ecef8ad9ca31a8372d0c353\n  migration:cloudflareExisting: cf.json\n"
        "  migration:deleteDifferingRecords: true\n",
    )
    status, out, err = run(["plan", "--stack", "s"], capsys)
    assert (status, out) == (2, "")
    # The setting that named the file beside its name (before: the file's name alone).
    assert (
        'cf.json (migration:cloudflareExisting): record r1 (foo.example.com A): invalid proxied "yes"; expected true '
        "or false" in err
    )
    assert "Traceback" not in err


def test_an_account_id_beside_a_zone_id_adopts_the_zone_with_a_warning():
    plan = _plan("mirror")
    (zone,) = [r for r in plan.resources if r.type == "cloudflare:index/zone:Zone"]
    assert (zone.action, zone.import_id, pulumi_inputs(zone)["account"]) == ("adopt", CF_ZONE, {"id": plans.ACCOUNT_ID})
    assert [(f.severity, f.subject, f.message) for f in plan.findings if f.code == "cloudflare-zone-adopted"] == [
        (
            "warning",
            f"migration:cloudflareZoneId {CF_ZONE}",
            f"migration:cloudflareAccountId and migration:cloudflareZoneId are both set: the zone {CF_ZONE} is "
            f"adopted (imported), not created, and declared in account {plans.ACCOUNT_ID} (the import fails if the "
            "zone is another account's); to create a zone, unset migration:cloudflareZoneId",
        )
    ]
    alone = _plan("mirror", cloudflare_account_id=None)
    assert not [f for f in alone.findings if f.code == "cloudflare-zone-adopted"]


# TXT, URI, CERT and LOC values as the Cloudflare API lists them (LOC's content prefixed "IN LOC",
# its fields in 'data', as in octodns-cloudflare's recorded listing, tests/fixtures there).
LOC_DATA = {
    "lat_degrees": 31,
    "lat_minutes": 58,
    "lat_seconds": 52.1,
    "lat_direction": "S",
    "long_degrees": 115,
    "long_minutes": 49,
    "long_seconds": 11.7,
    "long_direction": "E",
    "altitude": 20,
    "size": 10,
    "precision_horz": 10,
    "precision_vert": 2,
}
GOOD = [
    {"type": "TXT", "content": '"v=spf1 -all"'},
    {"type": "TXT", "content": '"' + "k" * 255 + '" "tail"'},
    {"type": "TXT", "content": "IDNA test data"},  # an old record, saved unquoted: Cloudflare keeps it so
    {"type": "TXT", "content": '"v=DMARC1; p=none"', "data": {}},  # TXT has no data fields: its content counts
    {"type": "URI", "content": '10 1 "ftp://ftp1.example.com/public"'},
    {"type": "URI", "priority": 10, "data": {"weight": 1, "target": "https://example.com/"}, "content": "x"},
    {"type": "CERT", "content": "PKIX 2 RSASHA256 AAAA"},
    {"type": "CERT", "data": {"type": 1, "key_tag": 2, "algorithm": 8, "certificate": "AAAA"}, "content": "x"},
    {"type": "LOC", "content": "IN LOC 31 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m", "data": LOC_DATA},
    {"type": "LOC", "content": "31 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m"},
]


def test_txt_uri_cert_and_loc_values_as_cloudflare_lists_them_are_taken():
    listing = {"result": [_record(f"r{i}", "w.example.com", **fields) for i, fields in enumerate(GOOD)]}
    found = cloudflare_existing.from_document(listing, "cf.json", EXAMPLE_COM)
    assert [r.record.type for r in found] == [f["type"] for f in GOOD]


@pytest.mark.parametrize(
    "fields, problem",
    [
        (
            {"type": "TXT", "content": '"v=spf1 -all'},
            "invalid TXT content '\"v=spf1 -all': Text input ended unexpectedly.",
        ),
        (
            {"type": "TXT", "content": '"' + "k" * 256 + '"'},
            f"invalid TXT content {chr(34) + 'k' * 79!r}: string too long",
        ),
        ({"type": "TXT", "content": '"a" b"'}, 'invalid TXT content \'"a" b"\': Text input ended unexpectedly.'),
        ({"type": "URI", "content": '10 1 ""'}, "invalid URI content '10 1 \"\"': URI target cannot be empty"),
        (
            {"type": "URI", "content": '70000 1 "https://example.com/"'},
            "invalid URI content '70000 1 \"https://example.com/\"': 70000 is not an unsigned 16-bit integer",
        ),
        (
            {"type": "URI", "priority": 10, "data": {"weight": 1, "target": ""}, "content": "x"},
            'invalid URI data {"weight": 1, "target": ""}: URI target cannot be empty',
        ),
        ({"type": "URI", "priority": 10, "data": {"weight": 1}, "content": "x"}, "'data' lacks target"),
        (  # before: "'data' lacks priority", where it does not belong
            {"type": "URI", "data": {"weight": 1, "target": "https://example.com/"}},
            "no priority: a URI record has its 'priority' beside 'data' (which holds weight and target)",
        ),
        ({"type": "CERT", "content": "1 2 3 !!!"}, "invalid CERT content '1 2 3 !!!': Only base64 data is allowed"),
        (
            {"type": "CERT", "data": {"type": 1, "key_tag": 2, "algorithm": 8, "certificate": "!!"}, "content": "x"},
            'invalid CERT data {"type": 1, "key_tag": 2, "algorithm": 8, "certificate": "!!"}: Only base64 data is '
            "allowed",
        ),
        (
            {"type": "LOC", "content": "IN LOC 91 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m"},
            "invalid LOC content 'IN LOC 91 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m': degrees not in range [0, 90]",
        ),
        (
            {"type": "LOC", "content": "x", "data": {**LOC_DATA, "lat_direction": "Q"}},
            "invalid LOC data "
            + json.dumps({**LOC_DATA, "lat_direction": "Q"})[:80]
            + ": bad latitude hemisphere value",
        ),
        (
            {"type": "LOC", "content": "x", "data": {**LOC_DATA, "size": True}},
            "invalid data.size true; expected a text or a number",
        ),
    ],
)
def test_txt_uri_cert_and_loc_values_are_parsed_and_a_bad_one_is_named(fields, problem):
    with pytest.raises(InputError) as caught:
        cloudflare_existing.from_document(
            {"result": [_record("r1", "w.example.com", **fields)]}, "cf.json", EXAMPLE_COM
        )
    assert caught.value.problems == [f"record r1 (w.example.com {fields['type']}): {problem}"]
