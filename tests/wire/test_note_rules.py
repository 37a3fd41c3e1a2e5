"""The note contract both sides run: every field's rule and limit, a whole note, a batch."""

from __future__ import annotations

import hashlib
import json
import math
import uuid

import pytest

from kb.wire import notes
from kb.wire.notes import (
    CONTENT_FIELDS,
    EDITABLE_FIELDS,
    NoteError,
    check_batch,
    check_field,
    check_fields,
    check_note,
    check_revision,
    check_uuid,
    normalize_direction,
    note_digest,
)
from kb.wire.problems import RequestError, Severity
from kb.wire.signing import canonical_json

U1 = "0b9d2f4e-6a51-4c1e-9a8c-3f0f7d1e2a01"


def error_of(name: str, value: object) -> NoteError:
    with pytest.raises(NoteError) as caught:
        check_field(name, value)
    return caught.value


def test_the_limits_of_a_note() -> None:
    assert notes.MAX_TIME == 4_102_444_800.0  # 2100-01-01T00:00:00Z
    assert (notes.MAX_NUMBER, notes.MAX_CALLER_NAME, notes.MAX_WRAP_UP_CODE,
            notes.MAX_CALL_ID, notes.MAX_TEXT) == (100, 200, 200, 200, 50_000)
    assert (notes.MAX_ARTICLES, notes.MAX_SLUG) == (100, 200)
    assert (notes.MAX_FORM_KEYS, notes.MAX_FORM_DEPTH, notes.MAX_FORM_TEXT,
            notes.MAX_FORM_INT) == (50, 4, 5_000, 2**53)
    assert notes.MAX_NOTE_BYTES == 256 * 1024
    assert notes.MAX_REVISION == 2**31 - 1
    assert notes.MAX_NOTES_PER_BATCH == 500


def test_the_fields_of_a_note() -> None:
    assert CONTENT_FIELDS == (
        "call_id", "number", "caller_name", "direction", "started_at", "answered_at",
        "ended_at", "duration", "wrap_up_code", "text", "complaint", "callback", "articles",
        "completed", "created_at", "updated_at")
    assert CONTENT_FIELDS[:-2] == EDITABLE_FIELDS
    assert notes.REQUIRED_FIELDS == ("number", "direction")
    assert notes.DIRECTIONS == ("in", "out")


@pytest.mark.parametrize(("given", "kept"), [
    ("in", "in"), ("inbound", "in"), ("Incoming", "in"), ("IN", "in"),
    ("out", "out"), ("outbound", "out"), ("OUTGOING", "out"), ("Out", "out")])
def test_a_direction_is_in_or_out_under_any_of_its_names(given: str, kept: str) -> None:
    assert normalize_direction(given) == kept
    assert check_field("direction", given) == kept


@pytest.mark.parametrize("given", ["", "sideways", "i n", None, 1, ["in"]])
def test_any_other_direction_is_refused_naming_the_value(given: object) -> None:
    exc = error_of("direction", given)
    assert str(exc) == f"direction must be 'in' or 'out', got {given!r}"
    assert exc.field == "direction"


@pytest.mark.parametrize("name", ["started_at", "answered_at", "ended_at", "duration",
                                  "created_at", "updated_at"])
def test_a_time_is_seconds_from_zero_to_2100_or_null(name: str) -> None:
    assert check_field(name, None) is None
    assert check_field(name, 0) == 0.0 and isinstance(check_field(name, 0), float)
    assert check_field(name, 1_700_000_000) == 1_700_000_000.0
    assert check_field(name, 12.5) == 12.5
    assert check_field(name, notes.MAX_TIME) == notes.MAX_TIME


def test_a_time_that_is_not_a_number_is_refused() -> None:
    for value in ("1700000000", True, False, [1], {}):
        exc = error_of("started_at", value)
        assert str(exc) == "started_at must be a number of seconds since 1970, or null"
        assert exc.field == "started_at"


def test_a_time_that_is_not_finite_is_refused() -> None:
    for value in (math.inf, -math.inf, math.nan):
        assert str(error_of("ended_at", value)) == "ended_at must be a finite number of seconds"


def test_a_negative_time_is_refused() -> None:
    for value in (-1, -0.001):
        assert str(error_of("duration", value)) == (
            "duration must not be negative (seconds since 1970)")


def test_a_time_after_2100_is_refused_with_a_hint_when_it_looks_like_milliseconds() -> None:
    assert str(error_of("started_at", notes.MAX_TIME + 1)) == (
        "started_at must be seconds since 1970, up to the year 2100; it looks like "
        "milliseconds: divide by 1000")
    assert "milliseconds" in str(error_of("started_at", notes.MAX_TIME * 1000))
    assert str(error_of("started_at", notes.MAX_TIME * 1000 + 1000)) == (
        "started_at must be seconds since 1970, up to the year 2100")


