"""Record sets from a BIND zone file (RFC 1035 section 5), including the ``cli53 export`` dialect.

The zone-file syntax (``$ORIGIN``, ``$TTL``, TTL units like ``1h``, parentheses, owner-less lines,
relative names, decimal ``\\DDD`` escapes) is dnspython's zone parser's job. ``cli53 export``
(github.com/barnybug/cli53) adds two things dnspython does not read, handled here line by line:

* alias lines ``NAME TTL AWS ALIAS TYPE TARGET HOSTEDZONEID EVALUATE`` (``$self``: this zone);
* routing in a trailing comment: ``; AWS routing="WEIGHTED" weight=1 identifier="One"``
  (also ``region``, ``failover``, ``countryCode``, ``continentCode``, ``healthCheckId``).

cli53 writes every such line with its owner and TTL, so each is parsed on its own with dnspython
(``dns.rdata.from_text``) and the rest of the file goes through dnspython's zone-file reader.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Any

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rdtypes.txtbase
import dns.tokenizer
import dns.ttl
import dns.zonefile

from ..errors import InputError
from ..model import TTL_LARGEST, AliasTarget, Finding, RecordSet, Routing, Snapshot, repeat_problems, ttl_problem
from ..names import InternationalNameError, check_a_labels, check_rdata_names, to_cloudflare
from ..secrets import excerpt
from . import files
from .route53_json import WEIGHT_RANGE

_ROUTING_COMMENT = re.compile(r";\s*AWS\s+(routing=.*)$")
# What cli53 export writes for an alias record set (its own syntax, one line).
_CLI53_ALIAS = "a cli53 alias is 'NAME TTL AWS ALIAS TYPE TARGET ZONE-ID true|false'"
_PAIR = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))')
_GENERATE = re.compile(r"\$GENERATE\s+(\d{1,4000})-(\d{1,4000})(?:/(\d{1,4000}))?(?:\s|$)", re.IGNORECASE)
# The most records the $GENERATE lines of one zone file may make, together (and so each line).
# dnspython expands a range into memory before anything can be checked ($GENERATE 1-99999999 ran
# to gigabytes): the range is counted first. 100,000 is far above the largest record quota
# Cloudflare publishes for a zone (3,500 on paid plans, model.PLAN_RECORD_LIMITS) and reads in
# seconds; a larger zone is written out record by record.
GENERATE_MAX = 100_000
_ORIGIN = re.compile(r"^\$ORIGIN\s+(\S+)", re.IGNORECASE | re.MULTILINE)
# cli53's routing names -> the policy names of :class:`~migration.model.Routing`.
_POLICIES = {
    "WEIGHTED": "weighted",
    "LATENCY": "latency",
    "FAILOVER": "failover",
    "GEOLOCATION": "geolocation",
    "GEOPROXIMITY": "geoproximity",
    "CIDR": "cidr",
    "MULTIVALUE": "multivalue",
}


def looks_like_zone_file(text: str, suffix: str) -> bool:
    """Whether a source file is a zone file rather than JSON: by extension (``.json`` never is),
    else by content (JSON starts with ``{`` or ``[``)."""
    if suffix.lower() == ".json":
        return False
    return not text.lstrip().startswith(("{", "["))


def _lower(name: dns.name.Name) -> dns.name.Name:
    # Route53 folds owner names to lower case; a zone file may not have.
    return dns.name.Name([label.lower() for label in name.labels])


def _owner(text: str, origin: dns.name.Name) -> dns.name.Name:
    return origin if text == "@" else _lower(dns.name.from_text(text, origin=origin))


def _routing(comment: str, line: str, line_no: int, problems: list[str]) -> Routing | None:
    """The routing of a cli53 comment (``routing="WEIGHTED" weight=1 identifier="One"``), or
    ``None`` with the problem (the line, its text and the reason) appended to ``problems``."""
    pairs = {m.group(1): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _PAIR.finditer(comment)}
    policy = _POLICIES.get(pairs.pop("routing", "").upper())
    if policy is None:
        problems.append(f"line {line_no}: unknown cli53 routing comment {excerpt(comment)}")
        return None
    identifier = pairs.pop("identifier", None)
    health = pairs.pop("healthCheckId", None)
    weight = pairs.get("weight")
    if weight is not None:
        low, high = WEIGHT_RANGE
        if not weight.isdecimal() or not low <= int(weight) <= high:
            problems.append(
                f"line {line_no}: cannot read {excerpt(line)}: weight {excerpt(weight)} is not a whole number "
                f"from {low} to {high} (Route53 API reference, ResourceRecordSet)"
            )
            return None
        pairs["weight"] = int(weight)
    detail = tuple((key[0].upper() + key[1:], value) for key, value in pairs.items())
    return Routing(set_identifier=identifier, policy=policy, detail=detail, health_check_id=health)


def _generate_problem(line: str, line_no: int, made: int) -> tuple[int, str | None]:
    """How many records the ``$GENERATE`` line ``line`` makes (``0`` for a range dnspython is left
    to refuse with its reason), and the problem when that, or the ``made`` by the file's earlier
    ``$GENERATE`` lines plus it, is over :data:`GENERATE_MAX` (else ``None``)."""
    match = _GENERATE.match(line)
    if match is None:
        return 0, None
    start, stop = int(match[1]), int(match[2])
    step = int(match[3]) if match[3] is not None else 1
    shown = excerpt(line.strip())
    if step == 0:
        return 0, f"line {line_no}: cannot read {shown}: the step of a $GENERATE range must be 1 or more"
    if start > stop:
        return 0, None  # dnspython's "start must be <= stop"
    count = (stop - start) // step + 1
    if count > GENERATE_MAX:
        return count, (
            f"line {line_no}: {shown} would make {count:,} records; a $GENERATE line may make at most "
            f"{GENERATE_MAX:,}: split the range, or write the records out"
        )
    if made + count > GENERATE_MAX:
        return count, (
            f"line {line_no}: {shown} would bring the records made by this file's $GENERATE lines to "
            f"{made + count:,}; a zone file's $GENERATE lines may make at most {GENERATE_MAX:,} in all"
        )
    return count, None


def _dialect_line(
    line: str, line_no: int, origin: dns.name.Name, hosted_zone_id: str | None, problems: list[str]
) -> tuple[tuple[Any, ...], Any] | None:
    """Parse a cli53 alias or routing line into ``(key, value)``: ``key`` is (owner, type,
    routing, alias) and ``value`` a pair (TTL in seconds, rdata), ``None`` for an alias. The TTL
    is not part of the key: lines of one record set that give it different TTLs are one record
    set, as dnspython reads plain lines (:func:`_read_warnings`). Problems are appended."""
    routing = None
    match = _ROUTING_COMMENT.search(line)
    if match:
        routing = _routing(match.group(1), line, line_no, problems)
        if routing is None:
            return None  # the problem is told; the record set would otherwise lose its routing
        line = line[: match.start()]
    fields = line.split()
    try:
        owner = _owner(fields[0], origin)
        ttl = dns.ttl.from_text(fields[1])
        rest = fields[2:]
        if rest[:2] == ["AWS", "ALIAS"]:
            if len(rest) != 6:
                raise ValueError(f"{len(rest) - 2} fields after AWS ALIAS, not 4: {_CLI53_ALIAS}")
            rtype, target, zone_id, evaluate = rest[2:6]
            if evaluate not in ("true", "false"):
                raise ValueError(f"health flag {evaluate!r} is not true or false: {_CLI53_ALIAS}")
            alias = AliasTarget(
                hosted_zone_id=(hosted_zone_id or "") if zone_id == "$self" else zone_id,
                dns_name=_owner(target, origin),
                evaluate_target_health=evaluate == "true",
            )
            return (owner, rtype.upper(), routing, alias), None
        if rest and rest[0].upper() == "IN":
            rest = rest[1:]
        rtype = rest[0].upper()
        rdata = dns.rdata.from_text(dns.rdataclass.IN, rtype, " ".join(rest[1:]), origin=origin, relativize=False)
        return (owner, rtype, routing, None), (ttl, rdata)
    except (IndexError, ValueError, dns.exception.DNSException) as exc:
        problems.append(f"line {line_no}: cannot read {excerpt(line)}: {exc or 'missing fields'}")
        return None


class _NotingTokenizer(dns.tokenizer.Tokenizer):
    """dnspython's tokenizer that keeps the tokens it hands out since :attr:`taken` was last
    cleared: whether a TXT string was written in quotes is known only to the tokenizer."""

    def __init__(self, stream: io.StringIO) -> None:
        super().__init__(stream, "zone file")
        self.taken: list[dns.tokenizer.Token] = []

    def get(self, want_leading: bool = False, want_comment: bool = False) -> dns.tokenizer.Token:
        token = super().get(want_leading, want_comment)
        self.taken.append(token)
        return token


class _EveryRRsetTransaction(dns.zonefile.RRsetsReaderTransaction):
    """dnspython's rrset-reading transaction without the put checks its zone-file reader adds, and
    noting what its reader changes in silence.

    The reader's one check refuses a CNAME beside other data at the same owner name, with the
    line after the offending one and no name; kept, both record sets reach the planner, which
    refuses each with the owner name and Cloudflare's reason, as it does for JSON input.

    Noted per (owner, type): every TTL the file gives the record set (:attr:`ttls`: dnspython
    keeps the smallest), and the TXT or SPF values written as several strings of which one or
    more is not in quotes (:attr:`unquoted`: ``www TXT two words`` is the two strings "two"
    "words", which SPF and DKIM join with no space, RFC 7208 section 3.3)."""

    def __init__(self, manager: Any, replacement: bool, read_only: bool) -> None:
        super().__init__(manager, replacement, read_only)
        self.tokenizer: _NotingTokenizer | None = None
        self.ttls: dict[tuple[dns.name.Name, int], list[int]] = {}
        # (owner, type): (the value as written, the rdata read)
        self.unquoted: dict[tuple[dns.name.Name, int], list[tuple[str, dns.rdtypes.txtbase.TXTBase]]] = defaultdict(
            list
        )

    def check_put_rdataset(self, check: Any) -> None:
        pass

    def add(self, *args: Any) -> None:
        """The reader's ``add(name, ttl, rdata)``, noted, then added as dnspython does."""
        if len(args) == 3 and isinstance(args[2], dns.rdata.Rdata):
            name, ttl, rdata = args
            ttls = self.ttls.setdefault((name, rdata.rdtype), [])
            if ttl not in ttls:
                ttls.append(ttl)
            taken = self.tokenizer.taken if self.tokenizer is not None else []
            if isinstance(rdata, dns.rdtypes.txtbase.TXTBase) and len(rdata.strings) > 1:
                # The rdata's strings are the last string tokens the tokenizer handed out.
                written = [t for t in taken if t.is_identifier() or t.is_quoted_string()][-len(rdata.strings) :]
                if any(not t.is_quoted_string() for t in written):
                    shown = " ".join(f'"{t.value}"' if t.is_quoted_string() else t.value for t in written)
                    self.unquoted[(name, rdata.rdtype)].append((shown, rdata))
            taken.clear()
        super().add(*args)


def _read_rdatasets(
    text: str, origin: dns.name.Name, lines: list[str], problems: list[str]
) -> tuple[list[tuple[dns.name.Name, dns.rdataset.Rdataset]], _EveryRRsetTransaction]:
    """Read zone-file text with dnspython's zone-file reader, relative names under ``origin``:
    ``(owner, rdataset)`` pairs grouped by owner, in order of first appearance, and the
    transaction with its notes (:class:`_EveryRRsetTransaction`).

    dnspython's zone reader silently skips owner names outside its zone (a stray
    ``www.example.org.``, a second ``$ORIGIN`` block), and nothing may be dropped unseen: the
    reader here accepts every name (its zone origin is the root, as ``dns.zonefile.read_rrsets``
    does it) and the caller checks each against ``origin``.

    dnspython's reader stops at the first line it cannot read. Each such line is appended to
    ``problems`` (``line N: cannot read <excerpt>: <reason>``, the line quoted only as
    :func:`migration.secrets.excerpt` allows) and reading resumes on the next line with the same
    reader (its ``$ORIGIN``, ``$TTL`` and last owner name kept), so one run reports every bad line;
    each line is read once, so this stays linear in the file's size."""
    manager = dns.zonefile.RRSetsReaderManager(origin, False, dns.rdataclass.IN)
    stream = io.StringIO(text)
    # Where each line starts in ``text`` (lines counted as the tokenizer counts them, by "\n").
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    with _EveryRRsetTransaction(manager, True, False) as txn:
        txn.tokenizer = _NotingTokenizer(stream)
        reader = dns.zonefile.Reader(txn.tokenizer, dns.rdataclass.IN, txn, allow_include=False)
        reader.zone_origin = dns.name.root  # accept every name; see above
        first = 1  # the line the current tokenizer started on
        while True:
            try:
                reader.read()
                break
            except (dns.exception.DNSException, ValueError, KeyError) as exc:
                tokenizer = reader.tok
                line_no = max(first, _bad_line(tokenizer, lines))
                text_of_line = lines[line_no - 1] if line_no <= len(lines) else ""
                shown = f" {excerpt(text_of_line)}" if text_of_line.strip() else ""
                reason = re.sub(r"^zone file:\d+: ", "", str(exc)) or type(exc).__name__
                reason = _ttl_as_type(files.plain_reason(reason))
                problems.append(
                    _directive_problem(line_no, text_of_line, reason) or f"line {line_no}: cannot read{shown}: {reason}"
                )
                first = line_no + 1
                if tokenizer.multiline:
                    # Inside parentheses: the record goes on to the line that closes them.
                    first = next((n for n in range(line_no, len(lines) + 1) if ")" in lines[n - 1]), len(lines)) + 1
                if first > len(starts) - 1:
                    break
                stream.seek(starts[first - 1])
                reader.tok = txn.tokenizer = _NotingTokenizer(stream)
                reader.tok.line_number = first
    by_owner: dict[dns.name.Name, list[dns.rdataset.Rdataset]] = defaultdict(list)
    for rrset in manager.rrsets:
        by_owner[rrset.name].append(rrset)
    return [(name, rds) for name, group in by_owner.items() for rds in group], txn


def _read_warnings(
    label: str, ttls: list[int], unquoted: list[tuple[str, dns.rdtypes.txtbase.TXTBase]]
) -> list[Finding]:
    """The warnings of one record set (``label``) read from a zone file: the TTLs written for it
    (more than one: dnspython serves the smallest) and its TXT or SPF values written as several
    strings, one or more without quotes."""
    found = []
    if len(ttls) > 1:
        written = ", ".join(str(ttl) for ttl in ttls[:-1]) + f" and {ttls[-1]}"
        found.append(
            Finding(
                "warning",
                "zone-file-ttls-differ",
                label,
                f"the zone file gives this record set the TTLs {written}: it is read with {min(ttls)}, the "
                "smallest (the records of one set have one TTL, RFC 2181 section 5.2); write one TTL on "
                "each of its lines",
            )
        )
    for shown, rdata in unquoted:
        found.append(
            Finding(
                "warning",
                "zone-file-txt-unquoted",
                label,
                f"the value {shown[:60]} is not all in quotes: it is read as {len(rdata.strings)} strings "
                f"{rdata.to_text()[:60]}, which SPF and DKIM join with no space (RFC 7208 section 3.3); to "
                'keep a space inside one string, write it in quotes ("two words")',
            )
        )
    return found


# What each directive needs (RFC 1035 section 5.1: $ORIGIN, $INCLUDE; RFC 2308 section 4: $TTL;
# BIND's $GENERATE, which dnspython reads too).
_DIRECTIVE_SYNTAX = {
    "$ORIGIN": "$ORIGIN needs one domain name, e.g. '$ORIGIN example.com.'",
    "$TTL": "$TTL needs one TTL, in seconds or with units, e.g. '$TTL 300' or '$TTL 1h'",
    "$GENERATE": "$GENERATE needs RANGE OWNER [TTL] [CLASS] TYPE VALUE, e.g. '$GENERATE 1-10 host$ A 192.0.2.$'",
}


# dnspython's reason for a record with no TTL in a file with no $TTL before it, in the user's terms.
_NO_TTL = (
    "the record has no TTL and no $TTL line comes before it: add '$TTL <seconds>' at the top of the file "
    "(RFC 2308 section 4) or a TTL on the line"
)


def _ttl_as_type(reason: str) -> str:
    """dnspython's reason for a TTL of 2**32 or more, which it then tries as a type
    (``unknown rdatatype '4294967296'``), as the TTL problem it is, and its 'Missing default TTL
    value' as what to do about it; any other reason unchanged."""
    if reason == "Missing default TTL value":
        return _NO_TTL
    found = _NUMBER_AS_TYPE.fullmatch(reason)
    if found and int(found.group(1)) > TTL_LARGEST:
        return f"TTL {found.group(1)} is above {TTL_LARGEST} seconds, the largest RFC 2181 (section 8) allows"
    return reason


_NUMBER_AS_TYPE = re.compile(r"unknown rdatatype '([0-9]{1,100})'")


def _directive_problem(line_no: int, line: str, reason: str) -> str | None:
    """The problem of a directive line (``$WORD ...``) dnspython's reader refused, with its real
    reason, or ``None`` for another line. ``$INCLUDE`` (RFC 1035 section 5.1) reads another
    file: refused whatever it names (only the file given is read, and its path rules apply to
    no other); the line is not quoted, so nothing it names is shown."""
    fields = line.split()
    word = fields[0].upper() if fields and fields[0].startswith("$") else ""
    if word == "$INCLUDE":
        return (
            f"line {line_no}: $INCLUDE reads another file, which is not supported (only the file given "
            "is read): copy the included records into this file"
        )
    if word in _DIRECTIVE_SYNTAX:
        shown = excerpt(line)
        return f"line {line_no}: cannot read {shown}: {reason.rstrip('.')}; {_DIRECTIVE_SYNTAX[word]}"
    if word and word not in ("$UNICODE",):
        known = ", ".join(sorted(_DIRECTIVE_SYNTAX))
        named = excerpt(fields[0])
        if not named.startswith("'"):  # dnspython's reason repeats the word: not shown either
            return f"line {line_no}: cannot read {named}: an unknown directive"
        return f"line {line_no}: unknown directive {named}: a zone file knows {known} and $INCLUDE (not supported)"
    return None


def _bad_line(tokenizer: dns.tokenizer.Tokenizer, lines: list[str]) -> int:
    """The line dnspython's reader failed on. Its message counts a newline it has read and pushed
    back (after the last token of a bad line), met inside quotes, or read as the end of a line
    too short (``$ORIGIN`` alone, an owner with nothing after it) as the next line; past the end
    or on a blank line, the tokenizer has read beyond the bad line: step back."""
    taken = getattr(tokenizer, "taken", None) or [None]
    ended = taken[-1] is not None and taken[-1].is_eol() and tokenizer.ungotten_char != "\n"
    line_no = tokenizer.where()[1] - (tokenizer.ungotten_char == "\n" or bool(tokenizer.quoting) or ended)
    while line_no > 1 and (line_no > len(lines) or not lines[line_no - 1].strip()):
        line_no -= 1
    return line_no


def record_sets_from_text(
    text: str, origin: dns.name.Name, source: str, hosted_zone_id: str | None = None
) -> tuple[RecordSet, ...]:
    """Every record set of a zone file, in order of first appearance: the file's own records
    (through dnspython), then cli53's alias and routing lines. Raises :class:`InputError` with
    the line and dnspython's reason for text it cannot read, or a name outside ``origin``."""
    return _record_sets_and_warnings(text, origin, source, hosted_zone_id)[0]


def _doubled_zone_names(record_set: RecordSet, origin: dns.name.Name) -> list[Finding]:
    """A warning for each name of ``record_set`` (its owner, or a value's target, exchange or
    replacement) that ends in the zone's name twice, as ``www.example.com`` written without its
    final dot reads (a name without one is relative to $ORIGIN, RFC 1035 section 5.1)."""
    if origin == dns.name.root:
        return []
    twice = dns.name.Name(origin.labels[:-1] + origin.labels)
    names = [("owner name", record_set.name)] + [
        ("value", getattr(rdata, field))
        for rdata in record_set.rdatas
        for field in ("target", "exchange", "replacement")
        if isinstance(getattr(rdata, field, None), dns.name.Name)
    ]
    return [
        Finding(
            "warning",
            "zone-file-name-doubled",
            record_set.label,
            f"the {what} {name.to_text()} ends in the zone's name twice: written "
            f"'{name.relativize(origin).to_text()}' without a final dot, it is relative to the zone "
            f"(RFC 1035 section 5.1); end it with a dot if {name.relativize(origin).to_text()}. is meant",
        )
        for what, name in dict.fromkeys(names)
        if name.is_subdomain(twice)
    ]


def _a_label_problem(name: dns.name.Name, rdatas: Any) -> str | None:
    """Why the owner ``name`` or a name in one of ``rdatas`` has a label starting with ``xn--``
    that is not a valid A-label (:func:`migration.names.check_a_labels`), else ``None``.
    dnspython reads such ASCII labels as they are, without its IDNA codec."""
    try:
        check_a_labels(name)
        for rdata in rdatas:
            check_rdata_names(rdata)
    except InternationalNameError as exc:
        return str(exc)
    return None


def _record_sets_and_warnings(
    text: str, origin: dns.name.Name, source: str, hosted_zone_id: str | None = None
) -> tuple[tuple[RecordSet, ...], tuple[Finding, ...]]:
    """:func:`record_sets_from_text` and the warnings of what the reader changed in silence
    (:func:`_read_warnings`)."""
    problems: list[str] = []
    plain_lines: list[str] = []
    dialect: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    generated = 0  # records the $GENERATE lines so far make
    for line_no, line in enumerate(text.splitlines(), start=1):
        count, too_many = _generate_problem(line, line_no, generated) if "$" in line else (0, None)
        generated += 0 if too_many else count
        if too_many:
            problems.append(too_many)
            plain_lines.append("")  # never expanded
        elif re.match(r"\s*\$UNICODE\b", line, re.IGNORECASE):
            # dnspython's directive that switches its IDNA codec: one rule holds for every input.
            problems.append(
                f"line {line_no}: $UNICODE is not read: international names are IDNA 2008 in every input "
                "(docs/route53-features.md, International names)"
            )
            plain_lines.append("")
        elif re.search(r"\sAWS\s+ALIAS\s", line) or _ROUTING_COMMENT.search(line):
            parsed = _dialect_line(line, line_no, origin, hosted_zone_id, problems)
            if parsed:
                dialect[parsed[0]].append(parsed[1])
            plain_lines.append("")  # keep line numbers of dnspython's messages right
        else:
            plain_lines.append(line)
    rdatasets, notes = _read_rdatasets("\n".join(plain_lines) + "\n", origin, text.splitlines(), problems)
    found = []
    warnings: list[Finding] = []
    a_labels = re.search("xn--", text, re.IGNORECASE) is not None  # else no name needs the check
    for name, rds in rdatasets:
        rtype = dns.rdatatype.to_text(rds.rdtype)
        if not name.is_subdomain(origin):
            problems.append(f"{_lower(name).to_text()} {rtype}: the name is outside the zone {origin.to_text()}")
        elif too_large := ttl_problem(f"{_lower(name).to_text()} {rtype}", rds.ttl):
            problems.append(too_large)
        elif a_labels and (bad_label := _a_label_problem(name, rds)):
            problems.append(f"{_lower(name).to_text()} {rtype}: {bad_label}")
        else:
            found.append(RecordSet(name=_lower(name), rtype=rtype, ttl=rds.ttl, rdatas=tuple(rds)))
            noted = (name, rds.rdtype)
            warnings += _read_warnings(found[-1].label, notes.ttls.get(noted, []), notes.unquoted.get(noted, []))
            warnings += _doubled_zone_names(found[-1], origin)
    for (owner, rtype, routing, alias), values in dialect.items():
        rdatas = [value[1] for value in values if value is not None]
        ttls = list(dict.fromkeys(value[0] for value in values if value is not None))
        if not owner.is_subdomain(origin):
            problems.append(f"{owner.to_text()} {rtype}: the name is outside the zone {origin.to_text()}")
        elif a_labels and (
            bad_label := _a_label_problem(owner, rdatas) or (alias and _a_label_problem(alias.dns_name, []))
        ):
            problems.append(f"{owner.to_text()} {rtype}: {bad_label}")
        elif alias is not None:
            found.append(RecordSet(name=owner, rtype=rtype, alias=alias, routing=routing))
        elif too_large := ttl_problem(f"{owner.to_text()} {rtype}", min(ttls)):
            problems.append(too_large)
        else:
            found.append(
                RecordSet(name=owner, rtype=rtype, ttl=min(ttls), rdatas=tuple(dict.fromkeys(rdatas)), routing=routing)
            )
            warnings += _read_warnings(found[-1].label, ttls, [])
    problems += repeat_problems(found)  # cli53's alias and routing lines, which dnspython does not merge
    outside = f"the name is outside the zone {origin.to_text()}"
    if (
        not found
        and (away := [p for p in problems if p.endswith(outside)])
        and len(away) == len(rdatasets) + len(dialect)
    ):
        # A file of another zone (or the wrong zone named): one line, not one per record set.
        soa = next((name for name, rds in rdatasets if rds.rdtype == dns.rdatatype.SOA), None)
        held = (
            f"it holds the zone {_lower(soa).to_text()} (its SOA record)"
            if soa
            else f"the first is {away[0].split()[0]}"
        )
        problems = [p for p in problems if not p.endswith(outside)] + [
            f"none of its {len(away)} record set(s) is in the zone {origin.to_text()}: {held}; name the zone the "
            f"file holds (--zone, migration:zone), or give the file of {origin.to_text()}"
        ]
    unreadable = [p for p in problems if ": cannot read" in p]
    no_ttl = [p for p in unreadable if p.endswith(_NO_TTL)]
    if not found and len(unreadable) > 1 and len(no_ttl) * 2 < len(unreadable):
        # Not one record read, and most lines not for want of a TTL: the file is likely no zone
        # file (a JSON document, /etc/passwd), and its lines are not echoed beyond the first bad
        # one (which excerpt() already shortens).
        problems = [p for p in problems if p not in unreadable]
        problems.append(
            f"{unreadable[0].rstrip('.')}; no record could be read from the file, so it does not look like a zone "
            f"file (the {len(unreadable) - 1} other line(s) that cannot be read are not shown)"
        )
    elif len(no_ttl) > 1:
        # A zone file with no $TTL whose records give none: one line for all of them.
        grouped = f"{no_ttl[0]} (and {len(no_ttl) - 1} other line(s) for the same reason)"
        problems = [grouped if p == no_ttl[0] else p for p in problems if p not in no_ttl[1:]]
    if problems:
        raise InputError(source, problems)
    return tuple(found), tuple(warnings)


def _other_origin(text: str, origin: dns.name.Name) -> str | None:
    """Why ``text`` is a zone file of another zone than ``origin``: its first ``$ORIGIN`` is a
    name outside it (dnspython would refuse its SOA with "add() has non-origin SOA").
    ``None`` otherwise (no ``$ORIGIN``, or one under ``origin``)."""
    first = _ORIGIN.search(text)
    if first is None:
        return None
    try:
        named = _lower(dns.name.from_text(first.group(1)))
    except dns.exception.DNSException:
        return None  # the reader says what is wrong with it, with its line
    if named.is_subdomain(origin):
        return None
    line = text.count("\n", 0, first.start()) + 1
    return (
        f"line {line}: $ORIGIN {named.to_text()} is outside the zone {origin.to_text()}: "
        f"this is a zone file of another zone; give one of {origin.to_text()}"
    )


def read_text(text: str, source: str, zone: str | None = None, hosted_zone_id: str | None = None) -> Snapshot:
    """A :class:`Snapshot` from zone-file text. The zone is ``zone`` if given, else the file's
    first ``$ORIGIN``; raises :class:`InputError` when neither names it (cli53 exports have no
    ``$ORIGIN``: give ``--zone``) or the file cannot be read."""
    origin_text = zone or next(iter(_ORIGIN.findall(text)), None)
    if not origin_text:
        raise InputError(source, ["a zone file without $ORIGIN: give the zone's name (--zone)"])
    try:
        origin = dns.name.from_text(origin_text.lower())
    except dns.exception.DNSException as exc:
        raise InputError(source, [f"invalid zone name {excerpt(origin_text)}: {exc}"]) from None
    try:
        to_cloudflare(origin)
    except ValueError as exc:
        raise InputError(source, [f"the zone cannot be a Cloudflare zone: {exc}"]) from None
    other = _other_origin(text, origin)
    if other:
        raise InputError(source, [other])
    record_sets, warnings = _record_sets_and_warnings(text, origin, source, hosted_zone_id)
    if not record_sets:
        raise InputError(source, ["the zone has no record sets"])
    return Snapshot(
        zone=origin, record_sets=record_sets, hosted_zone_id=hosted_zone_id, source=source, findings=warnings
    )
