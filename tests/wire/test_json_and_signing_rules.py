"""JSON parsed with the contract's limits, the canonical form that is signed, signatures and
the hub's key file."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kb.wire import jsonio, signing
from kb.wire.jsonio import JsonError, check_value, parse_json
from kb.wire.signing import (
    SignatureError,
    canonical_json,
    key_id,
    load_or_create_private_key,
    load_public_key,
    public_key_text,
    sign,
    signed_document,
    verify,
)


def json_error(raw: bytes | str, **kwargs: object) -> str:
    with pytest.raises(JsonError) as caught:
        parse_json(raw, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def test_the_json_limits() -> None:
    assert jsonio.MAX_REQUEST_BYTES == 1024 * 1024
    assert jsonio.MAX_DEPTH == 32
    assert jsonio.MAX_NUMBER_CHARS == 40


def test_json_bytes_and_text_parse_to_the_same_value() -> None:
    raw = '{"a": [1, 2.5, -3e2, true, null, "ж"]}'
    expected = {"a": [1, 2.5, -300.0, True, None, "ж"]}
    assert parse_json(raw) == expected
    assert parse_json(raw.encode()) == expected
    assert parse_json(bytearray(raw.encode())) == expected


def test_a_body_over_the_size_limit_is_refused_and_one_at_it_is_read() -> None:
    assert parse_json(b'"abcd"', max_bytes=6) == "abcd"
    assert json_error(b'"abcde"', max_bytes=6) == "it is larger than 6 bytes"
    assert parse_json("[" + " " * 5000 + "]") == []  # no limit unless asked


def test_bytes_that_are_not_utf8_are_named_with_their_position() -> None:
    assert json_error(b'"ab\xff"') == "it is not UTF-8 text (invalid start byte at byte 3)"


def test_a_syntax_error_names_line_and_column() -> None:
    assert json_error('{"a": 1,\n  }') == (
        "Expecting property name enclosed in double quotes (line 2, column 3)")
    assert json_error("") == "Expecting value (line 1, column 1)"


def test_a_number_has_at_most_40_characters() -> None:
    assert parse_json("9" * 40) == int("9" * 40)
    assert json_error("9" * 41) == "a number has 41 digits; at most 40 are allowed"
    assert parse_json("1." + "5" * 38) == float("1." + "5" * 38)
    assert json_error("1." + "5" * 39) == "a number has 41 characters; at most 40 are allowed"


def test_a_number_out_of_range_is_refused() -> None:
    assert json_error("1e999") == "the number 1e999 is out of range"
    assert json_error("-1e999") == "the number -1e999 is out of range"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_the_constants_json_does_not_have_are_refused(constant: str) -> None:
    assert json_error(f"[{constant}]") == f"{constant} is not a JSON number"


def test_nesting_is_limited_to_the_depth_asked() -> None:
    assert parse_json("[" * 32 + "]" * 32) is not None
    assert json_error("[" * 33 + "]" * 33) == "it is nested deeper than 32 levels"
    assert parse_json('{"a": {"b": 1}}', max_depth=2) == {"a": {"b": 1}}
    assert json_error('{"a": {"b": {}}}', max_depth=2) == "it is nested deeper than 2 levels"
    assert json_error("[[[]]]", max_depth=2) == "it is nested deeper than 2 levels"
    assert parse_json("[[1]]", max_depth=2) == [[1]]


def test_nesting_deeper_than_python_can_parse_is_a_json_error() -> None:
    assert json_error("[" * 100_000 + "]" * 100_000) == "it is nested deeper than 32 levels"


def test_a_lone_surrogate_in_a_text_or_a_key_is_refused() -> None:
    message = "a text holds a lone UTF-16 surrogate ('\\ud800'), which is not a character"
    assert json_error('"\\ud800"') == message
    assert json_error('["ok", "\\uD800x"]') == message
    assert json_error('{"\\ud800": 1}') == message
    assert json_error('{"a": ["\\udbff"]}') == (
        "a text holds a lone UTF-16 surrogate ('\\udbff'), which is not a character")
    assert json_error('{"a": {"b": "\\udc00"}}') == (
        "a text holds a lone UTF-16 surrogate ('\\udc00'), which is not a character")
    assert parse_json('"\\ud83d\\ude00"') == "😀"  # a pair is a character


def test_a_text_holding_a_lone_surrogate_itself_is_refused_too() -> None:
    lone = chr(0xDC80)  # as a command line decodes an invalid byte (surrogateescape)
    message = "a text holds a lone UTF-16 surrogate ('\\udc80'), which is not a character"
    assert json_error('{"k": "a' + lone + '"}') == message
    assert json_error('{"k' + lone + '": 1}') == message
    assert json_error('["' + lone + '"]') == message
    assert parse_json('{"k": ["ok"]}') == {"k": ["ok"]}


def test_a_lone_surrogate_escape_in_bytes_is_refused() -> None:
    assert json_error(b'{"a": ["\\ud800"]}') == (
        "a text holds a lone UTF-16 surrogate ('\\ud800'), which is not a character")
    assert parse_json(b'{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}


def test_check_value_limits_depth_of_values_built_in_python() -> None:
    deep: list = []
    for _ in range(40):
        deep = [deep]
    with pytest.raises(JsonError, match=r"^it is nested deeper than 32 levels$"):
        check_value(deep)
    nested: dict = {}
    for _ in range(3):
        nested = {"k": nested}
    check_value(nested, 4)
    with pytest.raises(JsonError, match=r"^it is nested deeper than 3 levels$"):
        check_value(nested, 3)
    check_value(deep, 41)


def test_check_value_allows_32_levels_by_default() -> None:
    def nest(levels: int) -> list:
        value: list = []
        for _ in range(levels - 1):
            value = [value]
        return value

    check_value(nest(32))
    with pytest.raises(JsonError, match=r"^it is nested deeper than 32 levels$"):
        check_value(nest(33))


def test_check_value_looks_at_texts_only_when_asked() -> None:
    bad = {"k": ["\udc80"]}
    with pytest.raises(JsonError):
        check_value(bad)
    check_value(bad, strings=False)
    check_value({"k": "\udc80"}, strings=False)
    with pytest.raises(JsonError):
        check_value({"\udc80": 1})
    check_value({"\udc80": 1}, strings=False)
    with pytest.raises(JsonError):
        check_value("\udc80")


def test_canonical_json_sorts_keys_has_no_spaces_keeps_unicode_and_refuses_nan() -> None:
    assert canonical_json({"b": [1, {"d": 2, "c": "ё"}], "a": None}) == (
        '{"a":null,"b":[1,{"c":"ё","d":2}]}'.encode())
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_the_signed_document_has_synonym_sets_only_when_given() -> None:
    assert signed_document(3, [{"slug": "a"}], [["b", "ru"]]) == {
        "revision": 3, "upserts": [{"slug": "a"}], "deletions": [["b", "ru"]]}
    assert signed_document(4, [], [], [["a", "b"]]) == {
        "revision": 4, "upserts": [], "deletions": [], "synonym_sets": [["a", "b"]]}
    assert signed_document(5, [], [], [])["synonym_sets"] == []


def test_a_public_key_is_pinned_as_base64_of_its_32_bytes_and_read_back() -> None:
    private = Ed25519PrivateKey.generate()
    text = public_key_text(private.public_key())
    raw = private.public_key().public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)
    assert base64.b64decode(text) == raw and len(raw) == 32
    assert public_key_text(load_public_key(f"  {text}\n")) == text
    pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    assert public_key_text(load_public_key(pem.decode())) == text


def test_a_key_id_is_16_hex_digits_of_the_keys_sha256() -> None:
    import hashlib

    key = Ed25519PrivateKey.generate().public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert key_id(key) == hashlib.sha256(raw).hexdigest()[:16]
    assert len(key_id(key)) == 16


@pytest.mark.parametrize("text", ["", "not base64!", base64.b64encode(b"short").decode(),
                                  "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"])
def test_a_malformed_pinned_key_is_a_signature_error(text: str) -> None:
    with pytest.raises(SignatureError, match=r"^the pinned hub key is not a valid Ed25519 "
                                             "public key: "):
        load_public_key(text)


def test_a_pinned_key_with_characters_outside_base64_is_refused() -> None:
    text = public_key_text(Ed25519PrivateKey.generate().public_key())
    for bad in (text[:20] + "!" + text[20:], text[:20] + " " + text[20:]):
        with pytest.raises(SignatureError, match=r"^the pinned hub key is not a valid Ed25519"):
            load_public_key(bad)


def test_a_pinned_pem_key_of_another_kind_is_refused() -> None:
    pem = X25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(SignatureError, match=r"^the pinned hub key is not an Ed25519 key$"):
        load_public_key(pem.decode())


def test_a_signature_verifies_and_any_change_is_refused() -> None:
    private = Ed25519PrivateKey.generate()
    public = private.public_key()
    document = signed_document(7, [{"slug": "a", "title": "Т"}], [])
    signature = sign(private, document)
    assert base64.b64decode(signature, validate=True)
    verify(public, document, signature)
    verify(public, json.loads(json.dumps(document)), signature)  # key order does not matter
    with pytest.raises(SignatureError) as caught:
        verify(public, {**document, "deletions": [["b", "ru"]]}, signature)
    assert str(caught.value) == ("revision 7 is not signed by the pinned hub key (tampered "
                                 "with, or the hub's key changed)")
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(SignatureError, match=r"^revision 7 is not signed"):
        verify(other, document, signature)


@pytest.mark.parametrize("signature", [None, "", 5, []])
def test_a_missing_signature_is_refused(signature: object) -> None:
    public = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(SignatureError, match=r"^revision 2 carries no signature$"):
        verify(public, {"revision": 2}, signature)


def test_a_signature_that_is_not_base64_is_malformed() -> None:
    public = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(SignatureError, match=r"^revision 2 has a malformed signature$"):
        verify(public, {"revision": 2}, "***")


def test_the_signing_key_is_created_once_with_mode_600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "deeper" / "signing.pem"
    key = load_or_create_private_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert sorted(p.name for p in path.parent.iterdir()) == ["signing.pem"]  # no temp file left
    again = load_or_create_private_key(path)
    assert public_key_text(again.public_key()) == public_key_text(key.public_key())
    verify(key.public_key(), {"revision": 1}, sign(again, {"revision": 1}))


def test_a_signing_key_others_may_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    load_or_create_private_key(path)
    for mode in (0o640, 0o604, 0o610):
        os.chmod(path, mode)
        with pytest.raises(SignatureError) as caught:
            load_or_create_private_key(path)
        assert str(caught.value) == (f"{path}: the signing key must be readable by its owner "
                                     "only (chmod 600)")


def test_a_signing_key_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    path.write_bytes(X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    os.chmod(path, 0o600)
    with pytest.raises(SignatureError, match=r"not an Ed25519 private key$"):
        load_or_create_private_key(path)


def test_the_algorithm_is_ed25519() -> None:
    assert signing.ALGORITHM == "Ed25519"
