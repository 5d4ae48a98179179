"""A work order's tracking link (the customer's page): issue a new one (the old one stops working)
and revoke it, through fixloop.repairs.services as the back office's buttons do."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.shared import IdPath, get
from fixloop.portal.links import tracking_link_url
from fixloop.repairs import services
from fixloop.repairs.models import TrackingLink, WorkOrder
from fixloop.repairs.tracking import current_link

router = Router(tags=["tracking links"], auth=TokenAuth("tracking_links"))


class TrackingLinkOut(Schema):
    id: int
    work_order_id: int
    url: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def resolve_url(link) -> str | None:
        return tracking_link_url(link)


def link_answer(link: TrackingLink) -> dict:
    return TrackingLinkOut.from_orm(link).model_dump()


@router.get(
    "/{work_order_id}/tracking-link", response=TrackingLinkOut, summary="Read the current tracking link"
)
def read_tracking_link(request, work_order_id: int = IdPath()):
    link = current_link(get(WorkOrder, pk=work_order_id))
    if link is None:
        raise Http404
    return link


@router.post(
    "/{work_order_id}/tracking-link", response={201: TrackingLinkOut}, summary="Issue a tracking link"
)
def issue_tracking_link(request, work_order_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey):
    """A new link for the customer; the work order's previous link stops working at once."""
    work_order = get(WorkOrder, pk=work_order_id)

    def make():
        return 201, link_answer(services.issue_link(work_order, by=actor(request)))

    return idempotency.create(request, key, make)


@router.delete("/{work_order_id}/tracking-link", response={204: None}, summary="Revoke the tracking link")
def revoke_tracking_link(request, work_order_id: int = IdPath()):
    work_order = get(WorkOrder, pk=work_order_id)
    services.revoke_link(work_order, by=actor(request))
    return Status(204, None)
