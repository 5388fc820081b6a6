"""TXT values (migration/translate/values.py): exact Cloudflare content, or the exact input error."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from tests.support.zones import rrset, run, values

N = "t.example.com"


@pytest.mark.parametrize(
    "route53,content",
    [
        ('"say \\"hi\\""', '"say \\"hi\\""'),  # quotes
        ('"back\\\\slash"', '"back\\\\slash"'),  # backslashes
        ('"a;b; c"', '"a;b; c"'),  # semicolons are ordinary
        ('""', '""'),  # empty string
        ('"a" "b"', '"a" "b"'),  # several strings, separated
        ('"a""b"', '"a" "b"'),  # adjacent, as Route53 has returned them
        ("unquoted", '"unquoted"'),  # unquoted text
        ('"caf\\195\\169"', '"caf\\195\\169"'),  # decimal escapes of UTF-8 bytes
    ],
)
def test_txt_content_is_what_the_api_returns(route53, content):
    t = run(rrset(N, "TXT", route53))
    assert values(t.records) == [(N, "TXT", 300, content, None, None)]


@pytest.mark.parametrize(
    "size,strings", [(254, [254]), (255, [255]), (256, [255, 1]), (510, [255, 255]), (511, [255, 255, 1])]
)
def test_255_byte_string_boundary(size, strings):
    # A Route53 value of more than 255 bytes must already be split into strings of at most 255.
    chunks = ["x" * n for n in strings]
    t = run(rrset(N, "TXT", " ".join(f'"{c}"' for c in chunks)))
    assert t.records[0].content == " ".join(f'"{c}"' for c in chunks)
    assert sum(strings) == size


def test_a_single_string_over_255_bytes_is_an_input_error():
    with pytest.raises(InputError) as err:
        run(rrset(N, "TXT", '"' + "x" * 256 + '"'))
    assert err.value.problems == [
        f"t.example.com. TXT: invalid TXT value '\"{'x' * 59}... (258 characters)': a quoted string holds at most "
        '255 bytes (RFC 1035 section 3.3); split the value into several quoted strings ("..." "...")'
    ]
