"""Typed settings declared once, resolved in layers. Precedence, highest first: IT's site file →
the hub's floor profile (signed, pulled with the KB, see :mod:`agent.notes.site_pull`) → the
user's file → defaults.

Each setting is declared here once, with its type, default, English label and help; the settings
dialog is built from :data:`DECLARATIONS` and :data:`SECTIONS` and shows the labels translated
(context ``Settings``: the translation tools find them through :func:`QT_TRANSLATE_NOOP`). Values
IT set in the site file or the floor profile are locked. Secrets never live here (see
:mod:`agent.secrets`).

Thread rule: a :class:`Settings` object is not locked; load it on a worker thread and hand the
object over, or guard it. Saving writes the user file atomically (temp file + rename + fsync).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.paths import data_dir

log = logging.getLogger(__name__)

SITE_FILE_ENV = "SUFLER_SITE_FILE"
FLOOR_PROFILE_FILE = "floor-profile.json"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` and returns it unchanged.

    Qt's translation tools find calls by this name; this module stays free of Qt because the
    phone engine reads the settings too.
    """
    return text


@dataclass(frozen=True, slots=True)
class Setting:
    """One declared setting. ``key`` is ``section.name``; ``label`` is an English source string."""

    key: str
    type: type
    default: Any
    label: str
    choices: tuple[str, ...] = ()
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]


DEFAULT_DEPARTMENTS: list[dict[str, str]] = [
    {"key": "quality", "label_ru": "Отдел качества", "label_en": "Quality control", "number": ""},
    {"key": "specialist", "label_ru": "Специалист (2-я линия)", "label_en": "Specialist (2nd line)",
     "number": ""},
    {"key": "supervisor", "label_ru": "Супервайзер", "label_en": "Supervisor", "number": ""},
    {"key": "logistics", "label_ru": "Логистика", "label_en": "Logistics", "number": ""},
    {"key": "billing", "label_ru": "Биллинг", "label_en": "Billing", "number": ""},
    {"key": "tech-support", "label_ru": "Техподдержка", "label_en": "Technical support",
     "number": ""},
    {"key": "emergency-112", "label_ru": "Экстренные службы 112", "label_en": "Emergency 112",
     "number": "112"},
]

# One tab per section, in this order; the titles are translatable.
SECTIONS: dict[str, str] = {
    "sip": QT_TRANSLATE_NOOP("Settings", "SIP account"),
    "audio": QT_TRANSLATE_NOOP("Settings", "Audio"),
    "agent": QT_TRANSLATE_NOOP("Settings", "Agent"),
    "hold": QT_TRANSLATE_NOOP("Settings", "Hold"),
    "hub": QT_TRANSLATE_NOOP("Settings", "Floor server"),
    "ui": QT_TRANSLATE_NOOP("Settings", "Interface"),
    "site": QT_TRANSLATE_NOOP("Settings", "Company"),
}
# How a choice is shown (choices not listed are shown as they are).
CHOICE_LABELS: dict[str, str] = {
    "system": QT_TRANSLATE_NOOP("Settings", "System language"),
    "ru": "Русский",
    "en": "English",
    "udp": "UDP",
    "tcp": "TCP",
    "tls": "TLS",
    "on": QT_TRANSLATE_NOOP("Settings", "On"),
    "off": QT_TRANSLATE_NOOP("Settings", "Off"),
}

