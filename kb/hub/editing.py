"""KB editing on the hub: base revisions and conflicts, per-article history, the synonym sets.

Every published article carries the revision it was based on; a change whose base is older than
the article's current revision is refused as a whole with 409 and the current versions (no silent
last-writer-wins). Each revision's articles are also kept per article, so editors can read the
history and any earlier version. The endpoints here need the editor role.

Thread rule: the ``*_in`` functions run inside the publishing transaction on a worker thread; the
others open their own connection (worker thread); the handlers run on the event loop.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kb.hub import db
from kb.hub.app import PREFIX, _guard, _int_param, _read_json
from kb.markdown_files import SLUG_RE
from kb.model import LANGS, Article
from kb.wire.articles import publication
from kb.wire.problems import RequestError

if TYPE_CHECKING:
    from kb.hub.app import Hub

MAX_SYNONYM_SETS = 5000
MAX_SYNONYM_TEXT = 200

Key = tuple[str, str]


class PublishConflict(RequestError):
    """409: articles (or the synonym sets) changed since the editor's base revision."""

    def __init__(self, conflicts: list[dict[str, Any]],
                 synonyms: dict[str, Any] | None = None) -> None:
        count = len(conflicts) + (1 if synonyms else 0)
        super().__init__(409, f"{count} item(s) changed on the hub since they were opened; "
                              "nothing was published: merge and publish again")
        self.extra: dict[str, Any] = {"conflicts": conflicts}
        if synonyms:
            self.extra["synonyms_conflict"] = synonyms


# -- request bodies ------------------------------------------------------------------------------

