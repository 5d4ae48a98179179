"""The one gate for message states: transition() for one message, settle() for many."""

import pytest
from django.db.models import F

from fixloop.messaging import services
from fixloop.messaging.models import Message
from fixloop.messaging.states import IllegalTransition, settle, transition

pytestmark = pytest.mark.django_db


def queue(customer, key: str) -> Message:
    return services.queue_message(
        "workorder.message", channel="email", customer=customer, context={"message": key}, dedupe_key=key
    )


def put(message: Message, state: str) -> None:
    Message.objects.filter(pk=message.pk).update(state=state)


def state_of(message: Message) -> str:
    return Message.objects.values_list("state", flat=True).get(pk=message.pk)


def test_settle_moves_the_messages_in_the_expected_state_and_writes_the_fields(customer):
    first, second = queue(customer, "a"), queue(customer, "b")

    moved = settle([first.pk, second.pk], Message.State.QUEUED, Message.State.SENDING, last_error="x")

    assert moved == 2
    assert set(Message.objects.values_list("state", "last_error")) == {(Message.State.SENDING, "x")}


def test_settle_takes_a_queryset_and_several_expected_states(customer):
    queued, retrying = queue(customer, "a"), queue(customer, "b")
    put(retrying, Message.State.RETRYING)

    moved = settle(
        Message.objects.all(),
        [Message.State.QUEUED, Message.State.RETRYING],
        Message.State.SENDING,
        attempt_count=F("attempt_count") + 1,
    )

    assert moved == 2
    assert state_of(queued) == state_of(retrying) == Message.State.SENDING
    assert set(Message.objects.values_list("attempt_count", flat=True)) == {1}


def test_settle_leaves_a_message_that_moved_on_meanwhile_as_it_is(customer, advisor):
    waiting, cancelled = queue(customer, "a"), queue(customer, "b")
    services.cancel(cancelled, by=advisor)

    moved = settle([waiting.pk, cancelled.pk], Message.State.QUEUED, Message.State.SENDING)

    assert moved == 1
    assert state_of(waiting) == Message.State.SENDING
    assert state_of(cancelled) == Message.State.CANCELLED


def test_settle_refuses_a_transition_the_table_does_not_allow_and_writes_nothing(customer):
    message = queue(customer, "a")
    put(message, Message.State.SENT)

    with pytest.raises(IllegalTransition, match="A message that is Sent cannot become Sending"):
        settle([message.pk], Message.State.SENT, Message.State.SENDING)

    assert state_of(message) == Message.State.SENT


def test_settle_refuses_when_any_expected_state_may_not_move_on(customer):
    message = queue(customer, "a")

    with pytest.raises(IllegalTransition):
        settle([message.pk], [Message.State.QUEUED, Message.State.FAILED], Message.State.SENDING)

    assert state_of(message) == Message.State.QUEUED


def test_transition_refuses_a_final_state_and_leaves_the_message_unchanged(customer):
    message = queue(customer, "a")
    message.state = Message.State.BOUNCED

    with pytest.raises(IllegalTransition):
        transition(message, Message.State.SENDING, last_error="x")

    assert (message.state, message.last_error) == (Message.State.BOUNCED, "")