@pytest.mark.parametrize(("name", "limit"), [
    ("number", 100), ("caller_name", 200), ("wrap_up_code", 200), ("text", 50_000),
    ("call_id", 200)])
def test_a_text_field_holds_up_to_its_limit(name: str, limit: int) -> None:
    assert check_field(name, "x" * limit) == "x" * limit
    exc = error_of(name, "x" * (limit + 1))
    assert str(exc) == f"{name} is longer than {limit} characters"
    assert exc.field == name


@pytest.mark.parametrize("name", ["number", "caller_name", "wrap_up_code", "text"])
def test_a_text_field_must_be_a_string(name: str) -> None:
    for value in (None, 5, ["a"]):
        assert str(error_of(name, value)) == f"{name} must be a string"


def test_a_text_field_refuses_what_cannot_travel() -> None:
    assert str(error_of("text", "a\x00")) == "text contains a NUL character"
    assert str(error_of("caller_name", "\ud800")).startswith(
        "caller_name contains a lone UTF-16 surrogate")


def test_the_call_id_may_be_null_but_not_another_type() -> None:
    assert check_field("call_id", None) is None
    assert check_field("call_id", "abc-1") == "abc-1"
    assert str(error_of("call_id", 7)) == "call_id must be a string or null"
    assert str(error_of("call_id", "a\x00")) == "call_id contains a NUL character"


@pytest.mark.parametrize("name", ["complaint", "callback"])
def test_a_form_is_an_object_and_null_means_empty(name: str) -> None:
    assert check_field(name, None) == {}
    assert check_field(name, {}) == {}
    form = {"reason": "late", "amount": 12, "ok": True, "none": None, "ratio": 0.5,
            "items": ["a", 1, (2, 3)], "nested": {"more": {"deep": "x"}}}
    assert check_field(name, form) == {
        "reason": "late", "amount": 12, "ok": True, "none": None, "ratio": 0.5,
        "items": ["a", 1, [2, 3]], "nested": {"more": {"deep": "x"}}}
    for value in ("text", ["a"], 1):
        assert str(error_of(name, value)) == f"{name} must be an object with string keys"


def test_a_form_returns_plain_lists_and_a_copy() -> None:
    form = {"pair": (1, 2), "list": [1, {"k": (3,)}]}
    checked = check_field("complaint", form)
    assert checked == {"pair": [1, 2], "list": [1, {"k": [3]}]}
    assert checked is not form and checked["list"] is not form["list"]


def test_a_form_is_at_most_four_levels_deep() -> None:
    four = {"a": {"b": {"c": {"d": 1}}}}
    assert check_field("complaint", four) == four
    assert check_field("complaint", {"a": {"b": {"c": [1, 2]}}}) == {"a": {"b": {"c": [1, 2]}}}
    for five in ({"a": {"b": {"c": {"d": {}}}}}, {"a": {"b": {"c": [[]]}}},
                 {"a": [[["x", []]]]}):
        assert str(error_of("complaint", five)) == "complaint is nested deeper than 4 levels"


def test_a_form_holds_at_most_fifty_entries_counting_nested_ones() -> None:
    fifty = {f"k{i}": i for i in range(50)}
    assert check_field("callback", fifty) == fifty
    assert check_field("callback", {"list": list(range(49))})["list"] == list(range(49))
    too_many = [{f"k{i}": i for i in range(51)}, {"list": list(range(50))},
                {**{f"k{i}": i for i in range(40)}, "inner": {f"j{i}": i for i in range(10)}}]
    for value in too_many:
        assert str(error_of("callback", value)) == "callback has more than 50 entries"


def test_a_form_key_is_a_text_of_at_most_100_characters() -> None:
    assert check_field("complaint", {"k" * 100: 1}) == {"k" * 100: 1}
    for key in ("k" * 101, 5, "a\x00", None):
        assert str(error_of("complaint", {key: 1})) == (
            "complaint must have keys that are texts of at most 100 characters")
    assert str(error_of("complaint", {"a": {"b" * 101: 1}})) == (
        "complaint must have keys that are texts of at most 100 characters")


def test_a_form_text_is_at_most_5000_characters_and_must_travel() -> None:
    assert check_field("complaint", {"t": "x" * 5000}) == {"t": "x" * 5000}
    assert str(error_of("complaint", {"t": "x" * 5001})) == (
        "complaint holds a text longer than 5000 characters")
    assert str(error_of("complaint", {"t": ["x" * 5001]})) == (
        "complaint holds a text longer than 5000 characters")
    assert str(error_of("complaint", {"t": "a\x00"})) == (
        "complaint holds a text that contains a NUL character")


