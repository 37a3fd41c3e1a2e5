"""The floor profile on the wire: which settings it may hold, their types, the file form and
the signed answer a desk verifies."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kb.wire import signing, site_profile
from kb.wire.signing import SignatureError
from kb.wire.site_profile import (
    PROFILE_KEYS,
    ProfileError,
    check_settings,
    parse_toml,
    signed_profile,
    verify_profile,
)


def profile_error(values: object, origin: str = "profile") -> str:
    with pytest.raises(ProfileError) as caught:
        check_settings(values, origin)
    return str(caught.value)


def test_the_words_that_mark_a_secret_and_the_keys_pinned_on_the_desk() -> None:
    assert site_profile.SECRET_WORDS == ("password", "secret", "token", "passwd", "private")
    assert site_profile.PINNED_LOCALLY == ("hub.url", "hub.public_key")
    assert site_profile.KIND == "site-profile"


def test_the_list_settings_and_the_whole_number_settings() -> None:
    assert sorted(k for k, t in PROFILE_KEYS.items() if t is list) == [
        "agent.not_ready_reasons", "site.departments"]
    assert sorted(k for k, t in PROFILE_KEYS.items() if t is int) == [
        "agent.wrap_up_seconds", "hold.alarm_seconds", "hold.warn_seconds",
        "hub.sync_interval_seconds"]
    assert set(PROFILE_KEYS.values()) == {str, int, list}
    assert len(PROFILE_KEYS) == 30
    assert not any(word in key for key in PROFILE_KEYS for word in site_profile.SECRET_WORDS)


def test_settings_of_the_right_type_are_kept() -> None:
    values = {"sip.server": "pbx.local", "hold.warn_seconds": 30,
              "site.departments": ["sales", "billing"]}
    assert check_settings(values) == values
    assert check_settings({}) == {}


@pytest.mark.parametrize("values", [None, [], "sip.server=x", 5])
def test_settings_must_be_a_table(values: object) -> None:
    assert profile_error(values, "site.toml") == (
        "site.toml: the settings must be a table of section.name values")


@pytest.mark.parametrize("key", ["sip.password", "hub.TOKEN", "x.client_secret",
                                 "a.passwd", "tls.private_key"])
def test_a_key_that_looks_like_a_secret_is_refused(key: str) -> None:
    assert profile_error({key: "x"}) == (
        f"profile: {key} looks like a secret; secrets never go into the floor profile "
        "(operators enroll with a one-time code and keep passwords in the keyring)")


@pytest.mark.parametrize("key", ["hub.url", "hub.public_key"])
def test_the_hubs_address_and_key_cannot_come_from_the_hub(key: str) -> None:
    assert profile_error({key: "x"}) == (
        f"profile: {key} cannot come from the hub; pin it in each desk's site file")


def test_an_unknown_setting_is_refused() -> None:
    assert profile_error({"sip.colour": "red"}) == (
        "profile: unknown setting 'sip.colour'; the known ones are listed in site.toml.example")


@pytest.mark.parametrize(("key", "value", "got"), [
    ("hold.warn_seconds", "30", "str"), ("hold.warn_seconds", True, "bool"),
    ("hold.warn_seconds", 1.5, "float"), ("sip.server", 5, "int"),
    ("site.departments", "sales", "str"), ("ui.language", False, "bool")])
def test_a_setting_of_the_wrong_type_is_refused(key: str, value: object, got: str) -> None:
    assert profile_error({key: value}) == (
        f"profile: {key} must be {PROFILE_KEYS[key].__name__}, got {got}")


def test_a_profile_file_is_read_as_flat_settings() -> None:
    text = '[sip]\nserver = "pbx.local"\n[hold]\nwarn_seconds = 20\n'
    assert parse_toml(text) == {"sip.server": "pbx.local", "hold.warn_seconds": 20}
    assert parse_toml("") == {}


def test_a_profile_file_that_is_not_toml_or_not_tables_is_refused() -> None:
    with pytest.raises(ProfileError, match=r"^floor.toml: not valid TOML: "):
        parse_toml("[sip\n", "floor.toml")
    with pytest.raises(ProfileError, match=r"^floor.toml: server must be a \[section\] table$"):
        parse_toml('server = "x"\n', "floor.toml")
    with pytest.raises(ProfileError, match=r"^floor.toml: unknown setting 'sip.colour'"):
        parse_toml('[sip]\ncolour = "red"\n', "floor.toml")


def test_what_a_profile_signature_covers() -> None:
    assert signed_profile(3, {"ui.language": "ru"}) == {
        "kind": "site-profile", "revision": 3, "settings": {"ui.language": "ru"}}


def signed_answer(key: Ed25519PrivateKey, revision: int, settings: dict) -> dict:
    return {"revision": revision, "settings": settings,
            "signature": signing.sign(key, signed_profile(revision, settings))}


def test_a_signed_profile_answer_is_verified_and_checked() -> None:
    key = Ed25519PrivateKey.generate()
    answer = signed_answer(key, 4, {"ui.language": "en", "hold.warn_seconds": 45})
    assert verify_profile(key.public_key(), answer) == (
        4, {"ui.language": "en", "hold.warn_seconds": 45})


def test_revision_zero_is_no_profile_yet_and_needs_no_signature() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    assert verify_profile(key, {"revision": 0}) == (0, {})
    assert verify_profile(key, {"revision": 0, "settings": {"sip.password": "x"}}) == (0, {})


@pytest.mark.parametrize("answer", [None, [], {}, {"revision": "1"}, {"revision": None}])
def test_a_profile_answer_of_the_wrong_shape_is_refused(answer: object) -> None:
    key = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(ProfileError,
                       match=r"^the hub answered a floor profile of the wrong shape$"):
        verify_profile(key, answer)


def test_a_profile_answer_without_settings_is_refused() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(ProfileError, match=r"^floor profile 2 has no settings table$"):
        verify_profile(key, {"revision": 2, "settings": ["a"], "signature": "x"})


def test_a_tampered_or_unsigned_profile_is_a_signature_error_naming_the_profile() -> None:
    key = Ed25519PrivateKey.generate()
    answer = signed_answer(key, 5, {"ui.language": "ru"})
    tampered = {**answer, "settings": {"ui.language": "en"}}
    with pytest.raises(SignatureError, match=r"^floor profile: revision 5 is not signed"):
        verify_profile(key.public_key(), tampered)
    with pytest.raises(SignatureError,
                       match=r"^floor profile: revision 5 carries no signature$"):
        verify_profile(key.public_key(), {**answer, "signature": None})


def test_a_signed_profile_breaking_the_rules_is_still_refused() -> None:
    key = Ed25519PrivateKey.generate()
    answer = signed_answer(key, 6, {"hub.url": "https://elsewhere"})
    with pytest.raises(ProfileError, match=r"^floor profile 6: hub.url cannot come from the hub"):
        verify_profile(key.public_key(), answer)


def test_a_profile_names_itself_profile_unless_told_where_it_comes_from() -> None:
    with pytest.raises(ProfileError, match=r"^profile: unknown setting 'sip\.colour'"):
        check_settings({"sip.colour": "red"})
    with pytest.raises(ProfileError, match=r"^profile: unknown setting 'sip\.colour'"):
        parse_toml('[sip]\ncolour = "red"\n')
