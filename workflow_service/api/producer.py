"""/api/v1/producer, /api/v1/producer-reports and /api/v1/rewards: the producer's overview, their periodic
reports, and the rewards a unit's plan pays by star."""

from __future__ import annotations

from typing import Any

from flask.wrappers import Response

from ..schemas.cycle import ProducerReportQuery, ProducerReportRequest, RewardsExportQuery, RewardsQuery
from ..schemas.resources import DossierSummarySchema, LocalDateTime
from ..services.cycle import producer, rewards, rewards_export
from ..services.plans import producer_reports
from .common import api, body, ctx, current_actor, query, reply
from .cycle import item_view

_INSTANT = LocalDateTime()
_SUMMARY = DossierSummarySchema()


def report_view(view: producer_reports.ProducerReportView) -> dict[str, Any]:
    row = view.row
    return {"id": row.id, "plan_id": row.plan_id, "producer": row.producer, "commune": row.commune_code,
            "step": row.step_key, "title": row.title, "period": row.period, "status": row.status,
            "due_at": _INSTANT.serialize("due_at", row), "submitted_at": _INSTANT.serialize("submitted_at", row),
            "content": row.content, "deadline_status": view.deadline_status}


@api.get("/producer")
def producer_overview() -> Response:
    overview = producer.producer_overview(ctx(), current_actor())
    return reply({"communes": overview.communes, "ideas": [item_view(i) for i in overview.ideas],
                  "business_plans": [item_view(i) for i in overview.plans],
                  "dossiers": [_SUMMARY.dump(d) for d in overview.dossiers],
                  "certificates": [vars(c) for c in overview.certificates],
                  "reports": [report_view(r) for r in overview.reports]})


@api.get("/producer-reports")
def list_producer_reports() -> Response:
    actor = current_actor()
    args = query(ProducerReportQuery())
    views = producer_reports.list_producer_reports(ctx(), actor, args["status"])
    return reply({"items": [report_view(v) for v in views]})


@api.post("/producer-reports/<id:report_id>/submit")
def submit_producer_report(report_id: int) -> Response:
    actor = current_actor()
    content = body(ProducerReportRequest())
    return reply(report_view(producer_reports.submit_producer_report(ctx(), actor, report_id, content)))


def rewards_view(table: rewards.RewardsTable) -> dict[str, Any]:
    return {"unit": table.unit, "unit_name": table.unit_name, "year": table.year, "plan_id": table.plan_id,
            "plan_source": table.plan_source, "amounts": {str(k): v for k, v in table.amounts.items()},
            "rows": [vars(r) for r in table.rows], "total": table.total,
            "by_star": [{"stars": s, "products": n, "amount": a} for s, n, a in table.by_star()]}


@api.get("/rewards")
def rewards_table() -> Response:
    actor = current_actor()
    args = query(RewardsQuery())
    return reply(rewards_view(rewards.rewards_table(ctx(), actor, args["unit"], args["year"])))


@api.get("/rewards/export")
def export_rewards() -> Response:
    actor = current_actor()
    args = query(RewardsExportQuery())
    table = rewards.rewards_table(ctx(), actor, args["unit"], args["year"])
    content, content_type, name = rewards_export.export_rewards(table, args["format"])
    response = Response(content, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
