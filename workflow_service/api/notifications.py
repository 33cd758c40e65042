"""/api/v1/notifications: the signed-in user's deadline notifications."""

from __future__ import annotations

from flask import request
from flask.wrappers import Response

from ..schemas.notifications import NotificationQuery, NotificationSchema
from ..services.deadlines import notifications
from .common import api, ctx, current_actor, reply


@api.get("/notifications")
def list_notifications() -> Response:
    actor = current_actor()
    query = NotificationQuery().load(request.args.to_dict())
    rows, total, unread = notifications.list_notifications(
        ctx(), actor, unread_only=query["unread"], limit=query["limit"], offset=query["offset"])
    return reply({"items": NotificationSchema(many=True).dump(rows), "total": total, "unread": unread})


@api.post("/notifications/<int:notification_id>/read")
def read_notification(notification_id: int) -> Response:
    row = notifications.mark_read(ctx(), current_actor(), notification_id)
    return reply(NotificationSchema().dump(row))