def _base(value: Any, where: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**31 - 1:
        raise RequestError(422, f"{where}.base_revision must be a whole number from 0")
    return value


def synonym_sets_from(value: Any) -> list[list[str]]:
    """Check a list of synonym sets (each two or more distinct non-empty texts)."""
    if not isinstance(value, list) or len(value) > MAX_SYNONYM_SETS:
        raise RequestError(422, f"'synonym_sets' must be a list of at most {MAX_SYNONYM_SETS} "
                                "sets")
    sets: list[list[str]] = []
    for i, raw in enumerate(value):
        if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
            raise RequestError(422, f"synonym_sets[{i}] must be a list of texts")
        phrases = [p.strip() for p in raw if p.strip()]
        if len(phrases) < 2 or len({p.casefold() for p in phrases}) < len(phrases):
            raise RequestError(422, f"synonym_sets[{i}] needs two or more different texts")
        if any(len(p) > MAX_SYNONYM_TEXT or "\x00" in p for p in phrases):
            raise RequestError(422, f"synonym_sets[{i}] has a text longer than "
                                    f"{MAX_SYNONYM_TEXT} characters")
        sets.append(phrases)
    return sets


class Publication:
    """A checked ``POST /kb/articles`` body: articles with their bases, and optionally the
    synonym sets (``synonym_sets`` with ``synonyms_base_revision``)."""

    def __init__(self, body: Any) -> None:
        if not isinstance(body, dict):
            raise RequestError(422, "the body must be an object with 'upserts' and/or "
                                    "'deletions'")
        self.bases: dict[Key, int] = {}
        upserts = body.get("upserts", [])
        deletions = body.get("deletions", [])
        plain_upserts = []
        for i, raw in enumerate(upserts if isinstance(upserts, list) else []):
            if isinstance(raw, dict):
                base = _base(raw.get("base_revision"), f"upserts[{i}]")
                raw = {k: v for k, v in raw.items() if k != "base_revision"}
                self.bases[(str(raw.get("slug")), str(raw.get("lang")))] = base
            plain_upserts.append(raw)
        for i, raw in enumerate(deletions if isinstance(deletions, list) else []):
            if isinstance(raw, dict):
                key = (str(raw.get("slug")), str(raw.get("lang")))
                self.bases[key] = _base(raw.get("base_revision"), f"deletions[{i}]")
        self.synonym_sets: list[list[str]] | None = None
        self.synonyms_base = 0
        if "synonym_sets" in body:
            self.synonym_sets = synonym_sets_from(body["synonym_sets"])
            self.synonyms_base = _base(body.get("synonyms_base_revision"), "synonyms")
        self.upserts: list[Article] = []
        self.deletions: list[Key] = []
        if self.synonym_sets is None or upserts or deletions:
            self.upserts, self.deletions = publication(
                {**body, "upserts": plain_upserts, "deletions": deletions})
        for slug, lang in self.deletions:
            if not SLUG_RE.match(slug) or lang not in LANGS:
                raise RequestError(422, f"no article {slug!r} in {lang!r} to delete")


# -- inside the publishing transaction -----------------------------------------------------------

def check_bases_in(conn: Connection, bases: dict[Key, int],
                   synonyms_base: int | None) -> None:
    """Raise :class:`PublishConflict` unless every base is the item's current revision.

    Runs after the publisher took the ``kb_state`` row lock, so no other publication can slip in
    between this check and the commit.
    """
    conflicts: list[dict[str, Any]] = []
    if bases:
        keys = list(bases)
        rows = conn.execute(sa.select(db.kb_articles).where(
            sa.tuple_(db.kb_articles.c.slug, db.kb_articles.c.lang).in_(keys))).mappings().all()
        current = {(r["slug"], r["lang"]): r for r in rows}
        for key, base in sorted(bases.items()):
            row = current.get(key)
            revision = int(row["revision"]) if row is not None else 0
            live = row is not None and not row["deleted"]
            stale = revision != base if live else base not in (0, revision)
            if stale:
                conflicts.append({
                    "slug": key[0], "lang": key[1], "base_revision": base,
                    "current_revision": revision,
                    "current": json.loads(row["article"]) if live and row is not None else None,
                })
    synonyms = None
    if synonyms_base is not None:
        revision, sets = synonyms_in(conn)
        if revision != synonyms_base:
            synonyms = {"base_revision": synonyms_base, "current_revision": revision,
                        "current": sets}
    if conflicts or synonyms:
        raise PublishConflict(conflicts, synonyms)


def record_history_in(conn: Connection, number: int, when: float, author: str,
                      upserts: list[dict[str, Any]], deletions: list[list[str]],
                      synonym_sets: list[list[str]] | None) -> None:
    """Keep this revision's articles per article, and the synonym sets it publishes."""
    rows = [{"slug": a["slug"], "lang": a["lang"], "revision": number, "deleted": False,
             "author": author, "published_at": when, "title": str(a["title"])[:500],
             "article": json.dumps(a, ensure_ascii=False)} for a in upserts]
    rows += [{"slug": slug, "lang": lang, "revision": number, "deleted": True, "author": author,
              "published_at": when, "title": "", "article": "{}"} for slug, lang in deletions]
    if rows:
        conn.execute(db.kb_article_revisions.insert(), rows)
    if synonym_sets is not None:
        text = json.dumps(synonym_sets, ensure_ascii=False)
        updated = conn.execute(db.kb_synonyms.update().where(db.kb_synonyms.c.id == 1)
                               .values(revision=number, sets=text))
        if updated.rowcount == 0:
            conn.execute(db.kb_synonyms.insert().values(id=1, revision=number, sets=text))


def synonyms_in(conn: Connection) -> tuple[int, list[list[str]]]:
    row = conn.execute(sa.select(db.kb_synonyms.c.revision, db.kb_synonyms.c.sets)
                       .where(db.kb_synonyms.c.id == 1)).first()
    return (0, []) if row is None else (int(row[0]), json.loads(row[1]))


# -- reading ---------------------------------------------------------------------------------------

def current_list(engine: Engine) -> dict[str, Any]:
    """Every published article with the revision it was last changed in."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.kb_articles).where(
            db.kb_articles.c.deleted.is_(False)).order_by(
            db.kb_articles.c.slug, db.kb_articles.c.lang)).mappings().all()
        latest = int(conn.execute(sa.select(db.kb_state.c.revision)).scalar_one())
    return {"latest": latest, "articles": [
        {"revision": int(r["revision"]), "article": json.loads(r["article"])} for r in rows]}


def history(engine: Engine, slug: str, lang: str) -> list[dict[str, Any]]:
    """The article's revisions, newest first."""
    t = db.kb_article_revisions
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.revision, t.c.author, t.c.published_at, t.c.deleted,
                                      t.c.title)
                            .where(t.c.slug == slug, t.c.lang == lang)
                            .order_by(t.c.revision.desc())).mappings().all()
    return [{"revision": int(r["revision"]), "author": r["author"],
             "published_at": r["published_at"], "deleted": bool(r["deleted"]),
             "title": r["title"]} for r in rows]


