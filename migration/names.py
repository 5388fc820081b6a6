"""Owner names as Route53 spells them, decoded into ``dns.name.Name``.

Route53 returns names fully qualified and lower case, and escapes every byte outside
``a-z 0-9 - _`` as a three-digit **octal** escape (``*`` is ``\\052``); zone files (RFC 1035
section 5.1) use **decimal** ``\\DDD``. Source: Route53 developer guide, "DNS domain name format".
So the decoding depends on where the text came from: this module does the Route53 side; zone
files go through dnspython's own parser.

International names follow one rule on every path (JSON exports, zone files, baselines, values
such as a CNAME target): IDNA 2008 (RFC 5891), each label with non-ASCII characters written as its
punycode A-label (``straße`` -> ``xn--strae-oqa``). A label that IDNA 2008 does not allow is
refused with the reason, never changed: the browsers' mapping (UTS 46: fullwidth ``ａ`` -> ``a``,
``ẞ`` -> ``ß``, dropped zero-width characters in IDNA 2003) would make a different name out of
the user's data, so when that mapping would make the label valid the message names what it
would become and leaves the choice to the user. :data:`IDNA` is that codec; importing this module
makes it dnspython's default, so that the zone-file reader and every ``dns.name.from_text`` use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import dns.exception
import dns.name
import dns.rdata
import idna

# Route53's escapes: a backslash and three octal digits, \000 to \377.
_OCTAL = re.compile(rb"\\([0-3][0-7]{2})")
# A backslash and what it escapes: a Route53 escape, or one character kept as it is (``\.``).
_ESCAPE = re.compile(r"\\([0-3][0-7]{2}|.?)", re.DOTALL)


class InternationalNameError(dns.name.IDNAException, ValueError):
    """A label with non-ASCII characters that IDNA 2008 (RFC 5891) does not allow; the message
    says why, and what the UTS 46 mapping would turn it into when that would make it valid.
    Also a ``ValueError``: callers that turn a bad name's ``ValueError`` into an input error
    (``zone_name`` and the readers) catch it too."""


def printable(text: str) -> str:
    """``text`` for a message, with characters that do not print (zero-width joiners,
    right-to-left overrides, control characters: Unicode categories C and Z other than the space)
    written as ``\\uXXXX``, so that the message shows what the input holds and cannot reorder
    the terminal's line."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def shown(text: str) -> str:
    """:func:`printable` of ``text``, in single quotes."""
    return f"'{printable(text)}'"


def _ascii_lower(label: str) -> str:
    # DNS folds ASCII case only (RFC 4343); other letters are left for IDNA 2008 to judge.
    return "".join(ch.lower() if ch.isascii() else ch for ch in label)


class _Idna2008(dns.name.IDNACodec):
    """IDNA 2008 without UTS 46 mapping (RFC 5891 section 4; the ``idna`` package): a label
    with non-ASCII characters becomes its punycode A-label or raises
    :class:`InternationalNameError`; an ASCII label is kept as it is (``_dmarc``, ``*``), as DNS
    allows any bytes there. Decoding (for display) is dnspython's, unchanged."""

    def encode(self, label: str) -> bytes:
        if label.isascii():
            encoded = label.encode("ascii")
            if len(encoded) > 63:
                raise dns.name.LabelTooLong
            return encoded
        label = _ascii_lower(label)
        try:
            return idna.alabel(label)
        except idna.IDNAError as exc:
            if exc.args and exc.args[0] == "Label too long":
                raise dns.name.LabelTooLong from None
            raise InternationalNameError(_refusal(label, exc)) from None


def _refusal(label: str, exc: idna.IDNAError) -> str:
    reason = re.sub(r" (?:of|in) '.*'", "", str(exc))  # idna quotes the label raw; it is shown below
    message = f"the label {shown(label)} is not a valid international name (IDNA 2008, RFC 5891): {reason}"
    try:
        mapped = idna.uts46_remap(label, std3_rules=False, transitional=False)
        a_label = idna.alabel(mapped).decode("ascii") if not mapped.isascii() else mapped
    except idna.IDNAError:
        return message
    if mapped == label:
        return message
    spelled = "" if a_label == mapped else f", written {a_label}"
    return f"{message}; mapped as browsers do (UTS 46) it would become {shown(mapped)}{spelled}: write that if it is the name meant"


