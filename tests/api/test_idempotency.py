"""Idempotency-Key on creates: the same request again gets the same answer and creates nothing."""

import threading

import pytest
from django.db import connection

from fixloop.customers.models import CustomerAccount
from tests.api.conftest import ApiClient


def test_the_same_key_and_body_return_the_stored_answer_and_create_one_object(api):
    first = api.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    again = api.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert CustomerAccount.objects.filter(name="Fleet GmbH").count() == 1


def test_the_same_key_with_another_body_is_409(api):
    api.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    response = api.post("/customers", {"name": "Other GmbH"}, headers={"Idempotency-Key": "k-1"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not CustomerAccount.objects.filter(name="Other GmbH").exists()


def test_keys_belong_to_their_token(api, api_for):
    other = api_for(["customers:write"])
    api.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    response = other.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    assert response.status_code == 201
    assert CustomerAccount.objects.filter(name="Fleet GmbH").count() == 2


def test_a_refused_create_keeps_no_answer_so_the_key_can_be_sent_again(api):
    refused = api.post("/customers", {"name": "Fleet", "email": "no"}, headers={"Idempotency-Key": "k-2"})
    assert refused.status_code == 422
    accepted = api.post("/customers", {"name": "Fleet", "email": "no"}, headers={"Idempotency-Key": "k-2"})
    assert accepted.status_code == 422  # still refused, and not a replay
    assert "Idempotent-Replayed" not in accepted


def test_without_a_key_each_create_creates(api):
    api.post("/customers", {"name": "Fleet GmbH"})
    api.post("/customers", {"name": "Fleet GmbH"})
    assert CustomerAccount.objects.filter(name="Fleet GmbH").count() == 2


def test_an_expired_key_can_be_used_again(api, settings):
    settings.API_IDEMPOTENCY_HOURS = 0
    api.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    response = api.post("/customers", {"name": "Fleet GmbH"}, headers={"Idempotency-Key": "k-1"})
    assert "Idempotent-Replayed" not in response
    assert CustomerAccount.objects.filter(name="Fleet GmbH").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_moment_create_one_object(api_token, shop):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL")
    token = api_token[1]
    barrier = threading.Barrier(4)
    answers = []

    def send():
        try:
            barrier.wait()
            response = ApiClient(token).post(
                "/customers", {"name": "Race GmbH"}, headers={"Idempotency-Key": "r"}
            )
            answers.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CustomerAccount.objects.filter(name="Race GmbH").count() == 1
    assert {answer for answer in answers} == {(201, CustomerAccount.objects.get(name="Race GmbH").pk)}
