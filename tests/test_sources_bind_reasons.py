"""A zone-file line dnspython cannot read is explained in the user's terms where dnspython's words
mislead: a TTL of 2**32 or more ("unknown rdatatype '4294967296'": dnspython, failing to read it as
a TTL, tries it as a type) and a quoted string over 255 bytes ("string too long"), as the Route53
JSON reader explains them."""

from __future__ import annotations

import pytest

from tests.support.cli import cannot_read_third_line, plan_argv, plan_of_third_line, run

TOO_LONG = 'a quoted string holds at most 255 bytes (RFC 1035 section 3.3); split the value into several quoted strings ("..." "...")'


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "www 4294967296 IN A 192.0.2.1",
            "TTL 4294967296 is above 2147483647 seconds, the largest RFC 2181 (section 8) allows",
        ),
        (
            "www 99999999999 A 192.0.2.1",
            "TTL 99999999999 is above 2147483647 seconds, the largest RFC 2181 (section 8) allows",
        ),
        ('www 300 IN TXT "' + "x" * 256 + '"', TOO_LONG),
    ],
    ids=["ttl-2**32", "ttl-huge", "txt-256"],
)
def test_a_line_dnspython_cannot_read_says_why_in_the_users_terms(tmp_path, capsys, line, reason):
    path = tmp_path / "z.zone"
    assert plan_of_third_line(path, line, capsys) == cannot_read_third_line(path, line, reason)


def test_a_number_in_the_type_field_that_could_be_a_ttl_keeps_dnspythons_words(tmp_path, capsys):
    """Two TTLs (300, then 400 where the type goes): the number is no TTL too large."""
    path = tmp_path / "z.zone"
    path.write_text("$ORIGIN example.com.\nok 300 IN A 192.0.2.1\nwww 300 400 A 192.0.2.1\n")
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: line 3: cannot read 'www 300 400 A 192.0.2.1': unknown rdatatype '400'\n",
    )


NO_TTL = (
    "the record has no TTL and no $TTL line comes before it: add '$TTL <seconds>' at the top of the file "
    "(RFC 2308 section 4) or a TTL on the line"
)


def test_records_without_a_ttl_say_what_to_add_once(tmp_path, capsys):
    """Before: dnspython's 'Missing default TTL value' on every such line, and a file of only such
    records was said not to look like a zone file at all."""
    path = tmp_path / "z.zone"
    path.write_text("$ORIGIN example.com.\nwww IN A 192.0.2.1\nmail IN A 192.0.2.2\n")
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: line 2: cannot read 'www IN A 192.0.2.1': {NO_TTL} (and 1 other line(s) for the same reason)\n",
    )