IDNA = _Idna2008()
dns.name.set_default_idna_codec(IDNA)

# An A-label's prefix (RFC 5890 section 2.3.2.1), in any case: the cheap test that keeps every
# other name off the decoding below.
_ACE_PREFIX = re.compile(rb"xn--", re.IGNORECASE)


def _a_label_problem(label: bytes) -> str | None:
    """Why ``label`` (starting with ``xn--``) is not a valid A-label, or ``None`` when it is one.
    RFC 5891 section 5.4: an A-label must decode (punycode, RFC 3492) to a U-label that IDNA 2008
    allows and that encodes back to the same A-label."""
    try:
        u_label = idna.ulabel(label)
        again = idna.alabel(u_label)
    except (idna.IDNAError, UnicodeError) as exc:
        reason = re.sub(r" (?:of|in) '.*'", "", str(exc)) or type(exc).__name__
        # idna's word for text that is not punycode at all (RFC 3492).
        return "what follows xn-- is not valid punycode (RFC 3492)" if reason == "Invalid A-label" else reason
    if again != label.lower():
        return f"it decodes to {shown(u_label)}, which is written {again.decode('ascii')}"
    return None


def check_a_labels(name: dns.name.Name) -> None:
    """Raise :class:`InternationalNameError` naming the first label of ``name`` that starts with
    ``xn--`` (any case) but is not a valid A-label (RFC 5891 section 5.4: it must decode to a
    valid U-label, :func:`_a_label_problem`). Names without such a label pay one regex search."""
    labels = name.labels
    if not _ACE_PREFIX.search(b".".join(labels)):
        return
    for label in labels:
        if label[:4].lower() == b"xn--":
            problem = _a_label_problem(label)
            if problem is not None:
                raise InternationalNameError(
                    f"the label {shown(label.lower().decode('ascii', 'replace'))} starts with xn-- but is not a valid "
                    f"A-label (RFC 5891 section 5.4: it must decode to a valid U-label): {problem}"
                )


def check_rdata_names(rdata: dns.rdata.Rdata) -> None:
    """:func:`check_a_labels` of every name in a value (a CNAME target, an MX exchange, ...)."""
    for slot in rdata._get_all_slots():
        field = getattr(rdata, slot, None)
        if isinstance(field, dns.name.Name):
            check_a_labels(field)


def _check_escapes(text: str) -> None:
    # A backslash before a digit must start a Route53 escape: read as a literal character, \999
    # would silently become the label "999".
    for match in _ESCAPE.finditer(text):
        escaped = match.group(1)
        if escaped[:1].isdigit() and len(escaped) != 3:
            bad = text[match.start() : match.start() + 4]
            raise ValueError(f"{bad} is not a Route53 escape (a backslash and three octal digits, \\000 to \\377)")
        if not escaped:
            raise ValueError("a backslash ends the name: it escapes nothing")


def _label_bytes(label: str) -> bytes:
    raw = label.encode("utf-8")
    raw = _OCTAL.sub(lambda m: bytes([int(m.group(1), 8)]), raw)
    # Other backslash escapes (``\.``) keep the next character literally.
    return re.sub(rb"\\(.)", rb"\1", raw)


def _split_labels(text: str) -> list[str]:
    labels, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == ".":
            labels.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    labels.append("".join(current))
    return labels


def _a_labels(text: str) -> str:
    # Label by label, so that Route53's escapes in the other labels keep their own meaning; the
    # codec is the one dnspython's zone-file reader applies to the same text (:data:`IDNA`).
    return ".".join(
        label if label.isascii() or not label else IDNA.encode(label).decode("ascii") for label in _split_labels(text)
    )


