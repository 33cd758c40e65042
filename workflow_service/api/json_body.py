"""Request bodies read with limits: size before reading, nesting depth before parsing, keys while parsing.

A JSON body is at most JSON_MAX_BYTES (uploads and deployments keep the app-wide MAX_CONTENT_LENGTH),
nested at most MAX_DEPTH levels and holds at most MAX_KEYS object keys in all; past any bound the request
is refused (413 or 422) before the work grows with the input.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from flask import request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ..domain.errors import ValidationFailed

JSON_MAX_BYTES = 2**20
MAX_DEPTH = 32
MAX_KEYS = 10_000

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nesting_depth(raw: bytes) -> int:
    """The deepest bracket nesting outside strings; a cheap scan with no parse and no recursion."""
    brackets = b"".join(_BRACKETS.findall(_STRING.sub(b"", raw)))
    return max(accumulate(_STEP[b] for b in brackets), default=0)


def loads_limited(raw: bytes | str) -> Any:
    data = raw.encode() if isinstance(raw, str) else raw
    if nesting_depth(data) > MAX_DEPTH:
        raise ValidationFailed(f"the JSON is nested deeper than {MAX_DEPTH} levels",
                               {"body": [f"at most {MAX_DEPTH} levels of nesting"]})
    keys = 0

    def count(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal keys
        keys += len(pairs)
        if keys > MAX_KEYS:
            raise ValidationFailed(f"the JSON has more than {MAX_KEYS} keys",
                                   {"body": [f"at most {MAX_KEYS} object keys"]})
        return dict(pairs)

    try:
        return json.loads(data, object_pairs_hook=count)
    except (ValueError, RecursionError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BadRequest("the body is not valid JSON") from err


class LimitedJSONProvider(DefaultJSONProvider):
    """app.json: every JSON the app parses (request.get_json included) goes through the same limits."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads_limited(s)


def read_json() -> Any:
    """The request's JSON body, or {} when there is none; 413, 415, 400 or 422 past the bounds."""
    current = request.max_content_length
    request.max_content_length = min(current, JSON_MAX_BYTES) if current else JSON_MAX_BYTES
    raw = request.get_data(cache=True)  # werkzeug refuses a larger Content-Length before reading (413)
    if not raw.strip():
        return {}
    if not request.is_json:
        raise UnsupportedMediaType("send the body as application/json")
    return loads_limited(raw)


def read_text(limit: int = JSON_MAX_BYTES) -> str:
    """A text body (a YAML plan) of at most `limit` bytes; 413 past it, 400 when it is not UTF-8."""
    current = request.max_content_length
    request.max_content_length = min(current, limit) if current else limit
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequest("the body is not UTF-8 text") from err
