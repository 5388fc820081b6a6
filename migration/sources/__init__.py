"""Where record sets come from: each module returns the same :class:`~migration.model.Snapshot`."""
