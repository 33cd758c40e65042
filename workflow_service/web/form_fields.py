"""Task forms for pages: JSON Schema + x-ui hints → fields to render, and posted fields → form data.

Only the shapes our forms/ use are supported: objects (fieldsets), strings (text, textarea, date),
integers and numbers, booleans (yes/no radios, so "not answered" stays distinguishable from "no"),
and enums with x-enumNames. The server validates with services.forms.validate_form afterwards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..domain.errors import ValidationFailed
from ..services.tasks.forms import validate_form
from .i18n import content_text
from .labels import local_date, number

TEXTAREA_OVER = 300  # strings allowed longer than this get a multi-line box


@dataclass
class Field:
    name: str  # dotted path, also the HTML name
    label: str
    help: str
    kind: str  # text | textarea | date | integer | number | boolean | select | group
    required: bool = False
    value: Any = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    errors: list[str] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def text_value(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        if isinstance(self.value, int | float) and self.kind in ("integer", "number", "select"):
            return number(self.value, grouping=False) if self.kind != "select" else str(self.value)
        return str(self.value)

    @property
    def shown_value(self) -> str:
        """The value as a reader sees it: the option's name, Yes/No, a dd/mm/yyyy date, a local number."""
        if self.value is None or self.value == "":
            return ""
        if self.kind == "select":
            return next((label for value, label in self.choices if value == str(self.value)), str(self.value))
        if self.kind == "boolean" and isinstance(self.value, bool):
            return str(_("Yes") if self.value else _("No"))
        if self.kind == "date":
            return local_date(str(self.value))
        return self.text_value

    @property
    def answered(self) -> bool:
        if self.kind == "group":
            return any(c.answered for c in self.children)
        return self.value is not None and self.value != ""


@dataclass
class RenderedForm:
    title: str
    description: str
    fields: list[Field]
    scoresheet: list[Field]  # rows of the score table (x-ui layout "scoresheet"), in order
    max_total: float | None
    total: float | None
    form_errors: list[str]

    @property
    def all_fields(self) -> list[Field]:
        """Every field in page order (scoresheet first), groups followed by their children."""
        return _walk(self.scoresheet + self.fields)

    @property
    def error_list(self) -> list[Field]:
        """The fields with an error, in page order: the summary at the top of the form links to each."""
        return [f for f in self.all_fields if f.errors]


def build_form(schema: Mapping[str, Any], values: Mapping[str, Any] | None,
               errors: Mapping[str, list[str]] | None = None) -> RenderedForm:
    errors = dict(errors or {})
    fields = _fields(schema, values or {}, "", errors)
    ui = schema.get("x-ui", {})
    total_names = list(ui.get("total", [])) if ui.get("layout") == "scoresheet" else []
    scoresheet = [f for f in fields if f.name in total_names]
    rest = [f for f in fields if f.name not in total_names]
    known = {f.name for f in _walk(fields)}
    form_errors = [m for key, msgs in errors.items() if key not in known for m in msgs]
    scores = [f.value for f in scoresheet if isinstance(f.value, int | float) and not isinstance(f.value, bool)]
    return RenderedForm(
        title=content_text(str(schema.get("title", ""))), description=content_text(str(schema.get("description", ""))),
        fields=rest,
        scoresheet=scoresheet, max_total=ui.get("max_total"), total=sum(scores) if scoresheet else None,
        form_errors=form_errors)


def _walk(fields: list[Field]) -> list[Field]:
    return [g for f in fields for g in (f, *_walk(f.children))]


def _ordered(schema: Mapping[str, Any]) -> list[str]:
    props = list(schema.get("properties", {}))
    order = [n for n in schema.get("x-ui", {}).get("order", []) if n in props]
    return order + [n for n in props if n not in order]


def _fields(schema: Mapping[str, Any], values: Mapping[str, Any], prefix: str,
            errors: dict[str, list[str]]) -> list[Field]:
    widgets = schema.get("x-ui", {}).get("widget", {})
    required = set(schema.get("required", []))
    out = []
    for name in _ordered(schema):
        prop = schema["properties"][name]
        path = f"{prefix}{name}"
        value = values.get(name) if isinstance(values, Mapping) else None
        f = Field(name=path, label=content_text(str(prop.get("title", name))),
                  help=content_text(str(prop.get("description", ""))),
                  kind=_kind(prop, widgets.get(name)), required=name in required, value=value,
                  minimum=prop.get("minimum"), maximum=prop.get("maximum"), max_length=prop.get("maxLength"))
        if f.kind == "group":
            f.children = _fields(prop, value if isinstance(value, Mapping) else {}, path + ".", errors)
        elif f.kind == "select":
            names = prop.get("x-enumNames") or [str(v) for v in prop["enum"]]
            f.choices = [(str(v), content_text(str(n))) for v, n in zip(prop["enum"], names, strict=False)]
        f.errors = [friendly(m, f) for m in errors.get(path, [])]
        out.append(f)
    return out


