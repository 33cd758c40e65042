"""Validate submitted data against a task's JSON Schema form, with messages per field."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ...domain.errors import ValidationFailed


def validate_form(schema: dict[str, Any], data: Any, form_name: str) -> None:
    if not isinstance(data, dict):
        raise ValidationFailed.coded("form.not_an_object", {"data": ["must be an object"]})
    errors: dict[str, list[str]] = {}
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for error in validator.iter_errors(data):
        field = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            field = ".".join([*map(str, error.absolute_path), error.message.split("'")[1]])
        elif error.validator == "additionalProperties":
            field = field or "data"
        errors.setdefault(field or "data", []).append(error.message)
    if errors:
        fields = ", ".join(sorted(errors))
        raise ValidationFailed.coded("form.invalid", errors, form=form_name, fields=fields)
