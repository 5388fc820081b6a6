"""The setting that makes a zone file the source of the stack's records after the handover.

Once ``migration:zoneFile`` makes a zone file the source (:mod:`migration.handover`), a person
edits the file between previews; the plan of the file as last applied (``--baseline``) then sets
each record's action to what ``pulumi preview`` will find (:mod:`migration.update_steps`, which
does the same during the freeze against the snapshot last applied).
"""

from __future__ import annotations

SETTING = "migration:zoneFile"
