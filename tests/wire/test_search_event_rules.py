"""What one KB search records, how its query is normalised, and the limits both sides keep."""

from __future__ import annotations

from typing import Any

import pytest

from kb.wire import search_events
from kb.wire.search_events import (
    SearchEvent,
    SearchEventError,
    event_from_wire,
    events_from_wire,
    normalize_query,
)

U1 = "5f0c6a1e-2b7d-4c3a-8e9f-0a1b2c3d4e5f"


def event(**fields: Any) -> dict[str, Any]:
    return {"uuid": U1, "at": 1_700_000_000, "query": "тариф", "lang": "ru", "hits": 3,
            **fields}


def refusal(data: object) -> str:
    with pytest.raises(SearchEventError) as caught:
        event_from_wire(data)
    return str(caught.value)


def test_the_limits_of_a_search_event() -> None:
    assert (search_events.MAX_QUERY_CHARS, search_events.MAX_SLUG_CHARS,
            search_events.MAX_EVENTS_PER_BATCH, search_events.MAX_REPLY_INDEX) == (
        200, 200, 500, 99)
    assert search_events.MAX_TIME == 4_102_444_800.0
    assert search_events.LANGS == ("ru", "en", "")


@pytest.mark.parametrize(("query", "normal"), [
    ("  Тариф   Ёлка  ", "тариф елка"),
    ("ROAMING?!", "roaming"),
    ("...\"роуминг\"...", "роуминг"),
    ("звонил с +7 (900) 123-45-67 вчера", "звонил с вчера"),
    ("номер 89001234567", "номер"),
    ("код 12345", "код 12345"),  # too short to be a phone number
    ("_x_", "x"),
    ("a\tb\nc", "a b c"),
    ("", ""),
])
def test_a_query_is_grouped_by_its_normal_form(query: str, normal: str) -> None:
    assert normalize_query(query) == normal


def test_a_normal_query_is_at_most_200_characters() -> None:
    assert normalize_query("я" * 300) == "я" * 200


def test_an_event_is_read_with_its_canonical_uuid_and_normal_query() -> None:
    got = event_from_wire(event(uuid=U1.upper(), query="  Тариф!  ", opened="tariffs",
                                copied=True, on_hold=True, reply=2))
    assert got == SearchEvent(U1, 1_700_000_000.0, "тариф", "ru", 3, "tariffs", True, True, 2)
    assert isinstance(got.at, float)
    assert got.to_wire() == {"uuid": U1, "at": 1_700_000_000.0, "query": "тариф", "lang": "ru",
                             "hits": 3, "opened": "tariffs", "copied": True, "on_hold": True,
                             "reply": 2}


def test_an_event_has_defaults_for_what_it_may_leave_out() -> None:
    data = event()
    del data["lang"]
    got = event_from_wire(data)
    assert (got.lang, got.opened, got.copied, got.on_hold, got.reply) == (
        "", None, False, False, None)
    assert event_from_wire(event(lang=None)).lang == ""


def test_a_query_that_normalises_to_nothing_is_kept_stripped() -> None:
    assert event_from_wire(event(query="  ?!  ")).query == "?!"


def test_boundaries_that_are_accepted() -> None:
    assert event_from_wire(event(at=0)).at == 0.0
    assert event_from_wire(event(at=search_events.MAX_TIME)).at == search_events.MAX_TIME
    assert event_from_wire(event(at=12.5)).at == 12.5
    assert event_from_wire(event(hits=0)).hits == 0
    assert event_from_wire(event(hits=10_000)).hits == 10_000
    assert event_from_wire(event(query="q" * 200)).query == "q" * 200
    assert event_from_wire(event(opened="s" * 200)).opened == "s" * 200
    assert event_from_wire(event(reply=0)).reply == 0
    assert event_from_wire(event(reply=99)).reply == 99
    assert event_from_wire(event(lang="en")).lang == "en"
    assert event_from_wire(event(lang="")).lang == ""


