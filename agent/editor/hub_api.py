"""The hub's editor API from the workstation: articles with revisions, publishing with bases
(409 → :class:`Conflict`), history, old versions, synonym sets, search reports, the token's role.

Thread rule: blocking network calls; run them on the editor's network executor. One client per
call keeps the object free of thread-affine state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from agent.notes.hub_client import HubProblem, make_client, request_json
from kb.wire.states import ProblemKind

EDITOR_ROLES = ("editor", "admin")


@dataclass(frozen=True, slots=True)
class Conflict(Exception):
    """The hub refused a publication (409): these changed since they were opened."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    synonyms: dict[str, Any] | None = None
    message: str = ""

    def __str__(self) -> str:
        return self.message


class EditorHub:
    """One hub, with a token provider (the keyring is read at each call)."""

    def __init__(self, hub_url: str, token: Callable[[], str | None],
                 timeout: float = 20.0) -> None:
        self.hub_url = hub_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def _client(self) -> httpx.Client:
        if not self.hub_url:
            raise HubProblem(ProblemKind.ERROR,
                             "no hub URL is configured (Settings → Floor server)")
        token = self._token()
        if not token:
            raise HubProblem(ProblemKind.AUTH,
                             "no hub token: store an editor's token in the keyring")
        return make_client(self.hub_url, token, self.timeout)

    def _get(self, path: str, **params: Any) -> Any:
        with self._client() as client:
            return request_json(client, "GET", path, params=params or None)

    def role(self) -> tuple[str, str]:
        """(user name, role) of the token."""
        me = self._get("/me")
        return str(me.get("name", "")), str(me.get("role", ""))

    def articles(self) -> tuple[int, list[tuple[int, dict[str, Any]]]]:
        """(latest KB revision, [(revision, article)]) of everything published."""
        listing = self._get("/kb/articles")
        return int(listing["latest"]), [(int(a["revision"]), a["article"])
                                        for a in listing["articles"]]

    def article(self, slug: str, lang: str, revision: int | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"lang": lang}
        if revision is not None:
            params["revision"] = revision
        return dict(self._get(f"/kb/articles/{slug}", **params))

    def history(self, slug: str, lang: str) -> list[dict[str, Any]]:
        return list(self._get(f"/kb/articles/{slug}/history", lang=lang)["history"])

    def synonyms(self) -> tuple[int, list[list[str]]]:
        answer = self._get("/kb/synonyms")
        return int(answer["revision"]), list(answer["synonym_sets"])

    def search_gaps(self, days: int = 30) -> list[dict[str, Any]]:
        return list(self._get("/reports/search-gaps", days=days)["gaps"])

    def most_used(self, days: int = 30) -> dict[str, Any]:
        return dict(self._get("/reports/most-used", days=days))

    def publish(self, upserts: list[tuple[dict[str, Any], int]],
                deletions: list[tuple[str, str, int]] | None = None,
                synonyms: tuple[list[list[str]], int] | None = None) -> dict[str, Any]:
        """One signed revision of everything given, each with its base revision.

        Raises :class:`Conflict` (409, nothing published; the current versions are read back)
        or :class:`HubProblem`.
        """
        body: dict[str, Any] = {
            "upserts": [{**article, "base_revision": base} for article, base in upserts],
            "deletions": [{"slug": s, "lang": lang, "base_revision": base}
                          for s, lang, base in deletions or []],
        }
        for article in body["upserts"]:
            article.pop("updated", None)
        if synonyms is not None:
            body["synonym_sets"], body["synonyms_base_revision"] = synonyms
        with self._client() as client:
            try:
                return dict(request_json(client, "POST", "/kb/articles", json=body))
            except HubProblem as problem:
                if problem.status != 409:
                    raise
                raise self._conflict(client, body, problem.message) from None

    @staticmethod
    def _conflict(client: httpx.Client, body: dict[str, Any], message: str) -> Conflict:
        """What changed under the refused publication, read back from the hub as it is now."""
        listing = request_json(client, "GET", "/kb/articles")
        current = {(a["article"]["slug"], a["article"]["lang"]): (a["revision"], a["article"])
                   for a in listing["articles"]}
        conflicts = []
        for item in [*body["upserts"], *body["deletions"]]:
            key = (item["slug"], item["lang"])
            revision, article = current.get(key, (0, None))
            if article is not None and revision != item["base_revision"]:
                conflicts.append({"slug": key[0], "lang": key[1],
                                  "base_revision": item["base_revision"],
                                  "current_revision": revision, "current": article})
        synonyms = None
        if "synonym_sets" in body:
            answer = request_json(client, "GET", "/kb/synonyms")
            if answer["revision"] != body["synonyms_base_revision"]:
                synonyms = {"base_revision": body["synonyms_base_revision"],
                            "current_revision": answer["revision"],
                            "current": answer["synonym_sets"]}
        return Conflict(conflicts, synonyms, message)