def from_route53(
    text: str, origin: dns.name.Name | None = None, shared: dict[bytes, bytes] | None = None
) -> dns.name.Name:
    """Decode a Route53 owner name (octal escapes; trailing dot optional) into an absolute name.

    A name without a trailing dot is taken as fully qualified (AWS treats it so), unless it is
    not under ``origin`` and ``origin`` is given, in which case it is made relative to ``origin``
    only if it has no dot at all (``www`` in a CloudFormation template). Case is folded.

    A name written in international characters (``café.example.com``, never in Route53's own
    answers, which are ASCII) becomes its punycode A-labels under IDNA 2008, as the zone-file
    reader does (:data:`IDNA`; Route53 developer guide, "DNS domain name format"; RFC 5890).

    ``shared`` holds the labels earlier names of the same read were made of: a label spelled alike
    is taken from it instead of kept once per name (the zone's own labels are in every owner name:
    3 MiB of a read of 50,000 record sets), and new ones are added.

    Raises ``ValueError`` for an empty label, a backslash and digits that are not Route53's octal
    escape (``\\999``), or a label over 63 bytes (from dnspython), and
    :class:`InternationalNameError` for a label IDNA 2008 does not allow (fullwidth letters,
    zero-width joiners, right-to-left overrides).
    """
    text = text.strip()
    if text in ("", "."):
        return dns.name.root
    if "\\" in text:
        _check_escapes(text)
    if not text.isascii():
        text = _a_labels(text)
    if text.endswith(".") and not text.endswith("\\."):
        text = text[:-1]
    if "\\" in text:
        labels = [_label_bytes(lab).lower() for lab in _split_labels(text)]
    else:  # the common case: no escapes, so no per-character scan (a zone has thousands of names)
        labels = text.encode("utf-8").lower().split(b".")  # bytes.lower folds ASCII only, as DNS does
    if b"" in labels:
        raise ValueError(f"empty label in {text!r}")
    if shared is not None:
        labels = [shared.setdefault(label, label) for label in labels]
    name = dns.name.Name([*labels, b""])
    check_a_labels(name)
    if origin is not None and len(labels) == 1 and not name.is_subdomain(origin):
        name = dns.name.Name(labels[:1] + list(origin.labels))
    return name


# Bytes dnspython prints as they are in a label (it escapes only ``"().;\\@$``, spaces and
# bytes outside printable ASCII): no dot, since it is matched against the labels joined.
_PLAIN = re.compile(rb"[A-Za-z0-9_*-]*")


def text(name: dns.name.Name, omit_final_dot: bool = False) -> str:
    """``name.to_text(omit_final_dot)``: the presentation format (RFC 1035 section 5.1).

    Why not call dnspython directly: it escapes character by character in Python, the largest cost
    of a plan of 10,000 record sets. A name whose labels hold only letters, digits, ``-``, ``_``
    and ``*`` (nearly every host name) has nothing to escape, so its labels are joined as they are;
    any other name is dnspython's. Equal to dnspython for every name (a property test checks).
    """
    labels = name.labels
    if len(labels) > 1 and _PLAIN.fullmatch(b"".join(labels)):
        if omit_final_dot and labels[-1] == b"":
            labels = labels[:-1]
        return b".".join(labels).decode("ascii")
    return name.to_text(omit_final_dot=omit_final_dot)


Key = tuple[bytes, ...]


def is_under(name: dns.name.Name, zone: dns.name.Name) -> bool:
    """``name.is_subdomain(zone)`` (the zone's apex included) by comparing label keys: reading a
    zone asks it of every owner name, and dnspython compares label by label in Python."""
    zone_labels = zone.labels
    tail = name.labels[-len(zone_labels) :]
    # Spelled alike (names read from Route53 are lower case): equal without folding case.
    return tail == zone_labels or tuple(label.lower() for label in tail) == key(zone)


def key(name: dns.name.Name) -> Key:
    """A cheap dictionary key for ``name``: its labels, case-folded. Two names have equal keys
    exactly when they are equal names (DNS names compare without case, RFC 4343).

    Why: ``dns.name.Name`` hashes by lower-casing every label on every call, and compares label
    by label; a tuple of ``bytes`` (which cache their hash) costs almost nothing to look up, which
    matters when a zone of 10,000 record sets goes through several indexes. A label already in
    lower case is its own key: no copy of it per name (5 MiB at 50,000 record sets), and a name
    with no upper-case letter (every name read from Route53) is keyed by its own tuple of labels
    (3.6 MiB more).
    """
    labels = name.labels
    if b"".join(labels).islower():  # a letter, and none upper case: every label is its own key
        return labels
    return tuple([label if label.islower() else label.lower() for label in labels])


