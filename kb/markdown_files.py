"""Articles as Markdown files with YAML front matter (``<slug>.<lang>.md``): parse, validate, write.

The one place that knows the file format; the CLI, the seeding of a fresh store, the content tools
and the hub all use it. Front matter keys: ``slug``, ``kind``, ``lang``, ``title`` (required);
``tags``, ``synonyms``, ``replies`` (lists of strings), ``actions`` (list of mappings with a
``type``), ``updated`` (optional); unknown keys are kept in :attr:`Article.extra`. A directory may
also hold ``synonyms.yaml``: a list of synonym sets (each a list of words or phrases that mean the
same).

Pure functions and file I/O on the caller's thread; no shared state.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.model import ACTION_TYPES, KINDS, LANGS, Article
from kb.wire.content import content_problems, without_bidi_controls

REQUIRED_KEYS = ("slug", "kind", "lang", "title")
LIST_KEYS = ("tags", "synonyms", "replies")
KNOWN_KEYS = (*REQUIRED_KEYS, *LIST_KEYS, "actions", "updated")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SYNONYMS_FILE = "synonyms.yaml"
# Where export puts each kind (the default content uses the same folders).
KIND_DIRS = {"difficult-case": "difficult-cases", "product": "catalog", "procedure": "procedures"}


MAX_FILE_BYTES = 512 * 1024  # one article file (the body itself is bounded by the content rules)


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without aliases (``*name``): front matter never needs them, and a few hundred
    bytes of nested aliases expand to gigabytes (a "billion laughs"); refused before expanding."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(None, None, "aliases (*name) are not allowed; write the "
                                       "value out", mark)
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """YAML as plain data: the safe loader, without aliases."""
    return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader: plain data only


def _yaml_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deep"
    return str(exc)


def _encoding_hint(raw: bytes) -> str:
    """What to do with a file that is not UTF-8: name the encoding it looks like."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = "utf-16"
    else:
        guess = "cp1251"  # what Russian Windows editors save by default
        try:
            raw.decode(guess)
        except UnicodeDecodeError:
            return "save it as UTF-8"
    return (f"it looks like {guess}: save it as UTF-8 (e.g. Notepad: Save as, Encoding UTF-8), "
            f"or import with --encoding {guess}")


