"""Why a dossier was not migrated, in the page's language: the reason's code (domain/migration_reasons) has its
sentence here, steps are named (their ids in <code>), and an error's own English (a class name and message)
is shown only inside a collapsed "Technical details"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..domain.migration_reasons import TECHNICAL_PARAMS, read_reason

REASON_TEXTS: dict[str, Any] = {
    "migration.no_such_dossier": _l("There is no such dossier."),
    "migration.other_process": _l("The dossier runs the process %(key)s, not the plan's source %(source)s."),
    "migration.not_running": _l("The dossier is %(status)s: only a dossier in progress is migrated."),
    "migration.version_not_in_plan": _l("The dossier runs version %(version)s of %(key)s, which the plan does "
                                        "not include."),
    "migration.timer_due": _l("The timer %(element)s fell due at %(at)s and has not fired yet; migrate once it "
                              "has."),
    "migration.no_unit": _l("On %(day)s the dossier's commune has no unit for some lane of the new version."),
    "migration.in_subprocess": _l("The dossier is inside a subprocess or a call activity."),
    "migration.not_waiting": _l("The dossier is not waiting at any step."),
    "migration.unmapped": _l("The dossier waits at %(element)s, which the plan does not map."),
    "migration.boundary_events": _l("%(element)s has boundary events (timers, escalations) waiting on it."),
    "migration.half_done": _l("The step %(element)s is half done (%(done)s of %(total)s completed)."),
    "migration.no_target_element": _l("The new version has no element %(element)s."),
    "migration.not_a_wait_step": _l("%(element)s is not a step a dossier can wait at (a user task)."),
    "migration.cannot_remove": _l("%(element)s cannot be removed from the dossier's path."),
    "migration.kept_changing": _l("The dossier kept changing while it was being moved; try again."),
    "migration.broken": _l("The dossier could not be read or moved; it is left as it was."),
}
DOSSIER_STATES: dict[str, Any] = {"running": _l("in progress"), "completed": _l("finished")}

StepLabel = Callable[[str], Markup]


def reason_text(text: str | None, step: StepLabel) -> Markup:
    """The reason in the page's language; `step` names an element id (its name, the id in <code>)."""
    if not text:
        return Markup("")
    found = read_reason(text)
    if found is None:  # not one of ours: a plain sentence, the text itself as technical detail
        return Markup("{} {}").format(_("The dossier cannot be migrated."), technical_details(text))
    params = {name: _param(name, value, step) for name, value in found.params if name not in TECHNICAL_PARAMS}
    sentence = Markup(escape(str(REASON_TEXTS[found.code]))) % params if params else \
        escape(str(REASON_TEXTS[found.code]))
    technical = [value for name, value in found.params if name in TECHNICAL_PARAMS]
    return Markup(" ").join([sentence, *(technical_details(t) for t in technical)])


def technical_details(text: str) -> Markup:
    """An error's own words (English, for the administrator), collapsed."""
    return Markup('<details class="technical"><summary>{}</summary><code>{}</code></details>').format(
        _("Technical details"), text)


def _param(name: str, value: str, step: StepLabel) -> Markup:
    if name == "element":
        return step(value)
    if name == "status":
        label = DOSSIER_STATES.get(value)
        return Markup("{}").format(label) if label is not None else Markup("<code>{}</code>").format(value)
    if name in ("key", "source"):
        return Markup("<code>{}</code>").format(value)
    return Markup("{}").format(value)
