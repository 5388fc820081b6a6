"""Render a :class:`~migration.plan.Plan` as a pull-request comment (``plan --format markdown``).

Layout, top to bottom: a hidden marker (so CI can update its own comment instead of adding one per
push), the headline (ready or blocked), the hosted-zone deletion, the scope, a summary table with
one row per phase, what needs attention (refusals, errors, stale DKIM selectors, deletions: never
folded; :mod:`migration.report_attention`), warnings, then the changes and record sets, each
folded in ``<details>`` when long. Markdown is GitHub Flavored Markdown (https://github.github.com/gfm/):
cells escape ``|``, values sit in code spans so ``<``, ``*`` and ``_`` in DNS text stay literal.

Nothing secret is printed: resource inputs other than the DNS name, type, TTL, proxy status and
value (the Cloudflare account id, for one) never appear, and the CLI redacts the API token from
everything it writes (:mod:`migration.secrets`).
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, Sequence

from . import apply_cost, report_attention, report_email
from .model import CloudflareRecord
from .plan import PhaseSummary, Plan
from .resources import PlannedResource
from .settings import PHASES

# Rows of a table shown open; longer tables are folded into <details>.
FOLD_AFTER = 10
# GitHub refuses comments over 65,536 characters: a table stops after this many rows and says
# how many it left out (the JSON form has them all).
MAX_ROWS = 300
# A TXT value (a DKIM key) can run to 2,048 characters: cells show the start and the length.
MAX_VALUE_CHARS = 100

# Summary columns: (heading, key of Plan.counts()). Kept in one place so a phase row and the
# totals can never disagree on order.
SUMMARY_COLUMNS = (
    ("create", "create"),
    ("adopt", "adopt"),
    ("update", "update"),
    ("delete", "delete"),
    ("skip", "skipped"),
    ("refuse", "refused"),
    ("error", "errors"),
    ("warn", "warnings"),
)


def comment_marker(stack: str) -> str:
    """The hidden HTML comment that starts every plan comment of ``stack``; CI searches for it to
    edit its previous comment in place."""
    return f"<!-- dns-migration-plan stack={stack} -->"


def cell(text: str) -> str:
    """A table cell's text: ``|`` escaped, line breaks flattened (GFM tables are one line a row)."""
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def code(text: str) -> str:
    """``text`` as a code span safe inside a table cell: long values are cut to
    :data:`MAX_VALUE_CHARS` with their length, and a backtick in the text gets a longer fence."""
    if len(text) > MAX_VALUE_CHARS:
        text = f"{text[:MAX_VALUE_CHARS]}… ({len(text)} characters)"
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return cell(f"{fence}{pad}{text}{pad}{fence}") if text else ""


