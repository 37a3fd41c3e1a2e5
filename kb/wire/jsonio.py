"""JSON in from the other side of the wire, parsed with limits: size, nesting, number length,
finite numbers only, no lone UTF-16 surrogates.

Python's ``json`` accepts all of those and fails later, far from the input (a recursion error, an
integer too long to print, a text that cannot be encoded): here each is a :class:`JsonError` with a
plain message, raised before anything uses the value. The hub parses request bodies with it and
the workstation parses the hub's answers and its own command-line input.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_REQUEST_BYTES = 1024 * 1024  # a request body the hub accepts
MAX_DEPTH = 32  # arrays and objects inside each other
MAX_NUMBER_CHARS = 40  # digits (and sign, point, exponent) of one number

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JsonError(ValueError):
    """The text is not JSON this contract accepts; the message says why in plain words."""


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonError(f"a number has {len(text)} digits; at most {MAX_NUMBER_CHARS} are allowed")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonError(f"a number has {len(text)} characters; at most {MAX_NUMBER_CHARS} are "
                        "allowed")
    value = float(text)
    if not math.isfinite(value):
        raise JsonError(f"the number {text} is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise JsonError(f"{name} is not a JSON number")


def parse_json(raw: bytes | str, *, max_bytes: int | None = None,
               max_depth: int = MAX_DEPTH) -> Any:
    """The value of ``raw`` (UTF-8 bytes or text), or :class:`JsonError`."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise JsonError(f"it is larger than {max_bytes} bytes")
    if isinstance(raw, bytes | bytearray):
        try:
            text = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonError(f"it is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    else:
        text = raw
    try:
        value = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                           parse_constant=_no_constant)
    except JsonError:
        raise
    except RecursionError:
        raise JsonError(f"it is nested deeper than {max_depth} levels") from None
    except json.JSONDecodeError as exc:
        raise JsonError(f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except ValueError as exc:  # e.g. an integer Python will not convert
        raise JsonError(str(exc)) from None
    # Bytes decoded as UTF-8 hold a lone surrogate only through a \u escape; text may hold one.
    check_value(value, max_depth,
                strings=not isinstance(raw, bytes | bytearray)
                or bool(_SURROGATE_ESCAPE.search(text)))
    return value


def check_value(value: Any, max_depth: int = MAX_DEPTH, *, strings: bool = True) -> None:
    """Raise :class:`JsonError` if ``value`` nests deeper than ``max_depth`` or (with
    ``strings``) holds a text or key with a lone surrogate. Iterative: any depth is safe."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= max_depth:
                raise JsonError(f"it is nested deeper than {max_depth} levels")
            for key, child in item.items():
                if strings:
                    _check_text(key)
                if isinstance(child, dict | list) or (strings and isinstance(child, str)):
                    stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth >= max_depth:
                raise JsonError(f"it is nested deeper than {max_depth} levels")
            stack.extend((child, depth + 1) for child in item
                         if isinstance(child, dict | list) or (strings and isinstance(child, str)))
        elif isinstance(item, str):
            _check_text(item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JsonError(f"a text holds a lone UTF-16 surrogate ({text[exc.start]!a}), which is "
                        "not a character") from None
