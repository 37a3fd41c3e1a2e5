"""The KB editor's window: find, edit, preview, check and publish articles; the synonym sets;
what operators could not find.

Every change is saved as a local draft within half a second; the preview is the operator's own
panel; publishing goes through the hub's HTTP API as one signed revision, with the revision each
article was based on (a 409 opens the merge view). Thread rule: GUI thread only; drafts, the hub,
rendering and checks run on the service's and the preview's workers.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence
from PyQt6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from agent.editor.catalog import Entry, Key, build_entries
from agent.editor.diff import changes_html, field_changes
from agent.editor.drafts import Draft, SynonymsDraft
from agent.editor.hub_api import EDITOR_ROLES, Conflict
from agent.editor.merge import three_way
from agent.editor.model import ArticleData, blank_article, normalized, suggest_slug
from agent.editor.rules import (
    ERROR,
    Floor,
    Problem,
    check_article,
    check_synonym_sets,
    has_errors,
    installed_prompts,
)
from agent.notes.hub_client import HubProblem
from agent.ui.editor.article_list import ArticleList
from agent.ui.editor.dialogs import ConflictDialog, HistoryDialog, HtmlView, _labels
from agent.ui.editor.form import ArticleForm
from agent.ui.editor.pages import GapsPage, SynonymsPage
from agent.ui.editor.preview import PreviewPane
from agent.ui.editor.service import EditorService
from agent.ui.kb_service import KbService
from agent.ui.tasks import TaskRunner
from kb.analysis import query_language
from kb.wire.states import ProblemKind

SAVE_DELAY_MS = 400  # a draft is on disk within a second of the last keystroke
PREVIEW_DELAY_MS = 80
LONG_PREVIEW_DELAY_MS = 250
LONG_BODY_CHARS = 6_000
CHECK_DELAY_MS = 700
PUBLISH_RETRY_MS = 30_000


class EditorWindow(QMainWindow):
    """See the module docstring. ``departments`` are (key, label) of this floor."""

    def __init__(self, service: EditorService, kb: KbService, language: str,
                 departments: list[tuple[str, str]], sample_values: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorWindow")
        self.service = service
        self.kb = kb
        self.language = language
        self.departments = departments
        self.published: dict[Key, tuple[int, dict[str, Any]]] = {}
        self.latest = 0
        self.drafts: dict[str, Draft] = {}
        self.uses: dict[str, int] = {}
        self.current: Draft | None = None
        self.current_key: Key | None = None
        self.role = ""
        self.synonyms_published: tuple[int, list[list[str]]] = (0, [])
        self.synonyms_draft: SynonymsDraft | None = None
        self._pending_publish: tuple[list[Draft], Any] | None = None
        self._closed = False
        self.setWindowTitle(self.tr("Sufler — knowledge base editor"))

        self.list = ArticleList(kb)
        self.form = ArticleForm()
        self.form.set_floor(departments, installed_prompts())
        self.preview = PreviewPane(service.home)
        self.preview.set_sample_values(sample_values)
        self.changes = HtmlView()
        self.changes.setObjectName("changesView")
        self.pair_view = HtmlView()
        self.pair_view.setObjectName("pairView")
        self.pair_button = QPushButton()
        self.pair_button.clicked.connect(self.open_or_create_translation)
        pair = QWidget()
        pair_layout = QVBoxLayout(pair)
        pair_layout.setContentsMargins(0, 0, 0, 0)
        pair_layout.addWidget(self.pair_button, 0, Qt.AlignmentFlag.AlignLeft)
        pair_layout.addWidget(self.pair_view, 1)
        self.side = QTabWidget()
        self.side.setObjectName("sideTabs")
        self.side.addTab(self.preview, self.tr("Preview"))
        self.side.addTab(pair, self.tr("Other language"))
        self.side.addTab(self.changes, self.tr("Changes"))
        form_scroll = QScrollArea()
        form_scroll.setWidget(self.form)
        form_scroll.setWidgetResizable(True)
        self.empty = QLabel(self.tr("Choose an article on the left, or start a new one "
                                    "(Ctrl+N)."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        form_scroll.setMinimumWidth(500)
        self.side.setMinimumWidth(380)
        self.editing = QSplitter()
        self.editing.addWidget(form_scroll)
        self.editing.addWidget(self.side)
        self.editing.setStretchFactor(0, 2)  # the preview a little wider: operators' panel
        self.editing.setStretchFactor(1, 3)
        self.editing.setChildrenCollapsible(False)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.empty, 1)
        middle_layout.addWidget(self.editing, 1)
        self.editing.setVisible(False)
        self.list.setMinimumWidth(240)
        self.list.setMaximumWidth(460)
        articles = QSplitter()
        articles.addWidget(self.list)
        articles.addWidget(middle)
        articles.setStretchFactor(0, 0)
        articles.setStretchFactor(1, 1)
        articles.setChildrenCollapsible(False)
        articles.setSizes([290, 1070])
        self.synonyms = SynonymsPage()
        self.gaps = GapsPage()
        self.tabs = QTabWidget()
        self.tabs.addTab(articles, self.tr("Articles"))
        self.tabs.addTab(self.synonyms, self.tr("Synonyms"))
        self.tabs.addTab(self.gaps, self.tr("Search gaps"))
        self.setCentralWidget(self.tabs)
        self.hub_state = QLabel()
        status = self.statusBar()
        assert status is not None
        status.addPermanentWidget(self.hub_state)
        self._build_actions()

        self._save = self._timer(SAVE_DELAY_MS, self.save_current)
        self._render = self._timer(PREVIEW_DELAY_MS, self.update_preview)
        self._check = self._timer(CHECK_DELAY_MS, self.run_checks)
        self._synonyms_save = self._timer(SAVE_DELAY_MS, self.save_synonyms)
        self._retry = self._timer(PUBLISH_RETRY_MS, self.retry_publish)
        self._checks = TaskRunner("editor-checks", 1, self)
        self._check_id = 0
        self._connect()
        self.resize(1360, 760)

    @staticmethod
    def _timer(ms: int, slot: Any) -> QTimer:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Editor"))
        bar.setObjectName("editorToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        menu = self.menuBar()
        assert menu is not None
        article_menu = menu.addMenu(self.tr("&Article"))
        assert article_menu is not None
        self.commands: dict[str, QAction] = {}
        for name, text, shortcut, slot in (
            ("new", self.tr("&New article"), "Ctrl+N", self.new_article),
            ("check", self.tr("&Check"), "F7", lambda: self.run_checks(show=True)),
            ("publish", self.tr("&Publish"), "Ctrl+Shift+P", self.publish_selected),
            ("history", self.tr("&History…"), "Ctrl+H", self.show_history),
            ("discard", self.tr("&Discard draft"), None, self.discard_current),
            ("refresh", self.tr("&Reload from the hub"), "F5", self.reload),
        ):
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setToolTip(f"{text.replace('&', '')} ({shortcut})")
            action.triggered.connect(slot)
            article_menu.addAction(action)
            bar.addAction(action)
            self.commands[name] = action
        article_menu.addSeparator()
        close = QAction(self.tr("Close"), self)
        close.setShortcut(QKeySequence("Ctrl+W"))
        close.triggered.connect(self.close)
        article_menu.addAction(close)

    def _connect(self) -> None:
        s = self.service
        s.drafts_loaded.connect(self.on_drafts_loaded)
        s.drafts_failed.connect(lambda m: self.show_status(
            self.tr("Drafts cannot be saved: %1").replace("%1", m), error=True))
        s.draft_saved.connect(self.on_draft_saved)
        s.published_loaded.connect(self.on_published_loaded)
        s.hub_failed.connect(self.on_hub_failed)
        s.role_checked.connect(self.on_role_checked)
        s.publish_finished.connect(self.on_publish_finished)
        s.publish_conflicted.connect(self.on_publish_conflicted)
        s.publish_failed.connect(self.on_publish_failed)
        s.history_loaded.connect(self.on_history_loaded)
        s.version_loaded.connect(self.on_version_loaded)
        s.synonyms_loaded.connect(self.on_synonyms_loaded)
        s.synonyms_draft_loaded.connect(self.on_synonyms_draft_loaded)
        s.gaps_loaded.connect(self.gaps.set_gaps)
        s.usage_loaded.connect(self.on_usage_loaded)
        self.list.article_chosen.connect(self.open_entry)
        self.form.edited.connect(self.on_form_edited)
        self.synonyms.edited.connect(
            lambda: self._synonyms_save.isActive() or self._synonyms_save.start())
        self.synonyms.publish_requested.connect(self.publish_synonyms)
        self.synonyms.discard_requested.connect(self.discard_synonyms)
        self.gaps.refresh_requested.connect(self.service.load_reports)
        self.gaps.draft_requested.connect(self.draft_from_gap)
        self.gaps.synonym_requested.connect(self.synonym_from_gap)
        self.tabs.currentChanged.connect(self.on_tab_changed)

    def start(self) -> None:
        """Open the drafts and the local KB, ask the hub what is published (all on workers)."""
        self.service.open_drafts()
        self.kb.open()
        self.reload()

    def reload(self) -> None:
        self.hub_state.setText(self.tr("Connecting to the hub…"))
        self.service.check_role()
        self.service.load_published()
        self.service.load_synonyms()
        self.service.load_reports(self.gaps.days.value())

    # -- status ----------------------------------------------------------------------------------

    def show_status(self, text: str, *, error: bool = False, timeout: int = 0) -> None:
        status = self.statusBar()
        if status is not None:
            status.setProperty("error", error)
            status.showMessage(text, timeout)

    def on_hub_failed(self, what: str, message: str, kind: str = "") -> None:
        if kind == ProblemKind.AUTH and what not in ("role", "gaps", "usage"):
            # The hub answered: the token may read but not edit (an agent's) or was revoked. The
            # articles and the synonym sets load at once: whichever answers last says the same.
            self.hub_state.setToolTip(message)
            self.show_status(self.tr("The hub refused this token for editing (%1): publishing "
                                     "needs an editor token. Drafts are still kept.")
                             .replace("%1", message), error=True)
        elif what in ("role", "articles"):
            self.hub_state.setText(self.tr("Hub: not reachable"))
            self.hub_state.setToolTip(message)
            if what == "articles":
                self.show_status(self.tr("The hub cannot be reached (%1). Drafts are kept here; "
                                         "publish when it is back.").replace("%1", message),
                                 error=True)
        elif what in ("gaps", "usage"):
            self.gaps.show_failure(message)
        else:
            self.show_status(message, error=True)

    def on_role_checked(self, name: str, role: str) -> None:
        self.role = role
        allowed = role in EDITOR_ROLES
        self.hub_state.setText(self.tr("Hub: %1 (%2)").replace("%1", name).replace("%2", role))
        self.commands["publish"].setEnabled(allowed)
        self.synonyms.publish_button.setEnabled(allowed)
        if not allowed:
            self.show_status(self.tr("This token has the %1 role: publishing needs an editor "
                                     "token. Drafts are still kept.").replace("%1", role),
                             error=True)

    # -- the list --------------------------------------------------------------------------------

    def on_drafts_loaded(self, drafts: list[Draft]) -> None:
        self.drafts = {d.id: d for d in drafts}
        self.service.load_synonyms_draft()
        self.refresh_list()

    def on_published_loaded(self, latest: int, published: dict) -> None:
        self.latest, self.published = latest, published
        self.gaps.titles = {k[0]: a.get("title", k[0]) for k, (_r, a) in published.items()}
        self.refresh_list()
        key, current = self.current_key, self.current
        if key is not None and key in published and not self._save.isActive() and (
                current is None or current.id not in self.drafts):
            self.open_entry(key, force=True)  # show what is published now

    def on_usage_loaded(self, usage: dict[str, Any]) -> None:
        self.uses = {a["slug"]: int(a["opens"]) for a in usage.get("articles", [])}
        self.gaps.set_usage(usage)
        self.refresh_list()

    def refresh_list(self) -> None:
        self.list.set_entries(build_entries(self.published, list(self.drafts.values()),
                                            self.uses))
        if self.current_key is not None:
            self.list.select(self.current_key)

    def entry_key(self, draft: Draft) -> Key:
        return draft.origin or (f"~{draft.id}", "")

    def open_entry(self, key: Key, force: bool = False) -> None:
        """Show an article: its draft if there is one, else the published version."""
        if key == self.current_key and not force:
            return
        self.flush()
        draft = next((d for d in self.drafts.values() if self.entry_key(d) == key), None)
        if draft is None and key in self.published:
            revision, article = self.published[key]
            content = normalized(article)
            draft = Draft(article=copy.deepcopy(content), base=content, base_revision=revision,
                          origin=key)
        if draft is None:
            return
        self.current, self.current_key = draft, key
        self.form.load(draft.article, published=draft.origin is not None)
        self.empty.setVisible(False)
        self.editing.setVisible(True)
        self.show_draft_state()
        self.update_side_views()
        self.run_checks()

    def show_draft_state(self) -> None:
        draft = self.current
        if draft is None:
            return
        if draft.id not in self.drafts:
            text = self.tr("Published revision %1. Editing starts a draft.").replace(
                "%1", str(draft.base_revision))
        elif draft.origin is None:
            text = self.tr("New article, not published. Draft saved %1.")
        else:
            text = self.tr("Draft of revision %1, saved %2.").replace(
                "%1", str(draft.base_revision))
            published = self.published.get(draft.origin)
            if published is not None and published[0] > draft.base_revision:
                text += " " + self.tr("Revision %1 was published since: publishing will ask you "
                                      "to merge.").replace("%1", str(published[0]))
        when = dt.datetime.fromtimestamp(draft.updated_at).strftime("%H:%M:%S") \
            if draft.updated_at else ""
        self.form.state.setText(text.replace("%1", when).replace("%2", when))

    # -- editing ---------------------------------------------------------------------------------

    def on_form_edited(self) -> None:
        if self.current is None:
            return
        self.current.article = self.form.data()
        # Throttled, not debounced: each runs at most its delay after the first change it has
        # not seen yet, however fast the editor types (a debounce would wait for a pause).
        # A long article costs the view a full layout per update: refresh it less often.
        long_body = len(self.current.article.get("body") or "") > LONG_BODY_CHARS
        self._render.setInterval(LONG_PREVIEW_DELAY_MS if long_body else PREVIEW_DELAY_MS)
        for timer in (self._save, self._render, self._check):
            if not timer.isActive():
                timer.start()

    def flush(self) -> None:
        """Save a pending change now (before switching articles, publishing or closing)."""
        if self._save.isActive():
            self._save.stop()
            self.save_current()

    def save_current(self) -> None:
        draft = self.current
        if draft is None or self._closed:
            return
        if draft.id not in self.drafts and not draft.changed:
            return  # looked at, not changed: no draft
        self.drafts[draft.id] = draft
        self.service.save_draft(draft)

    def on_draft_saved(self, saved: Draft) -> None:
        known = self.drafts.get(saved.id)
        if known is not None:
            known.updated_at = saved.updated_at
        had_entry = any(e.draft is not None and e.draft.id == saved.id
                        for e in self.list.entries)
        if not had_entry:
            self.refresh_list()
        if self.current is not None and self.current.id == saved.id:
            self.show_draft_state()

    def update_preview(self) -> None:
        if self.current is not None:
            self.preview.show_article(self.current.article)

    def update_side_views(self) -> None:
        self.update_preview()
        draft = self.current
        if draft is None:
            return
        html = changes_html(field_changes(draft.base, draft.article), _labels())
        self.changes.setHtml(html or "<p>" + self.tr("No changes against the published "
                                                     "version.") + "</p>")
        other = self.pair()
        if other is None:
            self.pair_button.setText(self.tr("Create the translation"))
            self.pair_view.setHtml("<p>" + self.tr("There is no version in the other language "
                                                   "yet.") + "</p>")
        else:
            self.pair_button.setText(self.tr("Open the translation"))
            title = f"<h1>{_escape(other.get('title', ''))}</h1>"
            self.preview.render_body(str(other.get("body", "")), lambda body: (
                self.pair_view.show_body([title, *body.rendered.chunks], body.images)))

    def pair(self) -> ArticleData | None:
        """The current article in the other language (a draft first, else published)."""
        if self.current is None:
            return None
        slug = self.current.article.get("slug")
        other = "en" if self.current.article.get("lang") == "ru" else "ru"
        for draft in self.drafts.values():
            if (draft.article.get("slug"), draft.article.get("lang")) == (slug, other):
                return draft.article
        found = self.published.get((str(slug), other))
        return found[1] if found else None

    def open_or_create_translation(self) -> None:
        if self.current is None:
            return
        data = self.current.article
        other = "en" if data.get("lang") == "ru" else "ru"
        key = (str(data.get("slug")), other)
        existing = next((d for d in self.drafts.values()
                         if (d.article.get("slug"), d.article.get("lang")) == key), None)
        if existing is not None:
            self.open_entry(self.entry_key(existing))
        elif key in self.published:
            self.open_entry(key)
        else:
            article = {**blank_article(other), "slug": data.get("slug"),
                       "kind": data.get("kind"), "tags": list(data.get("tags") or []),
                       "title": data.get("title"), "body": data.get("body"),
                       "actions": copy.deepcopy(data.get("actions") or [])}
            self.start_draft(Draft(article=article))
            self.show_status(self.tr("Translation started from the original: translate the "
                                     "title, text and replies."))

    def start_draft(self, draft: Draft) -> None:
        self.drafts[draft.id] = draft
        self.service.save_draft(draft)
        self.refresh_list()
        self.tabs.setCurrentIndex(0)
        self.open_entry(self.entry_key(draft), force=True)
        self.list.select(self.entry_key(draft))

    def new_article(self) -> None:
        self.start_draft(Draft(article=blank_article("ru")))  # the KB is Russian first
        self.form.title.setFocus()

    def discard_current(self) -> None:
        draft = self.current
        if draft is None or draft.id not in self.drafts:
            return
        answer = QMessageBox.question(self, self.tr("Discard draft"), self.tr(
            "Discard your changes to “%1”? The published version stays.").replace(
            "%1", str(draft.article.get("title") or draft.article.get("slug"))))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._save.stop()
        self.drafts.pop(draft.id, None)
        self.service.discard_draft(draft.id)
        self.current = self.current_key = None
        self.refresh_list()
        if draft.origin is not None:
            self.open_entry(draft.origin, force=True)
        else:
            self.editing.setVisible(False)
            self.empty.setVisible(True)

    # -- checks ----------------------------------------------------------------------------------

    def floor(self, exclude: Draft | None = None) -> Floor:
        slugs: dict[str, set[str]] = {}
        for slug, lang in self.published:
            if exclude is None or (slug, lang) != exclude.origin:
                slugs.setdefault(lang, set()).add(slug)
        for draft in self.drafts.values():
            if draft is not exclude and draft.id != (exclude.id if exclude else None):
                slugs.setdefault(str(draft.article.get("lang")), set()).add(
                    str(draft.article.get("slug")))
        return Floor(slugs, {key for key, _label in self.departments}, installed_prompts())

    def problems_of(self, draft: Draft) -> list[Problem]:
        """Blocking: only for an explicit publish (typing checks run on the worker)."""
        return list(self._problems_job(draft)())

    def run_checks(self, show: bool = False) -> None:
        """Check the current draft on the checks worker (a long body takes a while); the
        problems are listed when the newest check comes back."""
        draft = self.current
        if draft is None:
            return
        snapshot = Draft(article=copy.deepcopy(draft.article), origin=draft.origin,
                         id=draft.id)
        self._check_id += 1
        check_id = self._check_id

        def done(problems: list[Problem]) -> None:
            if check_id != self._check_id or self.current is None or \
                    self.current.id != draft.id:
                return  # a newer check, or another article, is on screen
            self.form.show_problems(problems)
            if show:
                errors = sum(1 for p in problems if p.severity == ERROR)
                self.show_status(self.tr("%1 error(s), %2 warning(s)").replace(
                    "%1", str(errors)).replace("%2", str(len(problems) - errors)))

        floor_problems = self._problems_job(snapshot)
        self._checks.submit(floor_problems, on_done=done)

    def _problems_job(self, draft: Draft) -> Any:
        """What the worker runs: the floor is gathered here, on the GUI thread."""
        renamed = draft.origin is not None and (
            draft.article.get("slug"), draft.article.get("lang")) != draft.origin
        floor = self.floor(exclude=draft)
        if draft.origin is not None and not renamed:
            floor.slugs.setdefault(draft.origin[1], set()).discard(draft.origin[0])
        is_new = draft.origin is None or renamed
        return lambda: check_article(draft.article, floor, is_new=is_new)

    # -- publishing ------------------------------------------------------------------------------

    def drafts_to_publish(self) -> list[Draft]:
        chosen = []
        for key in self.list.selected_keys():
            entry: Entry | None = self.list.entry(key)
            if entry is not None and entry.draft is not None:
                chosen.append(self.drafts.get(entry.draft.id, entry.draft))
        if self.current is not None and self.current.id in self.drafts and \
                all(d.id != self.current.id for d in chosen):
            chosen.append(self.current)
        return [d for d in chosen if d.changed]

    def publish_selected(self) -> None:
        self.flush()
        drafts = self.drafts_to_publish()
        if not drafts:
            self.show_status(self.tr("Nothing to publish: no draft is selected or changed."))
            return
        for draft in drafts:
            problems = self.problems_of(draft)
            if has_errors(problems):
                self.open_entry(self.entry_key(draft))
                self.form.show_problems(problems)
                first = next(p for p in problems if p.severity == ERROR)
                self.form.focus_field(first.field)
                self.show_status(self.tr("Not published: fix the problems of “%1” first.")
                                 .replace("%1", str(draft.article.get("title") or "?")),
                                 error=True)
                return
        self.publish(drafts)

    def publish(self, drafts: list[Draft], synonyms: Any = None) -> None:
        self._retry.stop()
        self._pending_publish = (drafts, synonyms)
        self.commands["publish"].setEnabled(False)
        self.show_status(self.tr("Publishing…"))
        self.service.publish(drafts, synonyms)

    def retry_publish(self) -> None:
        if self._pending_publish is not None:
            self.publish(*self._pending_publish)

    def on_publish_finished(self, answer: dict[str, Any], drafts: list[Draft]) -> None:
        sent_synonyms = self._pending_publish is not None and self._pending_publish[1]
        self._pending_publish = None
        self.commands["publish"].setEnabled(self.role in EDITOR_ROLES or not self.role)
        for draft in drafts:
            self.drafts.pop(draft.id, None)
            self.service.discard_draft(draft.id)
        if drafts and self.current is not None and self.current.id in {d.id for d in drafts}:
            key = (str(self.current.article["slug"]), str(self.current.article["lang"]))
            self.current = None
            self.current_key = key
        if sent_synonyms:
            self.synonyms_draft = None
            self.service.discard_synonyms()
        self.show_status(self.tr("Published revision %1 (%2 article(s)). Workstations get it "
                                 "at their next sync.").replace("%1", str(answer.get("revision")))
                         .replace("%2", str(answer.get("upserts", 0))))
        self.service.load_published()
        self.service.load_synonyms()

    def on_publish_failed(self, problem: HubProblem, drafts: list[Draft]) -> None:
        self.commands["publish"].setEnabled(True)
        if problem.kind is ProblemKind.OFFLINE:
            self.show_status(self.tr("The hub is unreachable: your drafts are kept and "
                                     "publishing is tried again every 30 s."), error=True)
            self._retry.start()
            return
        self._pending_publish = None
        if problem.kind is ProblemKind.AUTH:
            text = self.tr("The hub refused your token (%1). Ask the administrator for an "
                           "editor token and store it in the keyring; your drafts are kept.")
        else:
            text = self.tr("The hub did not publish: %1. Your drafts are kept.")
        details = "\n".join(str(d.get("error", d)) for d in problem.details)
        message = text.replace("%1", problem.message)
        self.show_status(message, error=True)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not published"), message,
                          QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.open()

    def on_publish_conflicted(self, conflict: Conflict, drafts: list[Draft]) -> None:
        """Nothing was published: merge each conflicting article in turn, then publish again."""
        self.commands["publish"].setEnabled(True)
        self._pending_publish = None
        if conflict.synonyms is not None:
            self.merge_synonyms(conflict.synonyms)
            return
        by_key = {(str(d.article.get("slug")), str(d.article.get("lang"))): d for d in drafts}
        by_key.update({d.origin: d for d in drafts if d.origin is not None})
        queue = [(by_key[(c["slug"], c["lang"])], c) for c in conflict.articles
                 if (c["slug"], c["lang"]) in by_key]
        self._merge_next(queue, drafts)

    def _merge_next(self, queue: list[tuple[Draft, dict[str, Any]]],
                    drafts: list[Draft]) -> None:
        if not queue:
            self.publish(drafts)
            return
        draft, item = queue.pop(0)
        current = item.get("current")
        if current is None:  # deleted meanwhile: publishing again re-creates it
            draft.base_revision = int(item["current_revision"])
            self.service.save_draft(draft)
            self._merge_next(queue, drafts)
            return
        merge = three_way(draft.base, draft.article, current)
        self.open_entry(self.entry_key(draft))
        dialog = ConflictDialog(merge, str(draft.article.get("title") or item["slug"]),
                                int(item["current_revision"]), parent=self)
        self.conflict_dialog: ConflictDialog | None = dialog

        def merged() -> None:
            draft.article = merge.merged
            draft.base = normalized(current)
            draft.base_revision = int(item["current_revision"])
            self.drafts[draft.id] = draft
            self.service.save_draft(draft)
            if self.current is not None and self.current.id == draft.id:
                self.form.load(draft.article, published=draft.origin is not None)
                self.update_side_views()
            self._merge_next(queue, drafts)

        def kept() -> None:
            self.show_status(self.tr("Not published: “%1” was changed on the hub. Your draft "
                                     "is kept; publish again to merge.")
                             .replace("%1", str(draft.article.get("title"))), error=True)
            self.refresh_list()

        dialog.accepted.connect(merged)
        dialog.rejected.connect(kept)
        dialog.open()

    # -- history ---------------------------------------------------------------------------------

    def show_history(self) -> None:
        draft = self.current
        if draft is None or draft.origin is None:
            self.show_status(self.tr("A new article has no history yet."))
            return
        self.service.load_history(*draft.origin)

    def on_history_loaded(self, slug: str, lang: str, history: list[dict[str, Any]]) -> None:
        title = next((h["title"] for h in history if h["title"]), slug)
        dialog = HistoryDialog(title, history, self)
        dialog.version_wanted.connect(
            lambda tag, revision: self.service.load_version((tag, revision), slug, lang,
                                                            revision))
        dialog.revert_requested.connect(lambda revision: self.revert(dialog, slug, lang,
                                                                     revision))
        self.history_dialog = dialog
        dialog.open()
        if history:
            dialog.list.setCurrentRow(0)

    def on_version_loaded(self, tag: Any, version: dict[str, Any] | None) -> None:
        dialog, revision = tag
        if isinstance(dialog, HistoryDialog):
            dialog.add_version(revision, version)

    def revert(self, dialog: HistoryDialog, slug: str, lang: str, revision: int) -> None:
        old = (dialog.versions.get(revision) or {}).get("article")
        published = self.published.get((slug, lang))
        if old is None or published is None:
            return
        answer = QMessageBox.question(dialog, self.tr("Revert"), self.tr(
            "Publish revision %1 again as the newest version?").replace("%1", str(revision)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        dialog.accept()
        existing = next((d for d in self.drafts.values() if d.origin == (slug, lang)), None)
        draft = existing or Draft(article={}, origin=(slug, lang))
        draft.article = normalized(old)
        draft.base, draft.base_revision = normalized(published[1]), published[0]
        self.drafts[draft.id] = draft
        self.service.save_draft(draft)
        self.current_key = None
        self.open_entry((slug, lang), force=True)
        self.publish([draft])

    # -- synonyms --------------------------------------------------------------------------------

    def on_synonyms_loaded(self, revision: int, sets: list[list[str]]) -> None:
        self.synonyms_published = (revision, sets)
        if self.synonyms_draft is None:
            self.synonyms.set_sets(sets)
            self.synonyms.state.setText(self.tr("Published revision %1").replace(
                "%1", str(revision)))

    def on_synonyms_draft_loaded(self, draft: SynonymsDraft | None) -> None:
        self.synonyms_draft = draft
        if draft is not None:
            self.synonyms.set_sets(draft.sets)
            self.synonyms.state.setText(self.tr("Draft (not published)"))

    def save_synonyms(self) -> None:
        revision, published = self.synonyms_published
        draft = self.synonyms_draft or SynonymsDraft([], published, revision)
        draft.sets = self.synonyms.sets()
        self.synonyms_draft = draft
        self.service.save_synonyms(draft)
        self.synonyms.state.setText(self.tr("Draft saved %1").replace(
            "%1", dt.datetime.now().strftime("%H:%M:%S")))
        self.synonyms.show_problems(check_synonym_sets(draft.sets))

    def publish_synonyms(self) -> None:
        if self._synonyms_save.isActive():
            self._synonyms_save.stop()
            self.save_synonyms()
        draft = self.synonyms_draft
        if draft is None:
            self.show_status(self.tr("The synonym sets have no changes to publish."))
            return
        problems = check_synonym_sets(draft.sets)
        self.synonyms.show_problems(problems)
        if problems:
            self.show_status(self.tr("Not published: fix the synonym sets first."), error=True)
            return
        self.publish([], (draft.sets, draft.base_revision))

    def merge_synonyms(self, conflict: dict[str, Any]) -> None:
        theirs = [list(s) for s in conflict.get("current") or []]
        draft = self.synonyms_draft
        if draft is None:
            return
        answer = QMessageBox.question(self, self.tr("Synonyms changed on the hub"), self.tr(
            "Someone published other synonym sets while you edited. Keep both (their sets plus "
            "yours that they do not have) and publish?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        known = {tuple(s) for s in theirs}
        draft.sets = theirs + [s for s in draft.sets if tuple(s) not in known]
        draft.base, draft.base_revision = theirs, int(conflict["current_revision"])
        self.synonyms.set_sets(draft.sets)
        self.service.save_synonyms(draft)
        self.publish([], (draft.sets, draft.base_revision))

    def discard_synonyms(self) -> None:
        self.synonyms_draft = None
        self.service.discard_synonyms()
        self.on_synonyms_loaded(*self.synonyms_published)

    # -- search gaps -----------------------------------------------------------------------------

    def on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.gaps:
            self.service.load_reports(self.gaps.days.value())

    def draft_from_gap(self, query: str) -> None:
        taken = {slug for slug, _lang in self.published}
        title = query[:1].upper() + query[1:]
        article = {**blank_article(query_language(query) or "ru"), "title": title,
                   "slug": suggest_slug(query, taken), "synonyms": [query]}
        self.start_draft(Draft(article=article))
        self.show_status(self.tr("New draft from the search “%1”: write the text and replies, "
                                 "then publish.").replace("%1", query))

    def synonym_from_gap(self, query: str) -> None:
        entries = sorted(self.list.entries, key=lambda e: e.title.casefold())
        if not entries:
            return
        names = [ArticleList.describe(e) for e in entries]
        name, ok = QInputDialog.getItem(self, self.tr("Add as a synonym"), self.tr(
            "Operators searched for “%1”. Which article should it find?").replace("%1", query),
            names, 0, False)
        if ok:
            self.add_synonym(entries[names.index(name)].key, query)

    def add_synonym(self, key: Key, query: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.open_entry(key, force=True)
        if self.current is None:
            return
        synonyms = list(self.current.article.get("synonyms") or [])
        if query not in synonyms:
            self.current.article["synonyms"] = [*synonyms, query]
            self.form.load(self.current.article, published=self.current.origin is not None)
            self.on_form_edited()
        self.show_status(self.tr("“%1” added to the synonyms of this article: publish to make "
                                 "operators find it.").replace("%1", query))

    # -- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.flush()
        if self._synonyms_save.isActive():
            self._synonyms_save.stop()
            self.save_synonyms()
        self._closed = True
        for timer in (self._render, self._check, self._retry):
            timer.stop()
        self.preview.close_runner()
        self._checks.close(wait=False)
        self.service.close()
        self.kb.close()
        super().closeEvent(event)


def _escape(text: Any) -> str:
    import html

    return html.escape(str(text))


def default_home() -> Path:
    from kb.paths import data_dir

    return data_dir()
