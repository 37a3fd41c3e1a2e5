"""The hub's check of a new user: a name of safe characters, one of the known roles; a body of
the wrong shape is a 422, never a crash."""

from __future__ import annotations

import pytest

from kb.hub.validation import ROLES, USER_NAME_RE, new_user
from kb.wire.problems import RequestError


def refusal(body: object) -> RequestError:
    with pytest.raises(RequestError) as caught:
        new_user(body)
    return caught.value


@pytest.mark.parametrize("role", ["agent", "supervisor", "editor", "admin"])
def test_a_user_with_a_safe_name_and_a_known_role_is_accepted(role: str) -> None:
    assert new_user({"name": "anna.k@floor-2_b", "role": role}) == ("anna.k@floor-2_b", role)


def test_the_roles_are_the_wires() -> None:
    assert ROLES == ("agent", "supervisor", "editor", "admin")


def test_a_name_is_1_to_100_characters_starting_with_a_letter_or_digit() -> None:
    assert new_user({"name": "a", "role": "agent"})[0] == "a"
    assert new_user({"name": "7", "role": "agent"})[0] == "7"
    assert new_user({"name": "a" * 100, "role": "agent"})[0] == "a" * 100
    assert USER_NAME_RE.match("Z" + "._@-" * 24)


def test_a_name_ending_in_a_line_break_is_not_a_name() -> None:
    # Every caller (users, enrollment, the floor, the command line) checks with .match.
    assert USER_NAME_RE.match("anna\n") is None
    assert USER_NAME_RE.match("anna\r\n") is None


@pytest.mark.parametrize("name", ["", "a" * 101, ".anna", "-anna", "@anna", "an na", "anna\n",
                                  "анна", "a/b", "a:b", None, 5, ["anna"]])
def test_any_other_name_is_a_422_saying_what_a_name_may_hold(name: object) -> None:
    exc = refusal({"name": name, "role": "agent"})
    assert (exc.status, exc.message) == (
        422, "'name' must be 1-100 letters, digits, '.', '_', '@' or '-'")


@pytest.mark.parametrize("role", [None, "", "root", "Admin", 1, ["admin"]])
def test_an_unknown_role_is_a_422_listing_the_roles(role: object) -> None:
    exc = refusal({"name": "anna", "role": role})
    assert (exc.status, exc.message) == (
        422, "'role' must be one of agent, supervisor, editor, admin")


@pytest.mark.parametrize("body", [None, [], "anna", 5, [["name", "anna"]]])
def test_a_body_that_is_not_an_object_is_a_422(body: object) -> None:
    exc = refusal(body)
    assert (exc.status, exc.message) == (422, "the body must be an object with 'name' and 'role'")


def test_a_missing_field_is_named() -> None:
    assert "'name'" in refusal({"role": "agent"}).message
    assert "'role'" in refusal({"name": "anna"}).message