@pytest.mark.parametrize(("fields", "message"), [
    ({"uuid": 5}, "'uuid' must be a string"),
    ({"uuid": None}, "'uuid' must be a string"),
    ({"uuid": "nope"}, "'uuid' is not a UUID"),
    ({"at": -1}, "'at' must be seconds since 1970 (up to the year 2100)"),
    ({"at": 4_102_444_801}, "'at' must be seconds since 1970 (up to the year 2100)"),
    ({"at": True}, "'at' must be seconds since 1970 (up to the year 2100)"),
    ({"at": "1"}, "'at' must be seconds since 1970 (up to the year 2100)"),
    ({"query": "   "}, "'query' must be a non-empty string"),
    ({"query": 5}, "'query' must be a non-empty string"),
    ({"query": "q" * 201}, "'query' must be at most 200 characters, no NUL"),
    ({"query": "a\x00b"}, "'query' must be at most 200 characters, no NUL"),
    ({"lang": "de"}, "'lang' must be 'ru', 'en' or empty"),
    ({"lang": 1}, "'lang' must be 'ru', 'en' or empty"),
    ({"hits": -1}, "'hits' must be a whole number from 0"),
    ({"hits": 10_001}, "'hits' must be a whole number from 0"),
    ({"hits": True}, "'hits' must be a whole number from 0"),
    ({"hits": 1.0}, "'hits' must be a whole number from 0"),
    ({"opened": ""}, "'opened' must be an article slug or null"),
    ({"opened": 5}, "'opened' must be an article slug or null"),
    ({"opened": "s" * 201}, "'opened' must be an article slug or null"),
    ({"copied": 1}, "'copied' must be true or false"),
    ({"on_hold": "yes"}, "'on_hold' must be true or false"),
    ({"reply": -1}, "'reply' must be a reply's index or null"),
    ({"reply": 100}, "'reply' must be a reply's index or null"),
    ({"reply": True}, "'reply' must be a reply's index or null"),
    ({"reply": "1"}, "'reply' must be a reply's index or null"),
])
def test_a_field_breaking_the_contract_is_named(fields: dict, message: str) -> None:
    assert refusal(event(**fields)) == message


def test_a_missing_field_is_named() -> None:
    for name, message in (("at", "'at' must be seconds"), ("query", "'query' must be"),
                          ("hits", "'hits' must be")):
        data = event()
        del data[name]
        assert refusal(data).startswith(message)


def test_an_event_must_be_an_object() -> None:
    assert refusal([U1]) == "each event must be an object"


def test_a_batch_keeps_the_valid_events_and_names_the_others() -> None:
    second = "6f0c6a1e-2b7d-4c3a-8e9f-0a1b2c3d4e5f"
    events, invalid = events_from_wire({"events": [
        event(), "x", event(uuid=second, hits=-5), event(uuid=7), event(uuid=second)]})
    assert [e.uuid for e in events] == [U1, second]
    assert invalid == [
        {"index": 1, "uuid": None, "error": "each event must be an object"},
        {"index": 2, "uuid": second, "error": "'hits' must be a whole number from 0"},
        {"index": 3, "uuid": None, "error": "'uuid' must be a string"}]
    assert events_from_wire({"events": []}) == ([], [])


@pytest.mark.parametrize("body", [None, [], {"events": {}}, {"events": None}, {}])
def test_a_batch_of_the_wrong_shape_is_refused(body: object) -> None:
    with pytest.raises(SearchEventError,
                       match=r"^the body must be an object with an 'events' list$"):
        events_from_wire(body)


def test_a_batch_holds_at_most_500_events() -> None:
    assert len(events_from_wire({"events": [event()] * 500})[0]) == 500
    with pytest.raises(SearchEventError, match=r"^at most 500 events per batch$"):
        events_from_wire({"events": [event()] * 501})
