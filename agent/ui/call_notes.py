"""Binding of call notes to calls: one note per call, created when the call appears, with its
times filled from the phone and the KB articles the operator used; and the wrap-up rule (a
completed note ends the wrap-up).

Panels change the bound note through here (caller's name, articles used, completion) and other
parts ask here for a note form or a line in the note; :class:`~agent.ui.notes_panel.NotesPanel`
shows what this object says. Thread rule: GUI thread only; writes go through
:class:`~agent.ui.notes_service.NotesService`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.notes.model import MAX_CALLER_NAME
from agent.phone.protocol import AgentState, AgentStateEvent, Call, Direction
from agent.ui.notes_service import NotesService, new_note_uuid
from agent.ui.phone_state import PhoneState, RefusedCall, refusal_text

# A caller the queue offers again and again while the operator is away is one History entry
# (with a count) as long as the refusals come closer together than this.
REFUSALS_MERGE_S = 120.0


@dataclass
class NoteSession:
    """The UI-side copy of one call's note (the store holds the saved truth)."""

    uuid: str
    engine_call: int
    number: str
    direction: str
    started_at: float
    display_name: str = ""
    answered_at: float | None = None
    ended_at: float | None = None
    caller_name: str = ""
    text: str = ""
    wrap_up_code: str = ""
    complaint: dict[str, Any] = field(default_factory=dict)
    callback: dict[str, Any] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    completed: bool = False
    sync_state: str = "pending"

    @classmethod
    def from_note(cls, note: Any) -> NoteSession:
        """A session for a stored note (reopened from the history; no call of the engine)."""
        return cls(
            uuid=note.uuid, engine_call=-1, number=note.number, direction=note.direction,
            started_at=float(note.started_at or note.created_at), answered_at=note.answered_at,
            ended_at=note.ended_at, caller_name=note.caller_name, text=note.text,
            wrap_up_code=note.wrap_up_code, complaint=dict(note.complaint),
            callback=dict(note.callback), articles=list(note.articles), completed=note.completed,
            sync_state=note.sync_state,
        )