def article_at(engine: Engine, slug: str, lang: str, revision: int | None
               ) -> dict[str, Any] | None:
    """The article as of ``revision`` (the newest when None); None if it did not exist then."""
    t = db.kb_article_revisions
    query = sa.select(t).where(t.c.slug == slug, t.c.lang == lang)
    if revision is not None:
        query = query.where(t.c.revision <= revision)
    with engine.connect() as conn:
        row = conn.execute(query.order_by(t.c.revision.desc()).limit(1)).mappings().first()
    if row is None or row["deleted"]:
        return None
    return {"slug": slug, "lang": lang, "revision": int(row["revision"]),
            "author": row["author"], "published_at": row["published_at"],
            "article": json.loads(row["article"])}


def synonyms(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        revision, sets = synonyms_in(conn)
    return {"revision": revision, "synonym_sets": sets}


# -- HTTP ------------------------------------------------------------------------------------------

def _article_key(request: Request) -> Key:
    slug = str(request.path_params["slug"])
    lang = request.query_params.get("lang", "ru")
    if not SLUG_RE.match(slug) or lang not in LANGS:
        raise RequestError(404, f"no article {slug!r} in {lang!r}")
    return slug, lang


def routes(hub: Hub) -> list[Route]:
    """The editor endpoints of ``hub`` (publishing itself is :meth:`Hub.publish`)."""
    engine = hub.service.engine

    async def list_articles(request: Request) -> Response:
        await hub._principal(request, "editor")
        return JSONResponse(await run_in_threadpool(current_list, engine))

    async def article_history(request: Request) -> Response:
        await hub._principal(request, "editor")
        slug, lang = _article_key(request)
        return JSONResponse({"history": await run_in_threadpool(history, engine, slug, lang)})

    async def article(request: Request) -> Response:
        await hub._principal(request, "editor")
        slug, lang = _article_key(request)
        revision = (_int_param(request, "revision", 0, 0, 2**31 - 1)
                    if "revision" in request.query_params else None)
        found = await run_in_threadpool(article_at, engine, slug, lang, revision)
        if found is None:
            where = f" at revision {revision}" if revision is not None else ""
            raise RequestError(404, f"no article {slug!r} in {lang!r}{where}")
        return JSONResponse(found)

    async def get_synonyms(request: Request) -> Response:
        await hub._principal(request, "editor")
        return JSONResponse(await run_in_threadpool(synonyms, engine))

    async def me(request: Request) -> Response:
        principal = await hub._principal(request, "agent")
        return JSONResponse({"name": principal.name, "role": principal.role})

    return [
        Route(f"{PREFIX}/me", _guard(me), methods=["GET"]),
        Route(f"{PREFIX}/kb/articles", _guard(list_articles), methods=["GET"]),
        Route(f"{PREFIX}/kb/articles/{{slug}}/history", _guard(article_history),
              methods=["GET"]),
        Route(f"{PREFIX}/kb/articles/{{slug}}", _guard(article), methods=["GET"]),
        Route(f"{PREFIX}/kb/synonyms", _guard(get_synonyms), methods=["GET"]),
    ]


async def read_publication(request: Request) -> Publication:
    return Publication(await _read_json(request))
