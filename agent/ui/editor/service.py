"""The editor's services: drafts on a serialized executor, the hub on a network executor.

Core objects (:class:`~agent.editor.drafts.DraftStore`, :class:`~agent.editor.hub_api.EditorHub`)
are plain Python; this adapter runs them off the UI thread and re-emits their results as
signals. Thread rule: methods are called on the GUI thread; signals arrive on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.editor.drafts import DRAFTS_FILE, Draft, DraftStore, SynonymsDraft
from agent.editor.hub_api import Conflict, EditorHub
from agent.notes.hub_client import HubProblem
from agent.ui.tasks import TaskRunner
from kb.wire.states import ProblemKind

log = logging.getLogger(__name__)

Key = tuple[str, str]


class EditorService(QObject):
    """Drafts and the hub for the editor window."""

    drafts_loaded = pyqtSignal(list)  # [Draft]
    drafts_failed = pyqtSignal(str)
    draft_saved = pyqtSignal(object)  # Draft
    published_loaded = pyqtSignal(int, dict)  # (latest revision, {key: (revision, article)})
    hub_failed = pyqtSignal(str, str, str)  # (what was being done, the message, ProblemKind or "")
    role_checked = pyqtSignal(str, str)  # (user, role)
    publish_finished = pyqtSignal(dict, list)  # (the hub's answer, the drafts published)
    publish_conflicted = pyqtSignal(object, list)  # (Conflict, the drafts sent)
    publish_failed = pyqtSignal(object, list)  # (HubProblem, the drafts sent)
    history_loaded = pyqtSignal(str, str, list)  # (slug, lang, [entry])
    version_loaded = pyqtSignal(object, object)  # (request tag, {"revision", "article"...})
    synonyms_loaded = pyqtSignal(int, list)
    synonyms_draft_loaded = pyqtSignal(object)  # SynonymsDraft | None
    gaps_loaded = pyqtSignal(list)
    usage_loaded = pyqtSignal(dict)

    def __init__(self, home: Path, hub: EditorHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.hub = hub
        self.store: DraftStore | None = None
        self._disk = TaskRunner("editor-drafts", 1, self)
        self._net = TaskRunner("editor-hub", 1, self)

    # -- drafts ----------------------------------------------------------------------------------

    def open_drafts(self) -> None:
        def run() -> list[Draft]:
            self.store = DraftStore(self.home / DRAFTS_FILE)
            return self.store.all()

        self._disk.submit(run, on_done=self.drafts_loaded.emit,
                          on_error=lambda exc: self.drafts_failed.emit(str(exc)))

    def _store(self) -> DraftStore:
        if self.store is None:
            raise RuntimeError("the drafts are not open yet")
        return self.store

    def save_draft(self, draft: Draft) -> None:
        """Commit a copy of ``draft`` on the drafts executor; :attr:`draft_saved` follows."""
        snapshot = Draft(article=_copy(draft.article), base=_copy(draft.base),
                         base_revision=draft.base_revision, origin=draft.origin, id=draft.id)
        self._disk.submit(lambda: self._store().save(snapshot), on_done=self.draft_saved.emit,
                          on_error=lambda exc: self.drafts_failed.emit(str(exc)))

    def discard_draft(self, draft_id: str, on_done: Callable[[Any], None] | None = None) -> None:
        self._disk.submit(lambda: self._store().discard(draft_id), on_done=on_done)

    def save_synonyms(self, draft: SynonymsDraft) -> None:
        snapshot = SynonymsDraft([list(s) for s in draft.sets], draft.base, draft.base_revision)
        self._disk.submit(lambda: self._store().save_synonyms(snapshot))

    def load_synonyms_draft(self) -> None:
        self._disk.submit(lambda: self._store().synonyms(),
                          on_done=self.synonyms_draft_loaded.emit)

    def discard_synonyms(self) -> None:
        self._disk.submit(lambda: self._store().discard_synonyms())

    # -- the hub ---------------------------------------------------------------------------------

    def _hub_job(self, what: str, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, HubProblem):
                self.hub_failed.emit(what, exc.message, str(exc.kind))
                return
            log.error("editor hub job %s failed: %r", what, exc)
            self.hub_failed.emit(what, str(exc), "")

        self._net.submit(fn, on_done=on_done, on_error=failed)

    def check_role(self) -> None:
        self._hub_job("role", self.hub.role, lambda r: self.role_checked.emit(*r))

    def load_published(self) -> None:
        def run() -> tuple[int, dict[Key, tuple[int, dict[str, Any]]]]:
            latest, items = self.hub.articles()
            return latest, {(a["slug"], a["lang"]): (rev, a) for rev, a in items}

        self._hub_job("articles", run, lambda r: self.published_loaded.emit(*r))

    def publish(self, drafts: list[Draft],
                synonyms: tuple[list[list[str]], int] | None = None) -> None:
        """One revision of every draft given (and the synonym sets); one of
        :attr:`publish_finished`, :attr:`publish_conflicted`, :attr:`publish_failed` follows."""
        upserts, deletions = [], []
        for d in drafts:
            renamed = d.origin is not None and (d.article.get("slug"),
                                                d.article.get("lang")) != d.origin
            upserts.append((_copy(d.article), 0 if renamed else d.base_revision))
            if renamed and d.origin is not None:  # a rename: the old slug goes in the same step
                deletions.append((d.origin[0], d.origin[1], d.base_revision))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Conflict):
                self.publish_conflicted.emit(exc, drafts)
            elif isinstance(exc, HubProblem):
                self.publish_failed.emit(exc, drafts)
            else:
                log.error("publishing failed: %r", exc)
                self.publish_failed.emit(HubProblem(ProblemKind.ERROR, str(exc)), drafts)

        self._net.submit(lambda: self.hub.publish(upserts, deletions, synonyms=synonyms),
                         on_done=lambda answer: self.publish_finished.emit(answer, drafts),
                         on_error=failed)

    def load_history(self, slug: str, lang: str) -> None:
        self._hub_job("history", lambda: self.hub.history(slug, lang),
                      lambda h: self.history_loaded.emit(slug, lang, h))

    def load_version(self, tag: object, slug: str, lang: str, revision: int | None) -> None:
        def run() -> dict[str, Any] | None:
            try:
                return self.hub.article(slug, lang, revision)
            except HubProblem as problem:
                if problem.status == 404:
                    return None
                raise

        self._hub_job("version", run, lambda v: self.version_loaded.emit(tag, v))

    def load_synonyms(self) -> None:
        self._hub_job("synonyms", self.hub.synonyms, lambda r: self.synonyms_loaded.emit(*r))

    def load_reports(self, days: int) -> None:
        self._hub_job("gaps", lambda: self.hub.search_gaps(days), self.gaps_loaded.emit)
        self._hub_job("usage", lambda: self.hub.most_used(days), self.usage_loaded.emit)

    def close(self) -> None:
        """Blocks until queued draft writes are on disk: call on exit."""
        self._net.close(wait=False)
        self._disk.close(wait=True)
        if self.store is not None:
            self.store.close()


def _copy(value: Any) -> Any:
    import copy

    return copy.deepcopy(value)
