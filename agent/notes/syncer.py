"""Syncer: uploads pending notes to the hub, and (optionally) pulls signed KB revisions.

Notes go in batches with their UUID and revision as the idempotency key; a note is marked synced
only when the hub answers the revision it stores (and only if the note did not change meanwhile;
the store checks) and that it stores the content sent: a hub holding another text at that
revision or later (this notes file was restored from an older copy) makes the note take the next
number and go up again in the same pass. Each note is checked with the contract's rules before it
goes up; one that fails (a value stored before those rules) is quarantined with the reason and the
rest go on. While the hub is down the syncer is ``offline`` and retries with exponential backoff
and jitter; a refused token (401/403) stops the retries until the token changes
(``needs-token``); garbage, 5xx or a wrong-shaped answer is an ``error`` that marks nothing.

Thread rule: :meth:`Syncer.sync_once` may be called from any thread (passes are serialised by an
internal lock); :meth:`start` runs passes periodically on the syncer's own thread. Listeners are
called on the thread doing the pass: a Qt adapter re-emits them as signals.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from agent.notes.hub_client import HubProblem, make_client, request_json
from agent.notes.listeners import Listeners, Subscription
from agent.notes.model import Note, NoteError, SyncCounts
from agent.notes.store import NotesStore
from kb.wire.notes import check_note, check_revision, check_uuid
from kb.wire.states import ProblemKind, SyncState

# The overall states shown in the UI (see SyncState).
ONLINE = SyncState.ONLINE
OFFLINE = SyncState.OFFLINE
UNAUTHORIZED = SyncState.NEEDS_TOKEN
ERROR = SyncState.ERROR
NOT_CONFIGURED = SyncState.NOT_CONFIGURED


class KbPullerLike(Protocol):
    def pull(self, client: Any) -> Any: ...


class OutboxLike(Protocol):
    """A further outbox uploaded in the same pass (``agent.notes.search_log.SearchLog``,
    ``agent.floor.outbox.FloorOutbox``)."""

    def upload(self, client: Any) -> int: ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    """The outcome of one pass (also sent to listeners while it runs, ``finished=False``)."""

    state: SyncState
    counts: SyncCounts
    sent: int = 0
    confirmed: int = 0
    rejected: int = 0  # refused by the hub in this pass
    error: str | None = None
    finished: bool = True
    retry_in: float | None = None
    total: int = 0  # pending when the pass started (progress: confirmed of total)
    kb: Any = None  # the KbPullReport of this pass, when KB pulling is configured
    quarantined: int = 0  # found unsendable (and quarantined) in this pass

    @property
    def ok(self) -> bool:
        return self.state == ONLINE and self.error is None


@dataclass
class _Backoff:
    base: float = 2.0
    cap: float = 300.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        """Exponential backoff with jitter: half to all of min(cap, base * 2**failures)."""
        ceiling = min(self.cap, self.base * (2 ** min(self.failures, 30)))
        self.failures += 1
        return ceiling * (0.5 + 0.5 * self.rng.random())

    def reset(self) -> None:
        self.failures = 0


class Syncer:
    """Moves the notes outbox to one hub. See the module docstring for states and threads."""

    def __init__(self, store: NotesStore, hub_url: str,
                 token: str | Callable[[], str | None] | None,
                 interval: float = 30.0, batch_size: int = 100, timeout: float = 10.0,
                 ca_file: Path | None = None, kb_puller: KbPullerLike | None = None,
                 backoff_base: float = 2.0, backoff_cap: float = 300.0,
                 rng: random.Random | None = None, search_log: OutboxLike | None = None,
                 floor_outbox: OutboxLike | None = None
                 ) -> None:
        self.store = store
        self.hub_url = hub_url.rstrip("/")
        self._token = token
        self.interval = interval
        self.batch_size = max(1, min(batch_size, 500))
        self.timeout = timeout
        self.ca_file = ca_file
        self.kb_puller = kb_puller
        self.search_log = search_log
        self.floor_outbox = floor_outbox
        self._backoff = _Backoff(backoff_base, backoff_cap, rng=rng or random.Random())
        self._pass_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: Listeners[SyncReport] = Listeners()
        self._token_refused: str | None = None
        self._quarantined = 0  # notes quarantined by the pass running now
        self.last_report = SyncReport(state=ONLINE if hub_url else NOT_CONFIGURED,
                                      counts=store.counts(), finished=True)

    # -- listeners and state -------------------------------------------------------------------

    def add_listener(self, listener: Callable[[SyncReport], None],
                     weak: bool = False) -> Subscription:
        """``listener(report)`` during passes (progress) and after each pass (finished), until
        the returned subscription is cancelled; ``weak``: held by a weak reference (a Qt
        object's method)."""
        return self._listeners.add(listener, weak)

    def remove_listener(self, listener: Callable[[SyncReport], None]) -> None:
        self._listeners.remove(listener)

    def _emit(self, report: SyncReport) -> None:
        # A broken listener must not stop syncing.
        self._listeners.notify(report, errors=lambda exc: None)

    @property
    def state(self) -> SyncState:
        return self.last_report.state

    def counts(self) -> SyncCounts:
        """Store counts with ``offline`` set from the last pass."""
        return replace(self.store.counts(), offline=self.last_report.state == OFFLINE)

    def set_token(self, token: str | Callable[[], str | None]) -> None:
        """A new token (e.g. the operator pasted one): retries resume at once."""
        self._token = token
        self._token_refused = None
        self.sync_now()

    def _resolve_token(self) -> str | None:
        return self._token() if callable(self._token) else self._token

    # -- one pass ------------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Upload everything pending (and pull the KB if configured); never raises for hub or
        network trouble: the report says what happened."""
        with self._pass_lock:
            self._quarantined = 0
            report = self._pass()
            if report.state in (OFFLINE, ERROR):
                report = replace(report, retry_in=self._backoff.next_delay())
            elif report.state == ONLINE:
                self._backoff.reset()
            self.last_report = report
        self._emit(report)
        return report

    def _finish(self, state: SyncState, sent: int, confirmed: int, rejected: int,
                error: str | None = None, kb: Any = None) -> SyncReport:
        counts = replace(self.store.counts(), offline=state == OFFLINE)
        return SyncReport(state=state, counts=counts, sent=sent, confirmed=confirmed,
                          rejected=rejected, error=error, kb=kb, quarantined=self._quarantined)

    def _pass(self) -> SyncReport:
        if not self.hub_url:
            return self._finish(NOT_CONFIGURED, 0, 0, 0, "no hub URL is configured")
        try:
            token = self._resolve_token()
        except Exception as exc:  # the keyring is unavailable or locked
            return self._finish(UNAUTHORIZED, 0, 0, 0, f"cannot read the hub token: {exc}")
        if not token:
            return self._finish(UNAUTHORIZED, 0, 0, 0, "no hub token: ask the administrator for "
                                                      "one and store it in the keyring")
        if self._token_refused == token:
            return self._finish(UNAUTHORIZED, 0, 0, 0, "the hub refused this token; it needs a "
                                                      "new token")
        sent = confirmed = rejected = 0
        with make_client(self.hub_url, token, self.timeout, self.ca_file) as client:
            try:
                sent, confirmed, rejected = self._upload(client)
                for outbox in (self.search_log, self.floor_outbox):
                    if outbox is not None:
                        outbox.upload(client)
            except HubProblem as problem:
                return self._problem(problem, token, sent, confirmed, rejected)
            kb = None
            if self.kb_puller is not None:
                kb = self.kb_puller.pull(client)
                kb_error = getattr(kb, "error", None)
                kb_kind = getattr(kb, "problem", None)
                if kb_error and kb_kind in (ProblemKind.OFFLINE, ProblemKind.AUTH):
                    return self._problem(HubProblem(kb_kind, kb_error), token, sent, confirmed,
                                         rejected, kb)
                if kb_error:
                    return self._finish(ERROR, sent, confirmed, rejected, kb_error, kb)
        return self._finish(ONLINE, sent, confirmed, rejected, kb=kb)

    def _problem(self, problem: HubProblem, token: str, sent: int, confirmed: int,
                 rejected: int, kb: Any = None) -> SyncReport:
        if problem.kind == ProblemKind.AUTH:
            self._token_refused = token
            return self._finish(UNAUTHORIZED, sent, confirmed, rejected, problem.message, kb)
        state = OFFLINE if problem.kind == ProblemKind.OFFLINE else ERROR
        return self._finish(state, sent, confirmed, rejected, problem.message, kb)

    def _sendable(self, notes: list[Note]) -> tuple[list[Note], list[bytes], int]:
        """The notes that pass the contract's check (with their wire entries as JSON), and how
        many did not: those are quarantined with the reason, so they never block the rest."""
        good: list[Note] = []
        entries: list[bytes] = []
        quarantined = 0
        for note in notes:
            try:
                check_uuid(note.uuid)
                check_revision(note.revision)
                checked = check_note(note.content())
            except NoteError as exc:
                self.store.quarantine(note.uuid, f"cannot be sent as it is: {exc}; correct "
                                      "that field (notes update) and it goes up again",
                                      note.revision)
                quarantined += 1
                continue
            good.append(note)
            entries.append(b'{"uuid":"%s","revision":%d,"note":%s}'
                           % (note.uuid.encode(), note.revision, checked.payload))
        return good, entries, quarantined

    def _upload(self, client: Any) -> tuple[int, int, int]:
        sent = confirmed = rejected = 0
        attempted: set[tuple[str, int]] = set()
        renumbered: set[str] = set()
        batch_size = self.batch_size
        total = self.store.counts().pending
        while True:
            batch = [n for n in self.store.dirty(batch_size + len(attempted))
                     if (n.uuid, n.revision) not in attempted][:batch_size]
            if not batch:
                return sent, confirmed, rejected
            batch, entries, quarantined = self._sendable(batch)
            self._quarantined += quarantined
            if not batch:
                continue
            try:
                answer = request_json(client, "POST", "/notes",
                                      content=b'{"notes":[' + b",".join(entries) + b"]}",
                                      headers={"Content-Type": "application/json"})
            except HubProblem as problem:
                rejection = problem.kind == ProblemKind.REJECTED
                if rejection and problem.status == 413 and batch_size > 1:
                    batch_size = max(1, batch_size // 2)
                    continue
                if rejection and problem.status == 413:
                    self.store.mark_failed(batch[0].uuid, "the note is too large for the hub",
                                           batch[0].revision)
                    rejected += 1
                    continue
                if rejection and problem.status in (403, 422) and problem.details:
                    refused = self._refused(batch, problem)
                    if refused:
                        rejected += refused
                        continue
                if rejection:
                    problem = HubProblem(ProblemKind.ERROR, problem.message, problem.status)
                raise problem from None
            results = self._results(answer, batch)
            sent += len(batch)
            attempted.update((n.uuid, n.revision) for n in batch)
            for note in batch:
                stored, matches = results[note.uuid]
                updated = self.store.mark_synced(note.uuid, stored, matches=matches,
                                                 may_renumber=note.uuid not in renumbered)
                if matches is False:
                    renumbered.add(note.uuid)  # at most once a pass, whatever a hub answers
                if updated is not None and updated.is_synced:
                    confirmed += 1
            self._emit(SyncReport(state=ONLINE, counts=self.store.counts(), sent=sent,
                                  confirmed=confirmed, rejected=rejected, finished=False,
                                  total=total))

    def _refused(self, batch: list[Any], problem: HubProblem) -> int:
        """Mark the notes a 422 (invalid) or 403 (another user's note) names as failed, with
        the hub's reason; the rest stay pending."""
        by_uuid = {n.uuid: n for n in batch}
        count = 0
        for detail in problem.details:
            index, note_uuid = detail.get("index"), detail.get("uuid")
            note = by_uuid.get(note_uuid) if isinstance(note_uuid, str) else None
            if note is None and isinstance(index, int) and 0 <= index < len(batch):
                note = batch[index]
            if note is not None:
                reason = str(detail.get("error") or problem.message)[:500]
                self.store.mark_failed(note.uuid, f"refused by the hub: {reason}", note.revision)
                count += 1
        return count

    @staticmethod
    def _results(answer: Any, batch: list[Any]) -> dict[str, tuple[int, bool | None]]:
        """The hub's stored revision per sent note, and whether it stores the content sent
        (None when it does not say); a wrong shape is an error (nothing marked)."""
        if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
            raise HubProblem(ProblemKind.ERROR, "the hub answered JSON of the wrong shape "
                                      "(no 'results' list); nothing was marked synced")
        results: dict[str, tuple[int, bool | None]] = {}
        for item in answer["results"]:
            if (isinstance(item, dict) and isinstance(item.get("uuid"), str)
                    and isinstance(item.get("revision"), int)
                    and not isinstance(item.get("revision"), bool)):
                matches = item.get("matches")
                results[item["uuid"]] = (item["revision"],
                                         matches if isinstance(matches, bool) else None)
        missing = [n.uuid for n in batch if n.uuid not in results]
        if missing:
            raise HubProblem(ProblemKind.ERROR, f"the hub did not confirm {len(missing)} of "
                                      f"{len(batch)} notes; nothing was marked synced")
        return results

    # -- periodic ------------------------------------------------------------------------------

    def start(self) -> None:
        """Run passes on the syncer's own thread: every ``interval`` seconds, sooner on
        :meth:`sync_now`, later (backoff) while offline or failing."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="notes-syncer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        """Ask the periodic thread for a pass at once (no-op when it is not running)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                report = self.sync_once()
            except Exception as exc:  # a bug or a broken store: report it, keep the thread
                report = SyncReport(state=ERROR, counts=SyncCounts(), error=repr(exc),
                                    retry_in=self._backoff.next_delay())
                self.last_report = report
                self._emit(report)
            # A backoff delay comes only with trouble that passes (offline, error); a missing or
            # refused token or hub URL waits the interval: only set_token / sync_now help sooner.
            self._wake.wait(report.retry_in if report.retry_in is not None else self.interval)