def test_a_form_number_is_finite_and_exact() -> None:
    assert check_field("callback", {"n": 2**53, "m": -(2**53)}) == {"n": 2**53, "m": -(2**53)}
    for big in (2**53 + 1, -(2**53) - 1):
        assert str(error_of("callback", {"n": big})) == (
            "callback holds a whole number too large to keep exactly")
    for value in (math.inf, math.nan, -math.inf):
        assert str(error_of("callback", {"n": value})) == (
            "callback holds a number that is not finite")
    assert check_field("callback", {"yes": True, "no": False}) == {"yes": True, "no": False}


def test_a_form_refuses_values_json_cannot_hold() -> None:
    assert str(error_of("complaint", {"s": {1, 2}})) == "complaint holds a value of type set"
    assert str(error_of("complaint", {"b": b"x"})) == "complaint holds a value of type bytes"


def test_articles_are_a_list_of_slugs() -> None:
    assert check_field("articles", None) == []
    assert check_field("articles", ("a", "b")) == ["a", "b"]
    assert check_field("articles", ["x" * 200] * 100) == ["x" * 200] * 100
    for value in ("a", ["a", 1], {"a": 1}, 3):
        assert str(error_of("articles", value)) == "articles must be a list of article slugs"
    assert str(error_of("articles", ["a"] * 101)) == "articles has more than 100 entries"
    assert str(error_of("articles", ["y" * 201])) == (
        f"articles holds {'y' * 40!r}, which is not an article slug")
    assert str(error_of("articles", ["ok", "a\x00b"])) == (
        "articles holds 'a\\x00b', which is not an article slug")


def test_completed_is_true_or_false_and_zero_or_one_count() -> None:
    assert check_field("completed", True) is True
    assert check_field("completed", False) is False
    assert check_field("completed", 1) is True
    assert check_field("completed", 0) is False
    for value in (2, -1, "true", None, 1.0):
        assert str(error_of("completed", value)) == "completed must be true or false"


def test_an_unknown_field_is_refused_by_name() -> None:
    exc = error_of("colour", "red")
    assert (str(exc), exc.field) == ("colour is not a note field", "colour")


def test_fields_are_checked_and_normalised_together() -> None:
    assert check_fields({"direction": "inbound", "complaint": None, "started_at": 5}) == {
        "direction": "in", "complaint": {}, "started_at": 5.0}
    assert check_fields({}) == {}


def test_unknown_fields_are_all_named_in_order_and_the_first_is_the_field() -> None:
    with pytest.raises(NoteError) as caught:
        check_fields({"zeta": 1, "alpha": 2, "number": "1"})
    assert str(caught.value) == "unknown note field(s): 'alpha', 'zeta'"
    assert caught.value.field == "alpha"


def test_fields_outside_the_allowed_ones_are_unknown() -> None:
    assert check_fields({"text": "t"}, EDITABLE_FIELDS) == {"text": "t"}
    with pytest.raises(NoteError, match=r"^unknown note field\(s\): 'created_at'$"):
        check_fields({"created_at": 1.0}, EDITABLE_FIELDS)


def test_a_note_error_is_a_problem_of_its_field_or_of_the_note() -> None:
    problem = error_of("number", 5).problem
    assert (problem.field, problem.severity, problem.message) == (
        "number", Severity.ERROR, "number must be a string")
    whole = NoteError("the note must be an object").problem
    assert (whole.field, str(whole)) == ("note", "note: the note must be an object")


def test_a_note_needs_a_number_and_a_direction() -> None:
    for missing, note in (("number", {"direction": "in"}), ("direction", {"number": "1"})):
        with pytest.raises(NoteError) as caught:
            check_note(note)
        assert (str(caught.value), caught.value.field) == (f"{missing} is required", missing)
    with pytest.raises(NoteError, match=r"^the note must be an object$"):
        check_note(["number", "direction"])


def test_a_checked_note_is_its_normalised_content_as_canonical_json_and_its_digest() -> None:
    checked = check_note({"number": "+7 900", "direction": "Outgoing", "text": "Привет"})
    assert checked.content == {"number": "+7 900", "direction": "out", "text": "Привет"}
    assert checked.payload == canonical_json(checked.content)
    assert checked.payload == '{"direction":"out","number":"+7 900","text":"Привет"}'.encode()
    assert checked.digest == hashlib.sha256(checked.payload).hexdigest()
    assert note_digest(b"") == hashlib.sha256(b"").hexdigest()


