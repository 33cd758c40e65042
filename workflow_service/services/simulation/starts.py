"""Start what a scenario's filing names, through the service function its page or route calls: an
evaluation dossier (`file_dossier`), a re-evaluation, inspection or revocation of a certificate
(`services/certificates/starting`), an idea or a business plan (`services/cycle`). The filing's data is
the body the route takes; a field the start needs and the data lacks stops the run naming it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.cycle import IDEA_SERIES
from ...domain.errors import ValidationFailed
from ...domain.scenario import Filing
from ...persistence.models import Dossier
from ..certificates.starting import Revocation, start_inspection, start_reevaluation, start_revocation
from ..context import ServiceContext
from ..cycle.business_plans import submit_business_plan
from ..cycle.ideas import register_idea
from ..dossiers.filing import FileDossier, file_dossier


def start_filing(ctx: ServiceContext, actor: Actor, filing: Filing, process_key: str) -> Dossier:
    data = filing.data
    if filing.kind == "idea":
        return register_idea(ctx, actor, filing.commune, data)
    if filing.kind == "business_plan":
        assert filing.idea is not None  # the scenario's reader requires it
        return submit_business_plan(ctx, actor, _idea_id(ctx, filing.idea), data)
    if filing.certificate is not None and filing.kind == "re_evaluation":
        return start_reevaluation(ctx, actor, filing.certificate, _text(data, "changes"))
    if filing.kind == "inspection":
        assert filing.certificate is not None
        return start_inspection(ctx, actor, filing.certificate, _required(data, "kind"),
                                _day(data, "due_on"), _text(data, "reason"))
    if filing.kind == "revocation":
        assert filing.certificate is not None
        inspection = data.get("inspection_dossier_id")
        return start_revocation(ctx, actor, filing.certificate, Revocation(
            _required(data, "ground"), _day(data, "finding_date"), _required(data, "finding_by"),
            _text(data, "finding_reference"), _text(data, "description"),
            inspection if isinstance(inspection, int) else None))
    return file_dossier(ctx, actor, FileDossier(process_key, filing.commune, filing.kind, data, filing.filed_on))


def _idea_id(ctx: ServiceContext, number: str) -> int:
    with ctx.uow() as uow:
        found = uow.session.scalar(select(Dossier.id).where(Dossier.registration_number == number,
                                                            Dossier.series == IDEA_SERIES))
    if found is None:
        raise ValidationFailed.coded("simulation.no_idea", {"idea": ["no such idea"]}, number=number)
    return found


def _text(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    return str(value) if value not in (None, "") else None


def _required(data: dict[str, Any], name: str) -> str:
    value = _text(data, name)
    if value is None:
        raise ValidationFailed.coded("simulation.data_required", {name: ["required"]}, name=name)
    return value


def _day(data: dict[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(_required(data, name))
    except ValueError:
        raise ValidationFailed.coded("simulation.data_not_date", {name: ["not a date"]}, name=name) from None
