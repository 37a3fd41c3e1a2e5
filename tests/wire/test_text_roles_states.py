"""The small tables of the wire contract: texts that may travel, roles and their order, the
sync and note states as they are stored, and how a problem reads."""

from __future__ import annotations

import pytest

from kb.wire.problems import Problem, RequestError, Severity, error, warning
from kb.wire.roles import ROLE_RANK, ROLES, role_allows
from kb.wire.states import NoteState, ProblemKind, SyncState
from kb.wire.text import BIDI_CONTROLS, has_bidi_controls, strip_bidi_controls, text_problem

EVERY_BIDI_CONTROL = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                      "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def test_the_bidi_controls_are_exactly_the_marks_embeddings_overrides_and_isolates() -> None:
    assert sorted(BIDI_CONTROLS) == EVERY_BIDI_CONTROL


@pytest.mark.parametrize("control", EVERY_BIDI_CONTROL)
def test_each_bidi_control_is_seen_and_stripped(control: str) -> None:
    text = f"abc{control}def{control}"
    assert has_bidi_controls(text)
    assert strip_bidi_controls(text) == "abcdef"


def test_text_without_bidi_controls_is_kept_as_it_is() -> None:
    text = "Тариф «Плюс» — 300 ₽ \u200b\u00a0 ok"  # zero-width space and NBSP are not bidi
    assert not has_bidi_controls(text)
    assert strip_bidi_controls(text) == text
    assert not has_bidi_controls("")


def test_a_plain_text_has_no_problem() -> None:
    assert text_problem("Обычный текст, emoji 😀, tab\tand newline\n") is None
    assert text_problem("") is None


def test_a_nul_is_named_as_the_problem() -> None:
    assert text_problem("a\x00b") == "contains a NUL character"


def test_a_lone_surrogate_is_named_with_its_position() -> None:
    problem = text_problem("ab\udc80c")
    assert problem == ("contains a lone UTF-16 surrogate ('\\udc80') at position 2, which is "
                       "not a character")


def test_roles_go_from_the_least_to_the_most_allowed() -> None:
    assert ROLES == ("agent", "supervisor", "editor", "admin")
    assert ROLE_RANK == {"agent": 0, "supervisor": 1, "editor": 2, "admin": 3}


@pytest.mark.parametrize("role", ROLES)
def test_a_role_may_do_what_it_and_every_role_before_it_may(role: str) -> None:
    rank = ROLES.index(role)
    assert [role_allows(role, needed) for needed in ROLES] == [
        i <= rank for i in range(len(ROLES))]


def test_an_unknown_role_may_do_nothing() -> None:
    assert not any(role_allows(role, needed)
                   for role in ("", "root", "Admin") for needed in ROLES)


def test_states_travel_and_are_stored_as_these_texts() -> None:
    assert {s.name: s.value for s in SyncState} == {
        "ONLINE": "online", "OFFLINE": "offline", "NEEDS_TOKEN": "needs-token",
        "ERROR": "error", "NOT_CONFIGURED": "not-configured"}
    assert {s.name: s.value for s in NoteState} == {
        "PENDING": "pending", "SYNCED": "synced", "FAILED": "failed",
        "QUARANTINED": "quarantined"}
    assert {s.name: s.value for s in ProblemKind} == {
        "OFFLINE": "offline", "AUTH": "auth", "REJECTED": "rejected", "ERROR": "error",
        "SIGNATURE": "signature"}
    assert NoteState("synced") is NoteState.SYNCED and SyncState.ONLINE == "online"


def test_a_problem_reads_as_field_colon_message_and_knows_if_it_is_an_error() -> None:
    refused = error("replies[2]", "too long")
    assert refused == Problem("replies[2]", Severity.ERROR, "too long")
    assert str(refused) == "replies[2]: too long"
    assert refused.is_error
    cleaned = warning("title", "bidi removed")
    assert cleaned == Problem("title", Severity.WARNING, "bidi removed")
    assert not cleaned.is_error
    assert (Severity.ERROR.value, Severity.WARNING.value) == ("error", "warning")


def test_a_request_error_carries_its_status_message_and_details() -> None:
    plain = RequestError(422, "bad body")
    assert (plain.status, plain.message, str(plain), plain.details) == (
        422, "bad body", "bad body", [])
    detailed = RequestError(413, "too many", [{"index": 0, "error": "x"}])
    assert detailed.details == [{"index": 0, "error": "x"}]
    assert isinstance(detailed, ValueError)