def test_a_note_is_at_most_256_kib_as_json() -> None:
    form = {f"k{i}": "x" * 5000 for i in range(50)}  # about 250 KB of form
    base = {"number": "1", "direction": "in", "complaint": form, "text": ""}
    room = notes.MAX_NOTE_BYTES - len(canonical_json(base))
    exactly = check_note({**base, "text": "y" * room})
    assert len(exactly.payload) == notes.MAX_NOTE_BYTES
    with pytest.raises(NoteError) as caught:
        check_note({**base, "text": "y" * (room + 1)})
    assert str(caught.value) == "the note is larger than 256 KiB as JSON; shorten its text"
    assert caught.value.field is None


def test_a_uuid_is_kept_in_its_canonical_form() -> None:
    assert check_uuid(U1.upper()) == U1
    assert check_uuid(U1.replace("-", "")) == U1
    with pytest.raises(NoteError) as caught:
        check_uuid(12)
    assert (str(caught.value), caught.value.field) == ("uuid must be a string", "uuid")
    with pytest.raises(NoteError) as caught:
        check_uuid("not-a-uuid" * 10)
    assert str(caught.value) == f"uuid {('not-a-uuid' * 10)[:60]!r} is not a UUID"
    assert caught.value.field == "uuid"


def test_a_revision_is_a_whole_number_from_1_to_2_31_minus_1() -> None:
    assert check_revision(1) == 1
    assert check_revision(2**31 - 1) == 2**31 - 1
    for value in (0, -1, 2**31, True, 1.0, "1", None):
        with pytest.raises(NoteError) as caught:
            check_revision(value)
        assert str(caught.value) == "revision must be a whole number from 1 to 2147483647"
        assert caught.value.field == "revision"


def entry(note_uuid: str = U1, revision: object = 1, **fields: object) -> dict:
    return {"uuid": note_uuid, "revision": revision,
            "note": {"number": "1", "direction": "in", **fields}}


def refused(body: object) -> RequestError:
    with pytest.raises(RequestError) as caught:
        check_batch(body)
    return caught.value


def test_a_batch_is_checked_into_uploads() -> None:
    second = str(uuid.uuid4())
    uploads = check_batch({"notes": [entry(U1.upper(), 3, text="a"), entry(second, 1)]})
    assert [(u.uuid, u.revision) for u in uploads] == [(U1, 3), (second, 1)]
    assert uploads[0].note.content == {"number": "1", "direction": "in", "text": "a"}
    assert check_batch({"notes": []}) == []


@pytest.mark.parametrize("body", [None, [], "notes", {"notes": {}}, {"notes": None}, {}])
def test_a_batch_of_the_wrong_shape_is_a_422(body: object) -> None:
    exc = refused(body)
    assert (exc.status, exc.message, exc.details) == (
        422, "the body must be an object with a 'notes' list", [])


def test_a_batch_holds_up_to_500_notes_and_more_is_a_413() -> None:
    assert len(check_batch({"notes": [entry(str(uuid.uuid4())) for _ in range(500)]})) == 500
    exc = refused({"notes": [entry()] * 501})
    assert (exc.status, exc.message) == (413, "at most 500 notes per batch")


def test_a_batch_with_invalid_entries_names_each_and_stores_nothing() -> None:
    good = entry()
    body = {"notes": [
        good,
        "text",
        entry("nope"),
        entry(revision=0),
        {"uuid": U1, "revision": 1, "note": {"number": "1", "direction": "up"}},
        {"uuid": 5, "revision": 1, "note": "x"},
        {"uuid": U1, "revision": 1, "note": {"direction": "in"}},
        {"uuid": U1, "revision": 1, "note": {"number": "1", "direction": "in", "x": 1}},
    ]}
    exc = refused(body)
    assert exc.status == 422
    assert exc.message == "7 note(s) are invalid; nothing was stored"
    assert exc.details == [
        {"index": 1, "uuid": None,
         "error": "each entry must be an object with uuid, revision and note"},
        {"index": 2, "uuid": "nope", "error": "uuid 'nope' is not a UUID"},
        {"index": 3, "uuid": U1, "error": "revision must be a whole number from 1 to 2147483647"},
        {"index": 4, "uuid": U1, "error": "note.direction must be 'in' or 'out', got 'up'"},
        {"index": 5, "uuid": None, "error": "uuid must be a string"},
        {"index": 6, "uuid": U1, "error": "note.number is required"},
        {"index": 7, "uuid": U1, "error": "note.unknown note field(s): 'x'"},
    ]


def test_a_non_object_note_in_a_batch_is_named_without_a_field_prefix() -> None:
    exc = refused({"notes": [{"uuid": U1, "revision": 1, "note": ["x"]}]})
    assert exc.details == [{"index": 0, "uuid": U1, "error": "the note must be an object"}]


def test_the_batch_error_details_are_json() -> None:
    exc = refused({"notes": [entry("x")]})
    assert json.loads(json.dumps(exc.details)) == exc.details
