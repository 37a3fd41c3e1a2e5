"""The roles a hub token can have, in the order of what they may do: each role may do
everything the roles before it may.

- ``agent``: upload its own notes and floor events, read the KB, its own alerts and callbacks;
- ``supervisor``: also read the floor (presence, alerts, callbacks, reports) and act on
  alerts and callbacks; cannot publish articles;
- ``editor``: also publish articles and read search reports;
- ``admin``: also manage users, enrollment and the floor profile.

Pure data; safe from any thread.
"""

from __future__ import annotations

ROLES = ("agent", "supervisor", "editor", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


def role_allows(role: str, needed: str) -> bool:
    """Whether a token of ``role`` may do what ``needed`` may."""
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[needed]
