"""``sufler enroll HUB_URL``: redeem IT's one-time code for this operator's hub token.

The operator types the code (it is never an argument: ``--code-stdin`` reads it from standard
input for scripted roll-outs). The hub answers with a fresh token, the SIP user and, when IT
supplied it, the SIP password; the secrets go straight to the OS keyring and the hub URL, SIP
user and the hub's public key to the user's settings (unless IT's site file sets them). The
keyring is checked *before* the code is spent, so a desk without one does not burn its code.

Thread rule: a command-line program; runs on the main thread.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from agent.notes.hub_client import HubProblem, make_client, request_json, store_token
from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key
from agent.settings import Settings, SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sufler enroll",
        description="Redeem a one-time enrollment code from IT: the hub token (and the SIP "
                    "password, when IT provided it) go to the keyring, never to a file.")
    parser.add_argument("hub_url", help="the floor hub, e.g. https://hub.floor.example:8443")
    parser.add_argument("--code-stdin", action="store_true",
                        help="read the code from the first line of standard input")
    return parser


def _read_code(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    return getpass.getpass("Enrollment code from IT: ").strip()


def _save_settings(settings: Settings, values: dict[str, str]) -> list[str]:
    """Set what IT's site file leaves open; returns the keys written."""
    written = []
    for key, value in values.items():
        if value and not settings.is_locked(key) and settings.get(key) != value:
            settings.set(key, value)
            written.append(key)
    if written:
        settings.save()
    return written


def enroll(hub_url: str, code: str, settings: Settings, secrets: SecretStore) -> dict[str, Any]:
    """Redeem ``code`` at ``hub_url`` and store the results; raises :class:`SystemExit`-free
    errors as ``ValueError`` with the message to show."""
    hub_url = hub_url.rstrip("/")
    pinned = str(settings.get("hub.public_key") or "")
    with make_client(hub_url, "", timeout=15.0) as client:
        try:
            answer = request_json(client, "POST", "/enroll", json={"code": code})
        except HubProblem as exc:
            if exc.status == 403:
                raise ValueError("the hub refused the code: it is unknown, already used or "
                                 "expired. Ask IT for a new one.") from None
            raise ValueError(f"enrollment failed: {exc.message}") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("token"), str):
        raise ValueError("the hub's answer has no token; is this a Sufler hub?")
    offered = str(answer.get("public_key") or "")
    if pinned and offered and offered != pinned:
        raise ValueError("the hub's signing key differs from the one IT pinned (hub.public_key); "
                         "the token was not stored. Tell IT: the URL may point at the wrong hub.")
    store_token(hub_url, answer["token"], secrets)
    sip_user = str(answer.get("sip_user") or "")
    server = str(settings.get("sip.server") or "")
    password = str(answer.get("sip_password") or "")
    stored_sip = False
    if password and sip_user and server:
        secrets.set(sip_password_key(sip_user, server), password)
        stored_sip = True
    written = _save_settings(settings, {"hub.url": hub_url, "sip.user": sip_user,
                                        "hub.public_key": offered})
    return {"user": answer.get("user", ""), "role": answer.get("role", ""),
            "sip_user": sip_user, "sip_password_stored": stored_sip,
            "sip_password_offered": bool(password), "settings": written}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.hub_url.startswith(("https://", "http://")):
        print("error: the hub URL starts with https:// (or http:// on a trusted LAN)",
              file=sys.stderr)
        return 2
    secrets = SecretStore()
    try:
        secrets.get("probe")
    except SecretStoreUnavailable as exc:
        print(f"error: {exc}\nThe code was not used; try again once the keyring works "
              "(`sufler doctor` checks it).", file=sys.stderr)
        return 1
    try:
        settings = Settings.load()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    code = _read_code(args.code_stdin)
    if not code:
        print("error: no code given", file=sys.stderr)
        return 2
    try:
        result = enroll(args.hub_url, code, settings, secrets)
    except (ValueError, SecretStoreUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"enrolled as {result['user']} ({result['role']}); the hub token is in the keyring")
    if result["sip_password_stored"]:
        print(f"the SIP password of {result['sip_user']} is in the keyring")
    elif result["sip_password_offered"]:
        print("the hub sent a SIP password but sip.server is not set; set it (site file or "
              "Settings) and enroll with a new code, or type the password in Settings")
    else:
        print("type the SIP password once in Settings → SIP account (it goes to the keyring)")
    return 0