def to_cloudflare(name: dns.name.Name) -> str:
    """The FQDN Cloudflare's API uses: no final dot, ``*`` for a wildcard label.

    Raises ``ValueError`` for a label Cloudflare cannot hold (bytes outside printable ASCII,
    which only an escape could express).
    """
    return cloudflare_text(text(name))


def cloudflare_text(text: str) -> str:
    """:func:`to_cloudflare` for a name already rendered by :func:`text` (absolute,
    final dot included): the final dot dropped, except for the root (``.``), as dnspython's
    ``omit_final_dot`` does. Raises ``ValueError`` as :func:`to_cloudflare` does."""
    if "\\" in text:
        raise ValueError(f"{text} has characters Cloudflare cannot store in a name{_punycode_hint(text)}")
    return text[:-1] if len(text) > 1 and text.endswith(".") else text


def _punycode_hint(text: str) -> str:
    # Bytes that spell international characters in UTF-8 (a Route53 escape like caf\\303\\251)
    # are not how a name holds them: their punycode form is what the user meant to write.
    try:
        labels = [label.decode("utf-8") for label in dns.name.from_text(text).labels]
        unicode = ".".join(labels)
        if unicode.isascii():
            return ""
        punycode = dns.name.from_unicode(unicode, idna_codec=IDNA).to_text()
    except (UnicodeDecodeError, ValueError, dns.exception.DNSException):
        return ""
    return f" (it spells {unicode} in UTF-8; an international name is written in punycode: {punycode})"


def is_underscore(name: dns.name.Name, zone: dns.name.Name) -> bool:
    """Whether any label below the zone apex starts with ``_`` (service and policy names,
    RFC 8552: ``_dmarc``, ``_domainkey``, ``_sip._tls``, ACM validation)."""
    rel = name.relativize(zone)
    return any(lab.startswith(b"_") for lab in rel.labels)


_HOSTED_ZONE_ID = re.compile(r"(?:/hostedzone/)?([A-Z0-9]{1,32})")


def hosted_zone_id(text: object) -> str:
    """A Route53 hosted-zone id as a file, a setting or an option gives it (``Z0EXAMPLE...``, or
    ``/hostedzone/Z0EXAMPLE...`` as the API returns it), bare. Route53 ids are upper-case letters
    and digits (Route53 API reference, ``HostedZone.Id``; 32 characters at most, ``ResourceId``).
    Raises ``ValueError`` with the reason for anything else, so that an id never becomes part of
    a path (``backups/<zone>-<id>/``) or a request unchecked."""
    if not isinstance(text, str):
        raise ValueError(f"a hosted-zone id must be a string, not {type(text).__name__}")
    match = _HOSTED_ZONE_ID.fullmatch(text)
    if match is None:
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise ValueError(
            f"{shown!r} is not a Route53 hosted-zone id (upper-case letters and digits, optionally after /hostedzone/)"
        )
    return match.group(1)


def zone_name(text: Any) -> dns.name.Name:
    """A zone's name as a user or a file gives it (``example.com``, trailing dot optional) as an
    absolute name. Raises ``ValueError`` with the reason when it is not one: not a string, empty,
    the root, an empty label (``bad..zone``), a label over 63 bytes (RFC 1035 section 2.3.4), or
    characters Cloudflare cannot store in a name (a space, ``@``)."""
    if not isinstance(text, str):
        raise ValueError(f"a zone name must be a string, not {json.dumps(text)}")
    try:
        name = from_route53(text)
        to_cloudflare(name)
    except dns.name.LabelTooLong:
        raise ValueError(f"{text!r} is not a zone name: a label is longer than 63 bytes") from None
    except dns.name.NameTooLong:
        raise ValueError(f"{text!r} is not a zone name: it is longer than 255 bytes") from None
    except InternationalNameError as exc:
        raise ValueError(f"{shown(text)} is not a zone name: {exc}") from None
    except ValueError as exc:
        reason = "it has an empty label" if "empty label" in str(exc) else "it has characters Cloudflare cannot store"
        raise ValueError(f"{text!r} is not a zone name: {reason}") from None
    if name == dns.name.root:
        raise ValueError(f"{text!r} is not a zone name: it is empty")
    return name