DECLARATIONS: tuple[Setting, ...] = (
    Setting("sip.server", str, "", QT_TRANSLATE_NOOP("Settings", "SIP server"),
            help=QT_TRANSLATE_NOOP("Settings", "Registrar / PBX host[:port]")),
    Setting("sip.user", str, "", QT_TRANSLATE_NOOP("Settings", "SIP user")),
    Setting("sip.display_name", str, "", QT_TRANSLATE_NOOP("Settings", "Display name")),
    Setting("sip.transport", str, "udp", QT_TRANSLATE_NOOP("Settings", "Transport"),
            choices=("udp", "tcp", "tls")),
    Setting("sip.listen", str, "", QT_TRANSLATE_NOOP("Settings", "Direct-IP listen address"),
            help=QT_TRANSLATE_NOOP("Settings", "HOST:PORT for calls without a registrar; "
                                               "empty when an account is set")),
    Setting("sip.media_address", str, "", QT_TRANSLATE_NOOP("Settings", "Media (RTP) address"),
            help=QT_TRANSLATE_NOOP("Settings", "IP address for call audio on a machine with "
                                               "several networks; empty: the SIP address")),
    Setting("sip.public_address", str, "", QT_TRANSLATE_NOOP("Settings", "Public address (NAT)"),
            help=QT_TRANSLATE_NOOP("Settings", "Only behind NAT: the address the PBX must "
                                               "send to; empty on a LAN")),
    Setting("sip.stun_server", str, "", QT_TRANSLATE_NOOP("Settings", "STUN server"),
            help=QT_TRANSLATE_NOOP("Settings", "host[:port]; empty: no STUN (a LAN floor "
                                               "needs none)")),
    Setting("sip.ice", str, "off", QT_TRANSLATE_NOOP("Settings", "ICE for audio"),
            choices=("on", "off"),
            help=QT_TRANSLATE_NOOP("Settings", "Interactive connectivity checks for media; "
                                               "off on a LAN")),
    Setting("audio.input_device", str, "", QT_TRANSLATE_NOOP("Settings", "Microphone")),
    Setting("audio.output_device", str, "", QT_TRANSLATE_NOOP("Settings", "Speaker")),
    Setting("audio.ring_device", str, "", QT_TRANSLATE_NOOP("Settings", "Ring device")),
    Setting("audio.ringtone", str, "", QT_TRANSLATE_NOOP("Settings", "Ringtone file")),
    Setting("agent.wrap_up_seconds", int, 30, QT_TRANSLATE_NOOP("Settings", "Wrap-up time (s)"),
            minimum=0, maximum=3600),
    Setting("agent.queue_login_code", str, "",
            QT_TRANSLATE_NOOP("Settings", "PBX queue login code")),
    Setting("agent.queue_logout_code", str, "",
            QT_TRANSLATE_NOOP("Settings", "PBX queue logout code")),
    Setting("agent.queue_pause_code", str, "",
            QT_TRANSLATE_NOOP("Settings", "PBX queue pause code")),
    Setting("agent.not_ready_reasons", list, ["Break", "Lunch", "Training", "Meeting"],
            QT_TRANSLATE_NOOP("Settings", "Not-ready reasons")),
    Setting("hold.warn_seconds", int, 30, QT_TRANSLATE_NOOP("Settings", "Hold warning after (s)"),
            minimum=5, maximum=3600),
    Setting("hold.alarm_seconds", int, 60, QT_TRANSLATE_NOOP("Settings", "Hold alarm after (s)"),
            minimum=5, maximum=3600),
    Setting("hub.url", str, "", QT_TRANSLATE_NOOP("Settings", "Hub URL"),
            help=QT_TRANSLATE_NOOP("Settings", "The floor server, e.g. https://hub.example:8443")),
    Setting("hub.sync_interval_seconds", int, 30,
            QT_TRANSLATE_NOOP("Settings", "Sync interval (s)"), minimum=5, maximum=3600),
    Setting("hub.public_key", str, "",
            QT_TRANSLATE_NOOP("Settings", "Hub KB signing key (Ed25519, base64)"),
            help=QT_TRANSLATE_NOOP("Settings", "The hub's public key: KB revisions whose "
                                               "signature does not match it are refused")),
    Setting("hub.record_searches", str, "on",
            QT_TRANSLATE_NOOP("Settings", "Share KB searches with editors"),
            choices=("on", "off"),
            help=QT_TRANSLATE_NOOP("Settings", "Queries, hits and what was opened or copied; "
                                               "never the caller")),
    Setting("hub.supervisor_line", str, "",
            QT_TRANSLATE_NOOP("Settings", "My phone line (supervisors)"),
            help=QT_TRANSLATE_NOOP("Settings", "The number or SIP address operators call "
                                               "when you answer a raised hand")),
    Setting("ui.language", str, "system", QT_TRANSLATE_NOOP("Settings", "Language"),
            choices=("system", "ru", "en")),
    Setting("ui.raise_on_ring", str, "on",
            QT_TRANSLATE_NOOP("Settings", "Bring the window to the front on a ring"),
            choices=("on", "off"),
            help=QT_TRANSLATE_NOOP("Settings", "A minimized or hidden window comes back when "
                                               "a call rings")),
    Setting("site.company", str, "ВолнаТелеком", QT_TRANSLATE_NOOP("Settings", "Company name")),
    Setting("site.require_wrap_up", str, "on",
            QT_TRANSLATE_NOOP("Settings", "Wrap-up code required"), choices=("on", "off"),
            help=QT_TRANSLATE_NOOP("Settings", "A note of an answered call is completed only "
                                               "once a wrap-up code is chosen")),
    Setting("site.product", str, "", QT_TRANSLATE_NOOP("Settings", "Product line")),
    Setting("site.offers_email", str, "",
            QT_TRANSLATE_NOOP("Settings", "E-mail for sales offers")),
    Setting("site.departments", list, DEFAULT_DEPARTMENTS,
            QT_TRANSLATE_NOOP("Settings", "Department directory")),
)

