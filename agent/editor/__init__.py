"""The KB editor without Qt: drafts, diffs, merges, content rules, the hub's editor API."""