def _kind(prop: Mapping[str, Any], widget: str | None) -> str:
    kind = prop.get("type")
    if kind == "object":
        return "group"
    if "enum" in prop:
        return "select"
    if kind == "boolean":
        return "boolean"
    if kind in ("integer", "number"):
        return str(kind)
    if widget == "date" or prop.get("format") == "date":
        return "date"
    if widget == "textarea" or (prop.get("maxLength") or 0) > TEXTAREA_OVER:
        return "textarea"
    return "text"


def read_submission(schema: Mapping[str, Any], form: Mapping[str, str],
                    form_name: str) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Posted fields → form data and every problem at once: what could not be read (a word in a number
    field) and what the form's rules refuse (required, ranges, formats), one list per field."""
    data, errors = parse_submission(schema, form)
    try:
        validate_form(dict(schema), data, form_name)
    except ValidationFailed as err:
        for path, messages in err.errors.items():
            errors.setdefault(path, messages)  # an unreadable value is reported as such, not as missing
    return data, errors


def with_raw(data: dict[str, Any], errors: dict[str, list[str]], form: Any) -> dict[str, Any]:
    """Show what the user typed in fields that could not be read, so nothing typed is lost."""
    shown: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for path in errors:
        if path not in form:
            continue
        *parents, leaf = path.split(".")
        node = shown
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = form.get(path, "")
    return shown


def parse_submission(schema: Mapping[str, Any], form: Mapping[str, str]) -> tuple[dict[str, Any],
                                                                                   dict[str, list[str]]]:
    """Posted strings → typed form data; empty fields are left out so 'required' catches them."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    _parse_into(schema, form, "", data, errors)
    return data, errors


def _parse_into(schema: Mapping[str, Any], form: Mapping[str, str], prefix: str, out: dict[str, Any],
                errors: dict[str, list[str]]) -> None:
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        if prop.get("type") == "object":
            child: dict[str, Any] = {}
            _parse_into(prop, form, path + ".", child, errors)
            if child or name in schema.get("required", []):
                out[name] = child
            continue
        raw = (form.get(path) or "").strip()
        if raw == "":
            continue
        try:
            out[name] = _typed(prop, raw)
        except ValueError:
            errors.setdefault(path, []).append(
                _("Enter a whole number.") if prop.get("type") == "integer" else _("Enter a number."))


def _typed(prop: Mapping[str, Any], raw: str) -> Any:
    kind = prop.get("type")
    if "enum" in prop:
        for option in prop["enum"]:
            if str(option) == raw:
                return option
        return raw  # not an option: validation reports it
    if kind == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(raw)
        return raw == "true"
    if kind == "integer":
        value = read_number(raw)
        if not value.is_integer():
            raise ValueError(raw)
        return int(value)
    if kind == "number":
        value = read_number(raw)
        return int(value) if value.is_integer() and "." not in raw and "," not in raw else value
    return raw


def read_number(raw: str) -> float:
    """A number typed either way: "20,5" (Vietnamese decimal comma) or "20.5"; spaces between digits ignored.
    One separator is the decimal mark; "1.234,5" / "1,234.5" read the last one as decimal."""
    text = raw.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "")
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


_MIN = re.compile(r"is less than (?:or equal to )?the minimum of")
_MAX = re.compile(r"is greater than (?:or equal to )?the maximum of")


def friendly(message: str, f: Field) -> str:
    """jsonschema's English messages → short messages in the page language."""
    if message.endswith("is a required property"):
        return str(_("This field is required."))
    if _MIN.search(message) or _MAX.search(message):
        if f.minimum is not None and f.maximum is not None:
            return str(_("Enter a value from %(min)s to %(max)s.", min=_num(f.minimum), max=_num(f.maximum)))
        if f.minimum is not None:
            return str(_("Enter a value of at least %(min)s.", min=_num(f.minimum)))
        return str(_("Enter a value of at most %(max)s.", max=_num(f.maximum or 0)))
    if "is not one of" in message or "was expected" in message:
        return str(_("Choose one of the options."))
    if "is too long" in message or "is expected to be empty" in message:
        return str(_("At most %(n)s characters.", n=f.max_length or 0))
    if "should be non-empty" in message or "is too short" in message:
        return str(_("This field is required."))
    if "does not match" in message or "is not a 'date'" in message:
        return str(_("The format is not valid; see the help text."))
    if "is not of type" in message:
        return str(_("Enter a whole number.") if f.kind == "integer" else _("The value has the wrong type."))
    return message


def _num(value: float) -> str:
    return number(value)
