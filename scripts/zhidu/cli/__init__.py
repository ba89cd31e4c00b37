"""The `zhidu` command and what only it does: building into a site folder, diffs, new drafts."""
