"""The demo's REST API integration: a dealer system with a token, which adds an internal comment to
a work order (so the timeline shows what an integration did) and an old token revoked."""

from fixloop.api.services import tokens
from fixloop.core.actor import Actor, ActorKind
from fixloop.repairs import services
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import Role

INTEGRATION = "Dealer system"
INTEGRATION_IP = "192.0.2.50"


def seed_integration(shop, work_order: WorkOrder | None) -> None:
    administrator = shop.staff_with_role(Role.ADMINISTRATOR)[0]
    old, _token = tokens.create_token(
        name="Old ERP export", scopes=["customers:read", "work_orders:read"], by=administrator
    )
    tokens.revoke_token(old, by=administrator)
    row, _token = tokens.create_token(
        name=INTEGRATION,
        scopes=["customers:read", "customers:write", "work_orders:read", "work_orders:write"],
        by=administrator,
    )
    tokens.record_use(row, INTEGRATION_IP)
    if work_order is not None and not work_order.is_closed:
        by = Actor(ActorKind.INTEGRATION, ip=INTEGRATION_IP, user_agent="DealerSystem/4.2", name=INTEGRATION)
        services.add_comment(work_order, "Parts order 88123 placed with the importer.", public=False, by=by)
