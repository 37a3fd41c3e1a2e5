"""Checks of the hub's own request bodies (users and roles). Notes and articles are checked by
the contract both sides share, :mod:`kb.wire`.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import re
from typing import Any

from kb.wire.problems import RequestError
from kb.wire.roles import ROLES

__all__ = ["ROLES", "USER_NAME_RE", "new_user"]
USER_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}\Z")  # \Z: "$" lets a final newline in


def new_user(body: Any) -> tuple[str, str]:
    if not isinstance(body, dict):
        raise RequestError(422, "the body must be an object with 'name' and 'role'")
    name, role = body.get("name"), body.get("role")
    if not isinstance(name, str) or not USER_NAME_RE.match(name):
        raise RequestError(422, "'name' must be 1-100 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise RequestError(422, f"'role' must be one of {', '.join(ROLES)}")
    return name, role
