"""Messages: the deliveries log (every message with its state, channel, kind, recipient, attempts
and delivery events) and a free message to a work order's customer, queued through the outbox by
fixloop.messaging.services.send_staff_message as the back office's "Send a message" does.

A message has no change time of its own: `updated_at` is the latest of its creation, sending,
delivery, failure, attempts and delivery events (what `updated_since` and the order use)."""

from datetime import datetime

from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from ninja import Field, Query, Router, Schema

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.pagination import ListQuery, page
from fixloop.api.v1.shared import ID_MAX, IdPath, dump, get
from fixloop.api.v1.work_orders import related
from fixloop.messaging import services
from fixloop.messaging.kinds import label
from fixloop.messaging.models import Attempt, Message, MessageEvent
from fixloop.repairs.models import WorkOrder

router = Router(tags=["messages"], auth=TokenAuth("messages"))


class AttemptOut(Schema):
    number: int
    started_at: datetime
    finished_at: datetime
    outcome: str = Field(..., description="sent, transient or permanent")
    error: str


class EventOut(Schema):
    kind: str = Field(..., description="delivered, bounced, complained or deferred")
    at: datetime
    reason: str
    hard: bool | None
    source: str


class MessageOut(Schema):
    id: int
    kind: str
    kind_name: str = Field(..., description="The kind's name, in the request's language.")
    channel: str
    state: str
    state_reason: str
    customer_id: int | None
    work_order_id: int | None
    recipient: str
    language: str
    subject: str
    body_text: str
    attempt_count: int
    next_attempt_at: datetime | None
    resend_of_id: int | None
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None
    updated_at: datetime
    attempts: list[AttemptOut]
    events: list[EventOut]

    @staticmethod
    def resolve_kind_name(message) -> str:
        return label(message.kind)

    @staticmethod
    def resolve_attempts(message) -> list:
        return list(message.attempts.all())

    @staticmethod
    def resolve_events(message) -> list:
        return list(message.events.all())


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None


class MessageQuery(ListQuery):
    work_order_id: int | None = Field(None, ge=1, le=ID_MAX)
    customer_id: int | None = Field(None, ge=1, le=ID_MAX)
    state: Message.State | None = Field(None, description="queued, sending, sent, delivered, failed, …")


class MessageIn(Schema):
    work_order_id: int = Field(..., ge=1, le=ID_MAX, description="The message goes to its customer.")
    channel: str = Field("email", pattern="^(email|sms)$", description="email or sms")
    message: str = Field(
        ...,
        max_length=services.STAFF_MESSAGE_MAX_LENGTH,
        description="Your text; sent with the greeting and signature of the 'Message from staff' template.",
    )


def latest(model, field: str):
    return Subquery(model.objects.filter(message=OuterRef("pk")).order_by(f"-{field}").values(field)[:1])


def messages():
    """Every message with `updated_at`: its latest known change."""
    created = F("created_at")
    changed = Greatest(
        created,
        *(
            Coalesce(moment, created)
            for moment in (
                F("sending_since"),
                F("sent_at"),
                F("delivered_at"),
                F("failed_at"),
                latest(Attempt, "finished_at"),
                latest(MessageEvent, "recorded_at"),
            )
        ),
        output_field=DateTimeField(),
    )
    return Message.objects.annotate(updated_at=changed).prefetch_related("attempts", "events")


@router.get("", response=MessagePage, summary="List messages (the deliveries log)")
def list_messages(request, query: Query[MessageQuery]):
    found = messages()
    if query.work_order_id:
        found = found.filter(work_order_id=query.work_order_id)
    if query.customer_id:
        found = found.filter(customer_id=query.customer_id)
    if query.state:
        found = found.filter(state=query.state)
    return page(found, query)


@router.get("/{message_id}", response=MessageOut, summary="Read a message")
def read_message(request, message_id: int = IdPath()):
    return get(messages(), pk=message_id)


@router.post("", response={201: MessageOut}, summary="Send a free message to a work order's customer")
def send_message(request, payload: MessageIn, key: str | None = idempotency.IdempotencyKey):
    """Queued through the outbox (retries, delivery tracking). A message that cannot be sent (no
    address on record, an opt-out) is still written, with state `suppressed` and the reason."""

    def make():
        work_order = related(WorkOrder, payload.work_order_id, "work_order_id")
        message = services.send_staff_message(
            work_order, channel=payload.channel, text=payload.message, by=actor(request)
        )
        return 201, dump(MessageOut, messages().get(pk=message.pk))

    return idempotency.create(request, key, make)
