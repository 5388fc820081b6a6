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
import dns.tokenizer
import dns.ttl
import dns.zonefile

from ..errors import InputError
from ..model import AliasTarget, RecordSet, Routing, Snapshot, ttl_problem
from ..secrets import excerpt

_ROUTING_COMMENT = re.compile(r";\s*AWS\s+(routing=.*)$")
_PAIR = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))')
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
        if not weight.isdecimal():
            problems.append(
                f"line {line_no}: cannot read {excerpt(line)}: weight {excerpt(weight)} is not a whole number"
            )
            return None
        pairs["weight"] = int(weight)
    detail = tuple((key[0].upper() + key[1:], value) for key, value in pairs.items())
    return Routing(set_identifier=identifier, policy=policy, detail=detail, health_check_id=health)


def _dialect_line(
    line: str, line_no: int, origin: dns.name.Name, hosted_zone_id: str | None, problems: list[str]
) -> tuple[tuple[Any, ...], Any] | None:
    """Parse a cli53 alias or routing line into ``(key, value)``: ``key`` is (owner, type,
    routing, alias) and ``value`` an rdata (``None`` for an alias). Problems are appended."""
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
            rtype, target, zone_id, evaluate = rest[2:6]
            alias = AliasTarget(
                hosted_zone_id=(hosted_zone_id or "") if zone_id == "$self" else zone_id,
                dns_name=_owner(target, origin),
                evaluate_target_health=evaluate == "true",
            )
            return (owner, rtype.upper(), routing, alias, None), None
        if rest and rest[0].upper() == "IN":
            rest = rest[1:]
        rtype = rest[0].upper()
        rdata = dns.rdata.from_text(dns.rdataclass.IN, rtype, " ".join(rest[1:]), origin=origin, relativize=False)
        return (owner, rtype, routing, None, ttl), rdata
    except (IndexError, ValueError, dns.exception.DNSException) as exc:
        problems.append(f"line {line_no}: cannot read {excerpt(line)}: {exc or 'missing fields'}")
        return None


class _EveryRRsetTransaction(dns.zonefile.RRsetsReaderTransaction):
    """dnspython's rrset-reading transaction without the put checks its zone-file reader adds.

    The reader's one check refuses a CNAME beside other data at the same owner name, with the
    line after the offending one and no name; kept, both record sets reach the planner, which
    refuses each with the owner name and Cloudflare's reason, as it does for JSON input."""

    def check_put_rdataset(self, check: Any) -> None:
        pass


def _read_rdatasets(
    text: str, origin: dns.name.Name, lines: list[str], problems: list[str]
) -> list[tuple[dns.name.Name, dns.rdataset.Rdataset]]:
    """Read zone-file text with dnspython's zone-file reader, relative names under ``origin``:
    ``(owner, rdataset)`` pairs grouped by owner, in order of first appearance.

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
        reader = dns.zonefile.Reader(
            dns.tokenizer.Tokenizer(stream, "zone file"), dns.rdataclass.IN, txn, allow_include=False
        )
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
                problems.append(f"line {line_no}: cannot read{shown}: {reason}")
                first = line_no + 1
                if tokenizer.multiline:
                    # Inside parentheses: the record goes on to the line that closes them.
                    first = next((n for n in range(line_no, len(lines) + 1) if ")" in lines[n - 1]), len(lines)) + 1
                if first > len(starts) - 1:
                    break
                stream.seek(starts[first - 1])
                reader.tok = dns.tokenizer.Tokenizer(stream, "zone file")
                reader.tok.line_number = first
    by_owner: dict[dns.name.Name, list[dns.rdataset.Rdataset]] = defaultdict(list)
    for rrset in manager.rrsets:
        by_owner[rrset.name].append(rrset)
    return [(name, rds) for name, group in by_owner.items() for rds in group]


def _bad_line(tokenizer: dns.tokenizer.Tokenizer, lines: list[str]) -> int:
    """The line dnspython's reader failed on. Its message counts a newline it has read and pushed
    back (after the last token of a bad line) or met inside quotes as the next line; past the end
    or on a blank line, the tokenizer has read beyond the bad line: step back."""
    line_no = tokenizer.where()[1] - (tokenizer.ungotten_char == "\n" or bool(tokenizer.quoting))
    while line_no > 1 and (line_no > len(lines) or not lines[line_no - 1].strip()):
        line_no -= 1
    return line_no


def record_sets_from_text(
    text: str, origin: dns.name.Name, source: str, hosted_zone_id: str | None = None
) -> tuple[RecordSet, ...]:
    """Every record set of a zone file, in order of first appearance: the file's own records
    (through dnspython), then cli53's alias and routing lines. Raises :class:`InputError` with
    the line and dnspython's reason for text it cannot read, or a name outside ``origin``."""
    problems: list[str] = []
    plain_lines: list[str] = []
    dialect: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for line_no, line in enumerate(text.splitlines(), start=1):
        if re.search(r"\sAWS\s+ALIAS\s", line) or _ROUTING_COMMENT.search(line):
            parsed = _dialect_line(line, line_no, origin, hosted_zone_id, problems)
            if parsed:
                dialect[parsed[0]].append(parsed[1])
            plain_lines.append("")  # keep line numbers of dnspython's messages right
        else:
            plain_lines.append(line)
    rdatasets = _read_rdatasets("\n".join(plain_lines) + "\n", origin, text.splitlines(), problems)
    found = []
    for name, rds in rdatasets:
        rtype = dns.rdatatype.to_text(rds.rdtype)
        if not name.is_subdomain(origin):
            problems.append(f"{_lower(name).to_text()} {rtype}: the name is outside the zone {origin.to_text()}")
        elif too_large := ttl_problem(f"{_lower(name).to_text()} {rtype}", rds.ttl):
            problems.append(too_large)
        else:
            found.append(RecordSet(name=_lower(name), rtype=rtype, ttl=rds.ttl, rdatas=tuple(rds)))
    for (owner, rtype, routing, alias, ttl), rdatas in dialect.items():
        if not owner.is_subdomain(origin):
            problems.append(f"{owner.to_text()} {rtype}: the name is outside the zone {origin.to_text()}")
        elif alias is not None:
            found.append(RecordSet(name=owner, rtype=rtype, alias=alias, routing=routing))
        elif too_large := ttl_problem(f"{owner.to_text()} {rtype}", ttl):
            problems.append(too_large)
        else:
            found.append(
                RecordSet(name=owner, rtype=rtype, ttl=ttl, rdatas=tuple(dict.fromkeys(rdatas)), routing=routing)
            )
    if problems:
        raise InputError(source, problems)
    return tuple(found)


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
    record_sets = record_sets_from_text(text, origin, source, hosted_zone_id)
    if not record_sets:
        raise InputError(source, ["the zone has no record sets"])
    return Snapshot(zone=origin, record_sets=record_sets, hosted_zone_id=hosted_zone_id, source=source)
