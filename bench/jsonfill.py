"""Build a plausible, valid instance of a JSON Schema form (for processes whose forms we did not write).

Fills every declared property (not only the required ones) so gateway conditions that read optional
fields still find them; booleans are True and enums take their first value, which walks the "happy"
path of most review forms. Anything this cannot satisfy (if/then, tricky patterns) is reported so the
caller can pass the data explicitly (--start-data / --complete-data).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

_PATTERN_CANDIDATES = ("0912345678", "12345", "A1", "abc", "ABC", "x", "2026", "001", "a@b.vn")


def example(schema: dict[str, Any]) -> Any:
    return _fill(schema, schema, depth=0)


def problems(schema: dict[str, Any], instance: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{'.'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator.iter_errors(instance)]


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        ref = schema["$ref"]
        if not ref.startswith("#"):
            return {}
        target: Any = root
        for part in ref.lstrip("#/").split("/"):
            if part:
                target = target[part.replace("~1", "/").replace("~0", "~")]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        seen += 1
    return schema


def _fill(root: dict[str, Any], schema: Any, depth: int) -> Any:
    if schema is True or not isinstance(schema, dict):
        return "x"
    schema = _resolve(root, schema)
    if depth > 12:
        return None
    if "const" in schema:
        return schema["const"]
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = _resolve(root, part)
            for key, value in part.items():
                if key == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **value}
                elif key == "required":
                    merged["required"] = sorted({*merged.get("required", []), *value})
                else:
                    merged.setdefault(key, value)
        return _fill(root, merged, depth + 1)
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            branch = {**{k: v for k, v in schema.items() if k != key}, **_resolve(root, schema[key][0])}
            return _fill(root, branch, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        props = schema.get("properties", {})
        return {name: _fill(root, sub, depth + 1) for name, sub in props.items()}
    if kind == "array":
        items = schema.get("items", {})
        count = max(int(schema.get("minItems", 0)), 1)
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        if schema.get("prefixItems"):
            return [_fill(root, s, depth + 1) for s in schema["prefixItems"]]
        return [_fill(root, items, depth + 1) for _ in range(count)]
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return _number(schema, kind == "integer")
    if kind == "null":
        return None
    return _string(schema)


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    low = schema.get("minimum")
    if low is None and "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 0.5)
    high = schema.get("maximum")
    if high is None and "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 0.5)
    value: float = low if low is not None else (min(1, high) if high is not None else 1)
    if high is not None and low is not None:
        value = high if high - low < 1 else low + (high - low) * 0.8  # a "good" score, not the floor
    step = schema.get("multipleOf")
    if step:
        value = round(value / step) * step
    return round(value) if integer else value


def _string(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    value = {
        "date": date.today().isoformat(),
        "date-time": datetime.now(UTC).isoformat(timespec="seconds"),
        "email": "bench@example.vn",
        "uri": "https://example.vn/bench",
        "uuid": "00000000-0000-4000-8000-000000000000",
    }.get(fmt or "", "Bench value")
    pattern = schema.get("pattern")
    if pattern and not re.search(pattern, value):
        value = next((c for c in _PATTERN_CANDIDATES if re.search(pattern, c)), value)
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(value) < low:
        value = value + "x" * (low - len(value))
    if high is not None and len(value) > int(high):
        value = value[: int(high)]
    return value