def _table(headers: list[str], rows: Iterable[list[str]], count: int) -> list[str]:
    """A table of the first :data:`MAX_ROWS` of ``rows`` (``count`` in all): only those are
    made, so a zone of 50,000 record sets does not render 50,000 rows to show 300."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(r) + " |" for r in islice(rows, MAX_ROWS)]
    if count > MAX_ROWS:
        lines += ["", f"_{count - MAX_ROWS} more rows not shown: see `--format json`._"]
    return lines


def _section(title: str, headers: list[str], count: int, rows: Iterable[list[str]]) -> list[str]:
    """A titled table of ``count`` rows, folded when it has more than :data:`FOLD_AFTER`."""
    if not count:
        return []
    table = _table(headers, rows, count)
    if count <= FOLD_AFTER:
        return [f"### {title} ({count})", "", *table, ""]
    # A blank line after <summary> lets GitHub render the Markdown table inside the HTML block.
    return ["<details>", f"<summary><strong>{title} ({count})</strong></summary>", "", *table, "", "</details>", ""]


def summary_rows(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> list[tuple[str, dict[str, int]]]:
    """One ``(phase, counts)`` row per phase: every phase of ``journey`` (the same stack's phases
    summarised, :class:`migration.plan.PhaseSummary`, in order) with the stack's own phase in bold, or the stack's one phase."""
    if not journey:
        return [(plan.settings.phase, plan.counts())]
    return [
        (
            f"**{p.settings.phase}** (this stack)" if p.settings.phase == plan.settings.phase else p.settings.phase,
            plan.counts() if p.settings.phase == plan.settings.phase else p.counts(),
        )
        for p in journey
    ]


def record_value(record: CloudflareRecord) -> str:
    """A record's value as the plan's tables show it: the content (an MX's priority before it),
    or the structured data as ``field=value`` pairs."""
    if record.content is not None:
        return f"{record.priority} {record.content}" if record.priority is not None else record.content
    if record.data is not None:
        return " ".join(f"{k}={v}" for k, v in record.data)
    return ""


def _records_rows(resources: Iterable[PlannedResource]) -> Iterator[list[str]]:
    for r in resources:
        rec = r.record
        assert rec is not None  # the caller passes DNS records only
        yield [
            code(rec.name),
            rec.type,
            str(rec.ttl),
            "proxied" if rec.proxied else "DNS-only",
            code(record_value(rec)),
        ]


def _other_rows(resources: Iterable[PlannedResource]) -> Iterator[list[str]]:
    return (
        [
            cell(r.subject),
            code(r.type),
            code(r.import_id or ""),
            ("yes" if r.protect else "no") + (", retained on delete" if r.retain_on_delete else ""),
        ]
        for r in resources
    )


def _email(plan: Plan) -> list[str]:
    """The Email section: SES identities, every DKIM selector with its state, MAIL FROM, notes."""
    email = plan.email
    out = ["### Email", ""]
    out += [f"- SES identity {cell(report_email.identity_line(i))}" for i in email.identities]
    out += [f"- {cell(n)}" for n in email.notes]
    out.append("")
    selectors = [[r[0], code(r[1]), r[2], r[3], cell(r[4])] for r in report_email.selector_rows(email)]
    out += (
        ["#### DKIM selectors", "", *_table(report_email.SELECTOR_HEADERS, selectors, len(selectors)), ""]
        if selectors
        else ["No DKIM selectors.", ""]
    )
    mail_from = [[code(r[0]), *(cell(c) for c in r[1:])] for r in report_email.mail_from_rows(email)]
    if mail_from:
        out += ["#### MAIL FROM", "", *_table(report_email.MAIL_FROM_HEADERS, mail_from, len(mail_from)), ""]
    return out


def render(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> str:
    """The Markdown document for a pull-request comment (ends with a newline). ``journey``, the
    summary of the same stack's every phase, adds a summary row per phase and, folded, what the later
    phases delete, so a reviewer sees the whole move in one comment."""
    zone = plan.snapshot.zone.to_text(omit_final_dot=True)
    stack = plan.settings.stack
    totals = plan.counts()
    out = [comment_marker(stack), f"## DNS migration plan: `{zone}`", ""]
    if plan.blocked:
        out.append(
            f"**⛔ Blocked**: {totals['refused']} record set(s) refused, {totals['errors']} error(s). "
            "Nothing may be applied until they are fixed."
        )
    elif warned := report_attention.warning_count(plan, journey):
        out.append(
            f"**✅ READY, {warned} (below)**: nothing refused, no errors; review the warnings and the changes, "
            "then `pulumi preview` and `pulumi up`."
        )
    else:
        out.append("**✅ Nothing refused**: review the changes, then `pulumi preview` and `pulumi up`.")
    deletion = report_attention.hosted_zone_deletion(plan, journey)
    if deletion:
        out += ["", f"**⚠️ {cell(deletion)}**"]
    out += [
        "",
        f"Stack `{stack}` · hosted zone `{plan.snapshot.hosted_zone_id or 'unknown'}` · "
        f"{totals['recordSets']} record sets → {totals['cloudflareRecords']} Cloudflare records",
        "",
    ]
    out += [f"Scope: {report_attention.scope(plan, journey)}.", ""]
    out += [apply_cost.estimate(plan.resources).summary(), ""]

    out += ["| phase | " + " | ".join(h for h, _ in SUMMARY_COLUMNS) + " |", "|---|" + "---:|" * len(SUMMARY_COLUMNS)]
    for phase, counts in summary_rows(plan, journey):
        out.append(f"| {phase} | " + " | ".join(str(counts[k]) for _, k in SUMMARY_COLUMNS) + " |")
    out.append("")

    attention = report_attention.items(plan, journey)
    if attention:
        out += [f"### Needs attention ({len(attention)})", ""]
        for item in attention:
            where = f" (phase {item.phase})" if item.phase else ""
            subjects = ", ".join(code(s) for s in item.subjects)
            out.append(f"- **{item.kind}** {subjects}{where}: {cell(item.message)}")
        out.append("")
    warnings = report_attention.warnings(plan, journey)
    out += _section(
        "Warnings",
        ["record set", "code", "message"],
        len(warnings),
        ([code(f.subject) + (f" (phase {phase})" if phase else ""), f.code, cell(f.message)] for phase, f in warnings),
    )
    notes = [f for f in plan.findings if f.severity == "info"]
    out += _section("Notes", ["subject", "message"], len(notes), ([code(f.subject), cell(f.message)] for f in notes))

    out += _email(plan)

    for action, verb in (("create", "create"), ("adopt", "adopt"), ("update", "update"), ("delete", "delete")):
        chosen = [r for r in plan.resources if r.action == action]
        records = [r for r in chosen if r.record is not None]
        others = [r for r in chosen if r.record is None]
        out += _section(
            f"Cloudflare records to {verb}",
            ["name", "type", "ttl", "proxy", "value"],
            len(records),
            _records_rows(records),
        )
        out += _section(
            f"Other resources to {verb}", ["what", "type", "import id", "protected"], len(others), _other_rows(others)
        )

    later = [p for p in journey if PHASES.index(p.settings.phase) > PHASES.index(plan.settings.phase)]
    for p in later:
        out += _section(
            f"Later, phase {p.settings.phase} deletes",
            ["what", "type", "import id", "protected"],
            p.counts()["delete"],
            _other_rows(p.deleted()),
        )

    skipped = [o for o in plan.translation.outcomes if o.status == "skipped"]
    out += _section(
        "Record sets skipped",
        ["record set", "reason"],
        len(skipped),
        ([code(o.record_set.label), cell(o.reason)] for o in skipped),
    )
    translated = [o for o in plan.translation.outcomes if o.status == "translated"]
    out += _section(
        "Record sets translated",
        ["record set", "records", "how"],
        len(translated),
        (
            [
                code(o.record_set.label),
                str(len(o.records)),
                cell(o.reason or (f"merged into {o.merged_into}" if o.merged_into else "copied")),
            ]
            for o in translated
        ),
    )
    out.append(
        f"<sub>Made by `python -m migration plan --stack {stack} --format markdown`; "
        "`--format json` has every value in full.</sub>"
    )
    return "\n".join(out) + "\n"
