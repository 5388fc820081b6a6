"""What a zone file's reader would change in silence is a warning naming the record set (two TTLs
in one record set, a TXT value not in quotes, a name that repeats the zone for want of a final
dot), and a directive it cannot follow is refused with its real reason (migration/sources/bind.py)."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from migration.model import Finding
from migration.sources import bind
from tests.support.cli import plan_argv, run

HEAD = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 1 7200 900 1209600 300\n"


def _warnings(body: str) -> list[Finding]:
    return list(bind.read_text(HEAD + body, "z.zone").findings)


def test_two_ttls_in_one_record_set_are_named():
    snap = bind.read_text(HEAD + "www 60 A 192.0.2.1\nwww A 192.0.2.2\nwww 60 A 192.0.2.3\n", "z.zone")
    assert [rs.ttl for rs in snap.record_sets if rs.rtype == "A"] == [60]
    assert list(snap.findings) == [
        Finding(
            "warning",
            "zone-file-ttls-differ",
            "www.example.com. A",
            "the zone file gives this record set the TTLs 60 and 300: it is read with 60, the smallest (the "
            "records of one set have one TTL, RFC 2181 section 5.2); write one TTL on each of its lines",
        )
    ]


def test_cli53_routing_lines_of_one_set_with_two_ttls_are_one_set_read_with_the_smallest():
    # As plain lines: one record set at the smallest TTL and the same warning, not "repeats set
    # identifier 'One' 2 times" (the key of a routing line held its TTL).
    body = (
        'www 300 A 192.0.2.1 ; AWS routing="WEIGHTED" weight=1 identifier="One"\n'
        'www 60 A 192.0.2.2 ; AWS routing="WEIGHTED" weight=1 identifier="One"\n'
        'www 300 A 192.0.2.3 ; AWS routing="WEIGHTED" weight=2 identifier="Two"\n'
    )
    snap = bind.read_text(HEAD + body, "z.zone")
    assert [(rs.label, rs.ttl, rs.values_text()) for rs in snap.record_sets if rs.rtype == "A"] == [
        ("www.example.com. A [One]", 60, ["192.0.2.1", "192.0.2.2"]),
        ("www.example.com. A [Two]", 300, ["192.0.2.3"]),
    ]
    assert [(f.subject, f.message.split(":")[0]) for f in snap.findings] == [
        ("www.example.com. A [One]", "the zone file gives this record set the TTLs 300 and 60")
    ]


def test_a_ttl_changed_by_a_second_ttl_directive_is_named_with_all_three():
    body = "a 30 TXT x\na TXT y\n$TTL 600\na TXT z\n"
    assert [f.message.split(":")[0] for f in _warnings(body)] == [
        "the zone file gives this record set the TTLs 30, 300 and 600"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "www A 192.0.2.1\nwww A 192.0.2.2\n",  # $TTL for both
        "www 60 A 192.0.2.1\nwww 1m A 192.0.2.2\n",  # the same TTL in other units
        "www 60 A 192.0.2.1\nwww 300 AAAA 2001:db8::1\n",  # other types: other record sets
        'www TXT "one string"\nwww TXT "a" "b"\nwww TXT single\n',  # quoted, or one word
    ],
)
def test_what_reads_as_written_gives_no_warning(body):
    assert _warnings(body) == []


def test_an_unquoted_txt_value_of_several_words_is_named():
    assert _warnings('www TXT unquoted text\nspf TXT v=spf1 include:_spf.example.net -all\nm TXT "a" b\n') == [
        Finding(
            "warning",
            "zone-file-txt-unquoted",
            label,
            f"the value {written} is not all in quotes: it is read as {n} strings {read}, which SPF and "
            "DKIM join with no space (RFC 7208 section 3.3); to keep a space inside one string, write it in "
            'quotes ("two words")',
        )
        for label, written, n, read in [
            ("www.example.com. TXT", "unquoted text", 2, '"unquoted" "text"'),
            (
                "spf.example.com. TXT",
                "v=spf1 include:_spf.example.net -all",
                3,
                '"v=spf1" "include:_spf.example.net" "-all"',
            ),
            ("m.example.com. TXT", '"a" b', 2, '"a" "b"'),
        ]
    ]


def test_a_name_that_repeats_the_zone_for_want_of_a_final_dot_is_named():
    body = (
        "www.example.com A 192.0.2.1\nalias CNAME host.example.com\n@ MX 10 mail.example.com\n@ MX 20 mx.example.com.\n"
    )
    assert [(f.code, f.subject, f.message.split(":")[0]) for f in _warnings(body)] == [
        (
            "zone-file-name-doubled",
            "example.com. MX",
            "the value mail.example.com.example.com. ends in the zone's name twice",
        ),
        (
            "zone-file-name-doubled",
            "www.example.com.example.com. A",
            "the owner name www.example.com.example.com. ends in the zone's name twice",
        ),
        (
            "zone-file-name-doubled",
            "alias.example.com. CNAME",
            "the value host.example.com.example.com. ends in the zone's name twice",
        ),
    ]
    assert _warnings(body)[0].message.endswith(
        "written 'mail.example.com' without a final dot, it is relative to the zone (RFC 1035 section 5.1); "
        "end it with a dot if mail.example.com. is meant"
    )


def test_the_plan_shows_the_warning_and_fails_on_warnings_when_asked(tmp_path, capsys):
    path = tmp_path / "z.zone"
    path.write_text(HEAD + "www 60 A 192.0.2.1\nwww A 192.0.2.2\n")
    status, out, err = run(plan_argv(path), capsys)
    assert (status, err) == (0, "")
    assert "  www.example.com. A: the zone file gives this record set the TTLs 60 and 300: it is read with 60" in out
    assert run(plan_argv(path, "--fail-on", "warnings"), capsys)[0] == 1


@pytest.mark.parametrize(
    "line, problem",
    [
        (
            "$INCLUDE other.zone",
            "line 4: $INCLUDE reads another file, which is not supported (only the file given is read): copy "
            "the included records into this file",
        ),
        (  # a path that looks like a credential: the reason stays right, the path is not shown
            '$INCLUDE "/home/u/secrets/passwords.zone" sub',
            "line 4: $INCLUDE reads another file, which is not supported (only the file given is read): copy "
            "the included records into this file",
        ),
        (
            "$FOO bar",
            "line 4: unknown directive '$FOO': a zone file knows $GENERATE, $ORIGIN, $TTL and $INCLUDE (not supported)",
        ),
        (  # dnspython's reason repeats the directive: neither is shown
            "$AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI",
            "line 4: cannot read (the line is not shown: it looks like a credential): an unknown directive",
        ),
        (
            "$ORIGIN",
            "line 4: cannot read '$ORIGIN': expecting an identifier; $ORIGIN needs one domain name, e.g. "
            "'$ORIGIN example.com.'",
        ),
        (
            "$TTL",
            "line 4: cannot read '$TTL': bad $TTL; $TTL needs one TTL, in seconds or with units, e.g. '$TTL 300' "
            "or '$TTL 1h'",
        ),
        (
            "$GENERATE 1-3",
            "line 4: cannot read '$GENERATE 1-3': Text input is malformed; $GENERATE needs RANGE OWNER [TTL] "
            "[CLASS] TYPE VALUE, e.g. '$GENERATE 1-10 host$ A 192.0.2.$'",
        ),
        (  # not a directive: the credential rule still hides the line
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI",
            "line 4: cannot read (the line is not shown: it looks like a credential): Text input is malformed.",
        ),
    ],
)
def test_directives_are_refused_with_their_real_reason(line, problem):
    with pytest.raises(InputError) as caught:
        bind.read_text(HEAD + line + "\nwww A 192.0.2.1\n", "z.zone")
    assert caught.value.problems == [problem]


def test_a_generate_directive_is_read():
    snap = bind.read_text(HEAD + "$GENERATE 1-2 host$ A 192.0.2.$\n", "z.zone")
    assert [(rs.name.to_text(), rs.values_text()) for rs in snap.record_sets[1:]] == [
        ("host1.example.com.", ["192.0.2.1"]),
        ("host2.example.com.", ["192.0.2.2"]),
    ]


def test_a_cli53_alias_given_twice_is_an_input_error():
    body = (
        "api 300 AWS ALIAS A dualstack.lb-1.us-east-1.elb.amazonaws.com. Z35SXDOTRQ7X7K true\n"
        "api 300 AWS ALIAS A dualstack.lb-2.us-east-1.elb.amazonaws.com. Z35SXDOTRQ7X7K true\n"
    )
    with pytest.raises(InputError) as caught:
        bind.read_text(HEAD + body, "z.zone")
    assert caught.value.problems == [
        "api.example.com. A appears 2 times without set identifiers, which Route53 does not allow; the input is "
        "inconsistent (one record set per name and type)"
    ]
