"""The floor's settings profile: what IT sets once on the hub and every desk applies.

A profile is a flat mapping of ``section.name`` settings (the non-secret settings of the desk's
schema, :data:`PROFILE_KEYS`) published as a numbered revision and signed with the hub's KB key:
``canonical_json({"kind": "site-profile", "revision": N, "settings": {...}})``. A desk verifies
it against the key it pinned, exactly as it verifies KB revisions. The hub's own address and key
are never part of it (a desk pins those locally); secrets never are (they live in the keyring).

Pure functions; thread-safe.
"""

from __future__ import annotations

import tomllib
from typing import Any

from kb.wire import signing

KIND = "site-profile"

# key -> the value's type; kept equal to the desk's declarations (a test checks it).
PROFILE_KEYS: dict[str, type] = {
    "sip.server": str, "sip.user": str, "sip.display_name": str, "sip.transport": str,
    "sip.listen": str, "sip.media_address": str, "sip.public_address": str,
    "sip.stun_server": str, "sip.ice": str,
    "audio.input_device": str, "audio.output_device": str, "audio.ring_device": str,
    "audio.ringtone": str,
    "agent.wrap_up_seconds": int, "agent.queue_login_code": str,
    "agent.queue_logout_code": str, "agent.queue_pause_code": str,
    "agent.not_ready_reasons": list,
    "hold.warn_seconds": int, "hold.alarm_seconds": int,
    "hub.sync_interval_seconds": int, "hub.record_searches": str,
    "hub.supervisor_line": str,
    "ui.language": str, "ui.raise_on_ring": str,
    "site.company": str, "site.require_wrap_up": str, "site.product": str,
    "site.offers_email": str, "site.departments": list,
}
# Pinned on the desk itself: a profile signed by the hub cannot move the desk to another hub.
PINNED_LOCALLY = ("hub.url", "hub.public_key")
SECRET_WORDS = ("password", "secret", "token", "passwd", "private")


class ProfileError(ValueError):
    """A profile is not acceptable; the message says which key and what to do."""


def check_settings(values: Any, origin: str = "profile") -> dict[str, Any]:
    """Validate a flat ``{"section.name": value}`` mapping; raise :class:`ProfileError`."""
    if not isinstance(values, dict):
        raise ProfileError(f"{origin}: the settings must be a table of section.name values")
    checked: dict[str, Any] = {}
    for key, value in values.items():
        lowered = str(key).lower()
        if any(word in lowered for word in SECRET_WORDS):
            raise ProfileError(
                f"{origin}: {key} looks like a secret; secrets never go into the floor profile "
                "(operators enroll with a one-time code and keep passwords in the keyring)")
        if key in PINNED_LOCALLY:
            raise ProfileError(f"{origin}: {key} cannot come from the hub; pin it in each "
                               "desk's site file")
        expected = PROFILE_KEYS.get(key)
        if expected is None:
            raise ProfileError(f"{origin}: unknown setting {key!r}; the known ones are listed "
                               "in site.toml.example")
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ProfileError(f"{origin}: {key} must be {expected.__name__}, "
                               f"got {type(value).__name__}")
        checked[str(key)] = value
    return checked


def parse_toml(text: str, origin: str = "profile") -> dict[str, Any]:
    """A profile file (TOML tables like the site file) as checked flat settings."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{origin}: not valid TOML: {exc}") from exc
    flat: dict[str, Any] = {}
    for section, values in data.items():
        if not isinstance(values, dict):
            raise ProfileError(f"{origin}: {section} must be a [section] table")
        for name, value in values.items():
            flat[f"{section}.{name}"] = value
    return check_settings(flat, origin)


def signed_profile(revision: int, settings: dict[str, Any]) -> dict[str, Any]:
    """What a profile revision's signature covers."""
    return {"kind": KIND, "revision": revision, "settings": settings}


def verify_profile(public_key: Any, answer: Any) -> tuple[int, dict[str, Any]]:
    """Check a hub's profile answer (``revision``, ``settings``, ``signature``) against the
    pinned key; return (revision, settings). Revision 0 (none set yet) carries no signature.
    Raises :class:`kb.wire.signing.SignatureError` or :class:`ProfileError`."""
    if not isinstance(answer, dict) or not isinstance(answer.get("revision"), int):
        raise ProfileError("the hub answered a floor profile of the wrong shape")
    revision = int(answer["revision"])
    if revision == 0:
        return 0, {}
    settings = answer.get("settings")
    if not isinstance(settings, dict):
        raise ProfileError(f"floor profile {revision} has no settings table")
    try:
        signing.verify(public_key, signed_profile(revision, settings), answer.get("signature"))
    except signing.SignatureError as exc:
        raise signing.SignatureError(f"floor profile: {exc}") from None
    return revision, check_settings(settings, f"floor profile {revision}")
