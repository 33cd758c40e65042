"""What changed between two versions, in the page's language: each attribute a designer edits by its label
(name → "Tên", deadline → "Thời hạn", …), deadlines in words, forms by their title, steps and flows by their
names (their ids on hover); an attribute we do not know is shown as written, in <code>."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..services.designer.compare import Change
from .i18n import content_text
from .labels import ROLE_TITLES, deadline_rule_text, role_title

LABELS: dict[str, Any] = {
    "name": _l("Name"), "deadline": _l("Deadline"), "formJsonSchemaFilename": _l("Form"),
    "deadlinePause": _l("Deadline during a supplement"), "supplementFor": _l("Supplement for the step"),
    "sourceRef": _l("Flow from"), "targetRef": _l("Flow to"), "default": _l("Default flow"),
    "conditionExpression": _l("Condition"), "calledElement": _l("Called process"), "processRef": _l("Process"),
    "script": _l("Script"), "postScript": _l("Script after the step"), "calledDecisionId": _l("Decision table"),
    "documentation": _l("Description"), "incoming": _l("Incoming flows"), "outgoing": _l("Outgoing flows"),
    "flowNodeRef": _l("Steps in the lane"), "loopDataInputRef": _l("List the step goes through"),
    "loopDataOutputRef": _l("List of the results"), "isSequential": _l("One after another"),
    "scriptsOnInstances": _l("Scripts run on each instance"), "isExecutable": _l("Executable"),
}
ELEMENT_REFS = frozenset({"sourceRef", "targetRef", "default", "supplementFor", "incoming", "outgoing",
                          "flowNodeRef"})
YES_NO = frozenset({"isSequential", "scriptsOnInstances", "isExecutable"})
PAUSES: dict[str, Any] = {"pause": _l("paused"), "restart": _l("started again")}
ABSENT = Markup("—")


def change_text(change: Change, names: Mapping[str, str], form_titles: Mapping[str, str]) -> Markup:
    """"Thời hạn: 15 ngày làm việc → 20 ngày làm việc"; one sentence when it cannot be told what changed."""
    if change.kind == "content" and not change.attribute:
        return Markup(_("Its content changed (flows, conditions, scripts or documentation)."))
    label = LABELS.get(change.attribute)
    shown = Markup("{}").format(label) if label is not None else \
        Markup("{} <code>{}</code>").format(_("Attribute"), change.attribute)
    value = _value_of(change.attribute, names, form_titles)
    return Markup("{}: {} → {}").format(shown, value(change.old), value(change.new))


def _value_of(attribute: str, names: Mapping[str, str],
              form_titles: Mapping[str, str]) -> Callable[[str | None], Markup]:
    def value(text: str | None) -> Markup:
        if text is None or text == "":
            return ABSENT
        if attribute == "deadline":
            return Markup('<span title="{}">{}</span>').format(text, deadline_rule_text(text))
        if attribute == "formJsonSchemaFilename":
            title = form_titles.get(text)
            return Markup('<span title="{}">{}</span>').format(text, content_text(title)) if title \
                else Markup("<code>{}</code>").format(text)
        if attribute == "name":
            return shown_name(text)
        if attribute in ELEMENT_REFS:
            return Markup(", ").join(_element(i.strip(), names) for i in text.split(","))
        if attribute == "deadlinePause" and text in PAUSES:
            return Markup('<span title="{}">{}</span>').format(text, PAUSES[text])
        if attribute in YES_NO and text in ("true", "false"):
            return Markup("{}").format(_("yes") if text == "true" else _("no"))
        return Markup("<code>{}</code>").format(text)
    return value


def shown_name(name: str) -> Markup:
    """An element's name as the diagram shows it: a lane named after a role by the role's title (the code on
    hover), any other name in the page's language."""
    if name in ROLE_TITLES:
        return Markup('<span title="{}">{}</span>').format(name, role_title(name))
    return Markup("{}").format(content_text(name))


def _element(element_id: str, names: Mapping[str, str]) -> Markup:
    name = names.get(element_id)
    if name:
        return Markup('<span title="{}">{}</span>').format(element_id, shown_name(name))
    return Markup("<code>{}</code>").format(element_id)