_BY_KEY = {s.key: s for s in DECLARATIONS}


class SettingsError(ValueError):
    """A settings file or value is invalid; the message names the file and the key."""


class LockedSettingError(SettingsError):
    """IT set this value in the site file; the user cannot change it."""


def site_file() -> Path:
    """The machine-wide file IT installs (``SUFLER_SITE_FILE`` overrides, for tests)."""
    override = os.environ.get(SITE_FILE_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Sufler" / "site.toml"
    return Path("/etc/sufler/site.toml")


def declaration(key: str) -> Setting:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise SettingsError(f"unknown setting {key!r}") from None


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if setting.type is int and isinstance(value, bool):
        raise SettingsError(f"{origin}: {setting.key} must be a whole number")
    if setting.type is float and isinstance(value, int):
        value = float(value)
    if not isinstance(value, setting.type):
        raise SettingsError(
            f"{origin}: {setting.key} must be {setting.type.__name__}, got {type(value).__name__}"
        )
    if setting.choices and value not in setting.choices:
        raise SettingsError(f"{origin}: {setting.key} must be one of {', '.join(setting.choices)}")
    if isinstance(value, int | float):
        if setting.minimum is not None and value < setting.minimum:
            raise SettingsError(f"{origin}: {setting.key} must be at least {setting.minimum}")
        if setting.maximum is not None and value > setting.maximum:
            raise SettingsError(f"{origin}: {setting.key} must be at most {setting.maximum}")
    return value


def _flatten(data: dict[str, Any], origin: str) -> dict[str, Any]:
    """``{"sip": {"user": "x"}}`` → ``{"sip.user": "x"}``; unknown keys ignored, bad ones raise."""
    flat: dict[str, Any] = {}
    for section, values in data.items():
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            key = f"{section}.{name}"
            if key in _BY_KEY:
                flat[key] = _coerce(_BY_KEY[key], value, origin)
    return flat


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return _flatten(tomllib.load(fh), str(path))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read: {exc}") from exc


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"
    raise SettingsError(f"cannot write {type(value).__name__} to TOML")


def dump_toml(values: dict[str, Any]) -> str:
    """Serialize flat ``section.name`` values as TOML tables (the subset settings use)."""
    sections: dict[str, list[str]] = {}
    for key in sorted(values):
        section, name = key.split(".", 1)
        sections.setdefault(section, []).append(f"{name} = {_toml_value(values[key])}")
    return "\n".join(f"[{s}]\n" + "\n".join(lines) + "\n" for s, lines in sections.items())


# Settings Group Policy can set: everything but the department table (a list of tables).
POLICY_TYPES = {s.key: s.type for s in DECLARATIONS if s.key != "site.departments"}


def read_policies(reader: Callable[[], dict[str, dict[str, Any]]] | None = None
                  ) -> dict[str, Any]:
    """Group Policy values (Windows registry; ``reader`` for tests), checked like the site
    file's; a bad value is logged and left out, never fatal."""
    from agent.policy import policy_settings, windows_reader

    values, problems = policy_settings(reader or windows_reader, POLICY_TYPES)
    checked: dict[str, Any] = {}
    for key, value in values.items():
        try:
            checked[key] = _coerce(_BY_KEY[key], value, "Group Policy")
        except SettingsError as exc:
            problems.append(f"{exc}; ignored")
    for problem in problems:
        log.warning("%s", problem)
    return checked


def read_floor_profile(path: Path, public_key: str) -> tuple[int, dict[str, Any]]:
    """The floor profile a pull stored at ``path``, verified again against the pinned key.

    Returns ``(0, {})`` when there is none, no key is pinned, or it does not verify (a file
    changed on disk is refused like a tampered pull); values that do not fit the schema are
    skipped. Never raises for a bad file: the desk then runs on its own settings.
    """
    if not public_key.strip():
        return 0, {}
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, {}
    from kb.wire.signing import SignatureError, load_public_key
    from kb.wire.site_profile import ProfileError, verify_profile

    try:
        revision, values = verify_profile(load_public_key(public_key), answer)
    except (SignatureError, ProfileError) as exc:
        log.warning("%s: floor profile ignored: %s", path, exc)
        return 0, {}
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key in _BY_KEY:
            try:
                checked[key] = _coerce(_BY_KEY[key], value, f"floor profile {revision}")
            except SettingsError as exc:
                log.warning("%s", exc)
    return revision, checked


@dataclass
class Settings:
    """Resolved settings. ``user`` holds only what the user changed; ``floor`` is the hub's
    verified floor profile (revision ``floor_revision``)."""

    site: dict[str, Any] = field(default_factory=dict)
    user: dict[str, Any] = field(default_factory=dict)
    user_path: Path | None = None
    floor: dict[str, Any] = field(default_factory=dict)
    floor_revision: int = 0

    @classmethod
    def load(cls, home: Path | None = None, site_path: Path | None = None,
             policy_reader: Callable[[], dict[str, dict[str, Any]]] | None = None) -> Settings:
        """Read every layer. IT's layer is the site file plus, on Windows, Group Policy
        (``policy_reader``; a policy wins over the file for the same key)."""
        user_path = (home or data_dir()) / "settings.toml"
        settings = cls(
            site={**_read_toml(site_path or site_file()), **read_policies(policy_reader)},
            user=_read_toml(user_path),
            user_path=user_path,
        )
        settings.reload_floor()
        return settings

    @property
    def floor_path(self) -> Path:
        return (self.user_path.parent if self.user_path else data_dir()) / FLOOR_PROFILE_FILE

    def reload_floor(self) -> bool:
        """Re-read the floor profile file (after a pull); True when the values changed."""
        key = str(self.site.get("hub.public_key") or self.user.get("hub.public_key") or "")
        revision, values = read_floor_profile(self.floor_path, key)
        changed = values != self.floor
        self.floor_revision, self.floor = revision, values
        return changed

    def get(self, key: str) -> Any:
        setting = declaration(key)
        if key in self.site:
            return self.site[key]
        if key in self.floor:
            return self.floor[key]
        return self.user.get(key, setting.default)

    def source(self, key: str) -> str:
        """Where the value comes from: ``"site"``, ``"floor"``, ``"user"`` or ``"default"``."""
        declaration(key)
        if key in self.site:
            return "site"
        if key in self.floor:
            return "floor"
        return "user" if key in self.user else "default"

    def is_locked(self, key: str) -> bool:
        return self.source(key) in ("site", "floor")

    def set(self, key: str, value: Any) -> None:
        setting = declaration(key)
        if self.is_locked(key):
            where = "site configuration" if self.source(key) == "site" else "floor profile"
            raise LockedSettingError(f"{key} is set by the {where}")
        self.user[key] = _coerce(setting, value, "value")

    def update(self, values: Iterable[tuple[str, Any]]) -> None:
        for key, value in values:
            self.set(key, value)

    def save(self) -> None:
        """Write the user's values atomically; a crash leaves the old file or the new one."""
        if self.user_path is None:
            raise SettingsError("these settings have no user file")
        self.user_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.user_path.with_suffix(".toml.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(dump_toml(self.user))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.user_path)
