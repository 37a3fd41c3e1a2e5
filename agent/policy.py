"""Windows registry settings, part of IT's (locked) layer: Group Policy and the installer's.

The ADMX templates (``installer/windows/policy``) write values under
``HKLM\\Software\\Policies\\Sufler\\<section>``, one value per setting named after it
(``...\\Sufler\\sip`` → ``server``): ``REG_SZ`` for text and choices, ``REG_DWORD`` for numbers,
``REG_MULTI_SZ`` for lists. The MSI writes its properties (``HUB_URL``, ``SIP_SERVER``…) the
same way under ``HKLM\\Software\\Sufler\\Site``; a policy wins over those, and an empty value
means "not set" (an MSI property left out writes one). :func:`policy_settings` turns what a
reader returns into flat ``section.name`` values; :func:`windows_reader` is the real reader
(``winreg``), and tests pass their own.

Thread rule: pure functions plus registry reads on the caller's thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

POLICY_KEY = r"Software\Policies\Sufler"
INSTALLER_KEY = r"Software\Sufler\Site"

# {section: {value name: value}} as the registry holds it.
RegistryReader = Callable[[], dict[str, dict[str, Any]]]


def windows_reader() -> dict[str, dict[str, Any]]:
    """The installer's values, then Group Policy's over them; empty off Windows."""
    if sys.platform != "win32":
        return {}
    found = _read_tree(INSTALLER_KEY)
    for section, values in _read_tree(POLICY_KEY).items():
        found.setdefault(section, {}).update(
            {name: value for name, value in values.items() if value not in (None, "", [])})
    return found


def _read_tree(path: str) -> dict[str, dict[str, Any]]:
    """Every value under ``HKLM\\<path>\\*`` by section (Windows only)."""
    if sys.platform != "win32":
        return {}
    import winreg

    found: dict[str, dict[str, Any]] = {}
    try:
        root = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path)
    except OSError:
        return found
    with root:
        index = 0
        while True:
            try:
                section = winreg.EnumKey(root, index)
            except OSError:
                break
            index += 1
            values: dict[str, Any] = {}
            with winreg.OpenKey(root, section) as key:
                number = 0
                while True:
                    try:
                        name, value, _kind = winreg.EnumValue(key, number)
                    except OSError:
                        break
                    number += 1
                    values[name] = value
            found[section.lower()] = values
    return found


def policy_settings(reader: RegistryReader, types: dict[str, type]) -> tuple[dict[str, Any],
                                                                             list[str]]:
    """``(values, problems)``: the policies of known settings, converted to their declared types
    (``types``: key → type); a value of the wrong kind is left out and named in ``problems``."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for section, entries in reader().items():
        for name, raw in entries.items():
            key = f"{section}.{name}"
            expected = types.get(key)
            if raw is None or raw == "" or raw == []:
                continue  # not set
            if expected is None:
                problems.append(f"Group Policy: unknown setting {key!r} ignored")
                continue
            value: Any = raw
            if expected is list and isinstance(raw, str):
                value = [line.strip() for line in raw.splitlines() if line.strip()]
            elif expected is list and isinstance(raw, list | tuple):
                value = [str(item) for item in raw if str(item).strip()]
            elif expected is int and isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
                value = int(raw)
            if isinstance(value, bool) or not isinstance(value, expected):
                problems.append(f"Group Policy: {key} must be {expected.__name__}, "
                                f"got {type(raw).__name__}; ignored")
                continue
            values[key] = value
    return values, problems