class CallNotes(QObject):
    """Creates and updates the note of every call; says which note the panel should show."""

    session_bound = pyqtSignal(object)  # NoteSession | None
    session_changed = pyqtSignal(object)  # NoteSession (times or articles changed)
    caller_name_changed = pyqtSignal(str)  # the bound note's caller name (fills the replies)
    form_requested = pyqtSignal(str)  # "complaint" | "callback": open that part of the note
    line_requested = pyqtSignal(str)  # a line to add to the note's text
    wrap_up_suggested = pyqtSignal(str)  # a wrap-up code for the bound note, if none is chosen
    callback_changed = pyqtSignal()  # the bound note's callback form changed (fills replies)
    call_missed = pyqtSignal(object)  # NoteSession: an incoming call ended before anyone answered
    call_refused = pyqtSignal(object, object)  # (NoteSession, RefusedCall): turned away, unrung

    def __init__(self, phone: PhoneState, notes: NotesService,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.notes = notes
        self.sessions: dict[int, NoteSession] = {}
        self.bound: NoteSession | None = None
        self.article_titles: dict[str, str] = {}  # slug -> title, of the articles used
        # (number, cause) -> (its note, how many refusals, the last one's time)
        self.refusals: dict[tuple[str, str], tuple[NoteSession, int, float]] = {}
        phone.call_state_changed.connect(self.on_call_state_changed)
        phone.call_ended.connect(self.on_call_ended)
        phone.lines_updated.connect(self.rebind)
        phone.agent_state_changed.connect(self.on_agent_state_changed)
        phone.call_refused.connect(self.on_call_refused)
        notes.note_saved.connect(self.on_note_saved)

    def on_call_state_changed(self, call: Call) -> None:
        if not call.is_live:
            return
        session = self.sessions.get(call.call)
        if session is None:
            if call.consult_for is not None:
                return  # the consultation leg belongs to the caller's note
            started = call.started or time.time()
            session = NoteSession(
                uuid=new_note_uuid(), engine_call=call.call,
                number=call.caller_id or call.remote_uri,
                direction="out" if call.direction is Direction.OUT else "in",
                started_at=started, display_name=call.display_name,
                # a first guess the operator edits
                caller_name=call.display_name[:MAX_CALLER_NAME],
            )
            self.sessions[call.call] = session
            self.notes.create(session.uuid, f"{call.call}@{int(started)}", session.number,
                              session.direction, started, caller_name=session.caller_name)
        if call.answered and session.answered_at is None:
            session.answered_at = call.answered
            self.notes.update(session.uuid, answered_at=session.answered_at)
            self.session_changed.emit(session)

    def on_call_ended(self, call: Call) -> None:
        session = self.sessions.pop(call.call, None)
        if session is None:
            return
        session.ended_at = call.ended or time.time()
        fields: dict[str, Any] = {"ended_at": session.ended_at}
        if call.answered and session.answered_at is None:
            session.answered_at = call.answered
            fields["answered_at"] = session.answered_at
        rejected = self.phone.was_rejected(call.call)
        if session.answered_at is None and not session.wrap_up_code:
            # Missed or rejected: nothing to wrap up, the note is complete as it is.
            session.wrap_up_code = "missed" if session.direction == Direction.IN else "no-answer"
            session.completed = True
            fields.update(wrap_up_code=session.wrap_up_code, completed=True)
            if session.direction == Direction.IN and not rejected:
                self.call_missed.emit(session)
        self.notes.update(session.uuid, **fields)
        self.session_changed.emit(session)
        self.rebind()
        if self.bound is None and session.answered_at is not None:
            # Keep the ended call's note in view for the wrap-up.
            self._bind(session)

    def on_call_refused(self, refused: RefusedCall) -> None:
        """A call turned away by the operator's state gets a complete note of its own
        (wrap-up ``refused``, the state in its text), so History shows it; refusals of one
        caller in quick succession add up in one note."""
        key = (refused.number, refused.cause.value)
        text = refusal_text(refused)
        earlier = self.refusals.get(key)
        if earlier is not None and refused.at - earlier[2] <= REFUSALS_MERGE_S:
            session, count = earlier[0], earlier[1] + 1
            session.text = f"{text} (×{count})"
            session.ended_at = refused.at
            self.notes.update(session.uuid, text=session.text, ended_at=refused.at)
        else:
            session = NoteSession(
                uuid=new_note_uuid(), engine_call=-1, number=refused.number, direction="in",
                started_at=refused.at, ended_at=refused.at, text=text, wrap_up_code="refused",
                completed=True)
            count = 1
            self.notes.create(session.uuid, None, session.number, "in", refused.at,
                              ended_at=refused.at, text=text, wrap_up_code="refused",
                              completed=True)
        self.refusals[key] = (session, count, refused.at)
        for stale in [k for k, v in self.refusals.items()
                      if refused.at - v[2] > REFUSALS_MERGE_S]:
            del self.refusals[stale]
        self.call_refused.emit(session, refused)

    def rebind(self) -> None:
        call = self.phone.current_call()
        if call is None:
            return  # keep showing the last note (wrap-up) until a new call comes
        session = self.sessions.get(call.call)
        if session is None and call.consult_for is not None:
            session = self.sessions.get(call.consult_for)
        if session is not None and session is not self.bound:
            self._bind(session)

    def _bind(self, session: NoteSession) -> None:
        self.bound = session
        self.session_bound.emit(session)
        self.caller_name_changed.emit(session.caller_name)

    def record_article(self, slug: str, title: str = "") -> None:
        """The operator used a reply or action of ``slug``: note it on the current call."""
        if title:
            self.article_titles[slug] = title
        session = self.bound
        if session is None or slug in session.articles:
            return
        session.articles.append(slug)
        self.notes.update(session.uuid, articles=list(session.articles))
        self.session_changed.emit(session)

    def article_title(self, slug: str) -> str:
        return self.article_titles.get(slug, slug)

    def set_caller_name(self, name: str) -> None:
        """The operator typed the caller's name (the note panel saves it with the note)."""
        if self.bound is not None:
            self.bound.caller_name = name
        self.caller_name_changed.emit(name)

    def request_form(self, form: str) -> None:
        """Open the ``complaint`` or ``callback`` part of the bound note (from an article)."""
        self.form_requested.emit(form)

    def add_line(self, line: str) -> None:
        """Append ``line`` to the bound note's text (e.g. where the call was transferred)."""
        self.line_requested.emit(line)

    def record_transfer(self, call_id: int, line: str) -> None:
        """The call ``call_id`` was transferred: ``line`` goes into its note, whose wrap-up
        code becomes "transferred" unless the operator chose one."""
        session = self.sessions.get(call_id)
        if session is None or session is self.bound:
            self.add_line(line)
            self.wrap_up_suggested.emit("transferred")
            return
        session.text = f"{session.text}\n{line}" if session.text.strip() else line
        fields: dict[str, Any] = {"text": session.text}
        if not session.wrap_up_code:
            session.wrap_up_code = fields["wrap_up_code"] = "transferred"
        self.notes.update(session.uuid, **fields)

    def complete(self, session: NoteSession) -> None:
        """Mark the note complete; a completed note ends the wrap-up at once."""
        if session.completed:
            return
        session.completed = True
        self.notes.update(session.uuid, completed=True)
        self.session_changed.emit(session)
        if self.phone.agent.state is AgentState.WRAP_UP:
            self.phone.set_agent_state(AgentState.READY)

    def on_agent_state_changed(self, agent: AgentStateEvent) -> None:
        # A note completed during the call needs no wrap-up time after it.
        session = self.bound
        if agent.state is AgentState.WRAP_UP and session is not None and session.completed \
                and not self.phone.live_calls():
            self.phone.set_agent_state(AgentState.READY)

    def open_note(self, note: Any) -> NoteSession:
        """Show a stored note (from the history) in the note panel until the next call event.

        A note of a call still in progress keeps its live session."""
        session = next((s for s in self.sessions.values() if s.uuid == note.uuid), None)
        if session is None:
            session = NoteSession.from_note(note)
        self._bind(session)
        return session

    def on_note_saved(self, note: Any) -> None:
        if self.bound is not None and getattr(note, "uuid", None) == self.bound.uuid:
            self.bound.sync_state = getattr(note, "sync_state", "pending")
            self.session_changed.emit(self.bound)