def decode_file(raw: bytes, path: Path | str, encoding: str | None = None) -> str:
    """The text of a KB file: UTF-8 (or ``encoding`` when the editor says which), at most
    :data:`MAX_FILE_BYTES`; otherwise :class:`ArticleFormatError` saying what to do."""
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleFormatError(path, f"the file is {len(raw) // 1024} KiB; at most "
                                       f"{MAX_FILE_BYTES // 1024} KiB (split the article)")
    try:
        return raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            raise ArticleFormatError(path, f"not {encoding} text ({exc.reason} at byte "
                                           f"{exc.start})") from None
        raise ArticleFormatError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                       f"{_encoding_hint(raw)}") from None
    except LookupError:
        raise ArticleFormatError(path, f"unknown encoding {encoding!r}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ArticleFormatError(path, f"cannot read: {exc.strerror}") from None


class ArticleFormatError(ValueError):
    """A file is not a valid article; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(slots=True)
class KbDirectory:
    """Everything read from a KB directory."""

    articles: list[Article]
    synonym_sets: list[list[str]]
    warnings: list[str] = field(default_factory=list)  # "file: what was cleaned up"


def normalize_body(body: str) -> str:
    """Bodies are kept without surrounding blank lines, so files and store round-trip exactly."""
    return body.strip("\n")


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return str(value)


MAX_WHOLE_NUMBER = 2**53  # larger whole numbers do not survive every JSON reader


def _plain(value: Any) -> Any:
    """YAML values made JSON-safe (dates become ISO strings) so ``extra`` can live in the store
    and travel signed; a number JSON cannot carry exactly (``.nan``, ``.inf``, a whole number
    beyond 2**53) raises ValueError."""
    if isinstance(value, dt.date | dt.datetime):
        return _iso(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"holds {value}, which is not a finite number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WHOLE_NUMBER:
        raise ValueError("holds a whole number too large to keep exactly (write it in quotes)")
    return value


def article_from_mapping(meta: dict[str, Any], body: str, where: Path | str,
                         warnings: list[str] | None = None) -> Article:
    """Validate front matter and build an Article, or raise :class:`ArticleFormatError`.

    What the content rules clean up (bidi controls) is appended to ``warnings``."""
    for key in REQUIRED_KEYS:
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ArticleFormatError(where, f"required key {key!r} is missing or not a text")
    if not SLUG_RE.match(meta["slug"]):
        raise ArticleFormatError(where, f"slug {meta['slug']!r} must be lower-case a-z, 0-9, '-'")
    if meta["kind"] not in KINDS:
        known = ", ".join(KINDS)
        raise ArticleFormatError(where, f"unknown kind {meta['kind']!r} (known: {known})")
    if meta["lang"] not in LANGS:
        known = ", ".join(LANGS)
        raise ArticleFormatError(where, f"unknown lang {meta['lang']!r} (known: {known})")
    lists: dict[str, list[str]] = {}
    for key in LIST_KEYS:
        value = meta.get(key)
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ArticleFormatError(where, f"{key!r} must be a list of texts")
        lists[key] = list(value)
    actions = meta.get("actions")
    if actions is None:
        actions = []
    if not isinstance(actions, list):
        raise ArticleFormatError(where, "'actions' must be a list of mappings")
    for i, action in enumerate(actions):
        if not isinstance(action, dict) or not isinstance(action.get("type"), str):
            raise ArticleFormatError(where, f"action #{i + 1} must be a mapping with a 'type'")
        if action["type"] not in ACTION_TYPES:
            raise ArticleFormatError(
                where, f"action #{i + 1} has unknown type {action['type']!r}"
                f" (known: {', '.join(ACTION_TYPES)})"
            )
    if not isinstance(body, str):
        raise ArticleFormatError(where, "the body must be text")
    updated = meta.get("updated")
    try:
        plain_actions = [_plain(a) for a in actions]
        extra = {}
        for key, value in meta.items():
            if key not in KNOWN_KEYS:
                extra[str(key)] = _plain(value)
    except ValueError as exc:
        raise ArticleFormatError(where, f"a front-matter value {exc}") from None
    article = Article(
        slug=meta["slug"],
        kind=meta["kind"],
        lang=meta["lang"],
        title=meta["title"],
        body=normalize_body(body),
        tags=lists["tags"],
        synonyms=lists["synonyms"],
        replies=lists["replies"],
        actions=plain_actions,
        updated=None if updated is None else _iso(updated),
        extra=extra,
    )
    problems = content_problems(article)
    errors = [str(p) for p in problems if p.is_error]
    if errors:
        raise ArticleFormatError(where, "; ".join(errors))
    if warnings is not None:
        warnings += [f"{where}: {p}" for p in problems]
    return without_bidi_controls(article)


def validate_article(article: Article) -> Article:
    """Check an Article built in code by the same rules as a file; returns a normalized copy."""
    meta: dict[str, Any] = dict(article.extra)
    meta.update(
        slug=article.slug, kind=article.kind, lang=article.lang, title=article.title,
        tags=article.tags, synonyms=article.synonyms, replies=article.replies,
        actions=article.actions, updated=article.updated,
    )
    return article_from_mapping(meta, article.body, f"{article.slug}.{article.lang}")


def parse_article(text: str, where: Path | str = "<text>",
                  warnings: list[str] | None = None) -> Article:
    """Parse the text of one article file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise ArticleFormatError(where, "the file must start with a '---' front-matter line")
    for end in range(1, len(lines)):
        if lines[end].rstrip("\r\n") in ("---", "..."):
            break
    else:
        raise ArticleFormatError(where, "the front matter has no closing '---' line")
    try:
        meta = load_yaml("".join(lines[1:end]))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # e.g. a 5,000-digit number
        raise ArticleFormatError(where, f"malformed YAML front matter: {_yaml_reason(exc)}"
                                 ) from None
    if not isinstance(meta, dict):
        raise ArticleFormatError(where, "the front matter must be a mapping of keys")
    body = "".join(lines[end + 1 :]).replace("\r\n", "\n")
    return article_from_mapping(meta, body, where, warnings)


def read_article(path: Path, warnings: list[str] | None = None,
                 encoding: str | None = None) -> Article:
    """Read and validate one file (UTF-8 unless ``encoding`` says otherwise)."""
    return parse_article(decode_file(_read_bytes(path), path, encoding), path, warnings)


def parse_synonym_sets(text: str, where: Path | str = SYNONYMS_FILE) -> list[list[str]]:
    """A list of synonym sets; each set has two or more non-empty texts."""
    try:
        data = load_yaml(text)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ArticleFormatError(where, f"malformed YAML: {_yaml_reason(exc)}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ArticleFormatError(where, "must be a list of synonym sets (lists of texts)")
    sets = []
    for i, entry in enumerate(data):
        if (
            not isinstance(entry, list)
            or len(entry) < 2
            or not all(isinstance(p, str) and p.strip() for p in entry)
        ):
            raise ArticleFormatError(where, f"set #{i + 1} must be a list of two or more texts")
        sets.append(list(entry))
    return sets


def read_directory(root: Path, encoding: str | None = None) -> KbDirectory:
    """Read and validate every ``*.md`` under ``root`` (recursively) and ``synonyms.yaml``.

    Raises :class:`ArticleFormatError` on the first bad file, or on two files for one (slug, lang),
    before anything is returned: callers import all or nothing.
    """
    if not root.is_dir():
        raise ArticleFormatError(root, "not a directory")
    articles: list[Article] = []
    warnings: list[str] = []
    seen: dict[tuple[str, str], Path] = {}
    for path in sorted(root.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.name.lower() == "readme.md":
            continue
        article = read_article(path, warnings, encoding)
        if article.key in seen:
            raise ArticleFormatError(
                path, f"({article.slug}, {article.lang}) is already defined in {seen[article.key]}"
            )
        seen[article.key] = path
        articles.append(article)
    sets: list[list[str]] = []
    syn_path = root / SYNONYMS_FILE
    if syn_path.is_file():
        sets = parse_synonym_sets(decode_file(_read_bytes(syn_path), syn_path, encoding),
                                  syn_path)
    return KbDirectory(articles, sets, warnings)


def dump_article(article: Article) -> str:
    """The file text of one article (front matter, a blank line, the body)."""
    meta: dict[str, Any] = {
        "slug": article.slug,
        "kind": article.kind,
        "lang": article.lang,
        "title": article.title,
    }
    for key in LIST_KEYS:
        value = getattr(article, key)
        if value:
            meta[key] = list(value)
    if article.actions:
        meta["actions"] = [dict(a) for a in article.actions]
    if article.updated:
        meta["updated"] = article.updated
    for key, value in article.extra.items():
        if key not in meta:
            meta[key] = value
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    body = normalize_body(article.body)
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def article_path(root: Path, article: Article) -> Path:
    """Where export writes an article: ``<root>/<kind folder>/<slug>.<lang>.md``."""
    return root / KIND_DIRS.get(article.kind, article.kind) / f"{article.slug}.{article.lang}.md"


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_directory(root: Path, articles: Iterable[Article], synonym_sets: list[list[str]]) -> int:
    """Write every article (and ``synonyms.yaml`` when there are sets); returns the file count."""
    count = 0
    for article in articles:
        _write_atomic(article_path(root, article), dump_article(article))
        count += 1
    if synonym_sets:
        text = yaml.safe_dump(synonym_sets, allow_unicode=True, sort_keys=False, width=100)
        _write_atomic(root / SYNONYMS_FILE, text)
    return count
