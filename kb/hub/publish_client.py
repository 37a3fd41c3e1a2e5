"""``python -m kb.hub publish DIR --hub URL``: publish a folder through the hub's HTTP API.

The editor's token comes from stdin (``--token-stdin``) or the keyring entry the workstation uses
(service ``sufler``, key ``hub-token:URL``) — never from the command line. Every changed article
goes with the revision it replaces, all in one signed revision; an article the hub changed after
the folder's copy was made (its ``updated`` is newer) is refused unless ``--force``, and a 409
(someone published meanwhile) publishes nothing.

Thread rule: a command-line program; runs on the main thread.
"""

from __future__ import annotations

import datetime as dt
import os
import ssl
import sys
from typing import Any

import httpx

from kb.markdown_files import KbDirectory
from kb.wire.articles import article_to_json

KEYRING_SERVICE = "sufler"
CA_FILE_ENV = "SUFLER_HUB_CA_FILE"


class PublishError(RuntimeError):
    """Publishing did not happen; the message says why and what to do."""


def token_from_keyring(hub_url: str) -> str | None:
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(KEYRING_SERVICE, f"hub-token:{hub_url.rstrip('/')}")
    except keyring.errors.KeyringError as exc:
        raise PublishError(f"the keyring cannot be read ({exc}); pass the token on stdin "
                           "with --token-stdin") from exc


def read_token(hub_url: str, from_stdin: bool) -> str:
    token = sys.stdin.readline().strip() if from_stdin else token_from_keyring(hub_url)
    if not token:
        raise PublishError("no token: store the editor's token in the keyring (the desktop's "
                           "settings do) or pass it on stdin with --token-stdin")
    return token


def _time(value: Any) -> float:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _content(article: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in article.items() if k != "updated"}


def plan(folder: KbDirectory, current: dict[tuple[str, str], tuple[int, dict[str, Any]]],
         delete_missing: bool, force: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(upserts with base revisions, deletions with base revisions) that make the hub match the
    folder; raises :class:`PublishError` for articles the hub changed after the folder's copy."""
    upserts, stale = [], []
    for article in folder.articles:
        fresh = article_to_json(article)
        revision, old = current.get(article.key, (0, None))
        if old is not None and _content(old) == _content(fresh):
            continue
        if old is not None and not force and _time(old.get("updated")) > _time(
                fresh.get("updated") or "1970-01-01T00:00:00Z"):
            stale.append(f"{article.slug} ({article.lang})")
        fresh.pop("updated", None)
        upserts.append({**fresh, "base_revision": revision})
    if stale:
        raise PublishError("the hub has newer versions of " + ", ".join(stale) + ": export "
                           "them again and apply your changes, or pass --force to overwrite")
    deletions = []
    if delete_missing:
        keys = {a.key for a in folder.articles}
        deletions = [{"slug": slug, "lang": lang, "base_revision": revision}
                     for (slug, lang), (revision, _a) in sorted(current.items())
                     if (slug, lang) not in keys]
    return upserts, deletions


def publish_folder(hub_url: str, token: str, folder: KbDirectory, *,
                   delete_missing: bool = False, force: bool = False) -> str:
    """Publish what differs; returns the line to print."""
    ca = os.environ.get(CA_FILE_ENV)
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca) if ca else True
    with httpx.Client(base_url=hub_url.rstrip("/") + "/api/v1", timeout=60, verify=verify,
                      headers={"Authorization": f"Bearer {token}"}, trust_env=False) as client:
        try:
            listing = _json(client.get("/kb/articles"))
            current = {(a["article"]["slug"], a["article"]["lang"]): (a["revision"], a["article"])
                       for a in listing["articles"]}
            upserts, deletions = plan(folder, current, delete_missing, force)
            body: dict[str, Any] = {"upserts": upserts, "deletions": deletions}
            if folder.synonym_sets:
                synonyms = _json(client.get("/kb/synonyms"))
                if synonyms["synonym_sets"] != folder.synonym_sets:
                    body["synonym_sets"] = folder.synonym_sets
                    body["synonyms_base_revision"] = synonyms["revision"]
            if not upserts and not deletions and "synonym_sets" not in body:
                return f"nothing changed; the hub stays at revision {listing['latest']}"
            answer = _json(client.post("/kb/articles", json=body))
        except httpx.HTTPError as exc:
            raise PublishError(f"the hub at {hub_url} is unreachable ({exc}); nothing was "
                               "published") from None
    return (f"published revision {answer['revision']}: {answer['upserts']} article(s) updated, "
            f"{answer['deletions']} deleted" + (", synonym sets replaced"
                                                 if "synonym_sets" in body else ""))


def _json(response: httpx.Response) -> Any:
    if response.status_code in (200, 201):
        return response.json()
    try:
        body = response.json()
    except ValueError:
        body = {"error": response.text[:200]}
    message = body.get("error", "") if isinstance(body, dict) else str(body)
    if response.status_code == 409:
        names = ", ".join(f"{c['slug']} ({c['lang']})" for c in body.get("conflicts", []))
        raise PublishError(f"someone published {names or 'the synonym sets'} meanwhile; "
                           "nothing was published: run the command again")
    if response.status_code in (401, 403):
        raise PublishError(f"the hub refused the token ({response.status_code}: {message}); "
                           "publishing needs an editor's token")
    raise PublishError(f"the hub answered {response.status_code}: {message}")


def run(folder: KbDirectory, hub_url: str, token_stdin: bool, delete_missing: bool,
        force: bool) -> int:
    """The command: print the outcome, or the error and exit status 1."""
    try:
        print(publish_folder(hub_url, read_token(hub_url, token_stdin), folder,
                             delete_missing=delete_missing, force=force))
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
