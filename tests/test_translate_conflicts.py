"""Record sets Cloudflare cannot hold at one name (migration/translate/conflicts.py): refused per
record set, with the options."""

from __future__ import annotations

import json

from tests.support.cli import run

CNAME_REASON = (
    "Cloudflare does not allow a CNAME to share its name with other records away from the apex (www.example.com. "
    "would have A from www.example.com. A; CNAME from www.example.com. CNAME). Options: remove or move the other "
    "record sets at this name; or replace the CNAME (or the alias that became one) by the target's A/AAAA values")


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
