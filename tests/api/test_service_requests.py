"""Service requests over the API: listed, accepted (a work order opens) and rejected."""

from fixloop.repairs.models import ServiceRequest


def test_a_pending_request_is_listed_with_its_open_time(api, submit):
    request = submit()
    body = api.get(f"/service-requests/{request.pk}").json()
    assert body["state"] == "pending"
    assert len(body["open_slots"]) == 1


def test_accepting_opens_the_work_order(api, submit, statuses):
    request = submit()
    response = api.post(f"/service-requests/{request.pk}/accept", {"version": request.version})
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.state == ServiceRequest.State.ACCEPTED
    assert response.json()["work_order_id"] == request.work_order_id


def test_an_old_version_is_409(api, submit, statuses):
    request = submit()
    response = api.post(f"/service-requests/{request.pk}/accept", {"version": request.version + 5})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "version"


def test_rejecting_needs_a_reason(api, submit):
    request = submit()
    response = api.post(f"/service-requests/{request.pk}/reject", {"version": request.version, "reason": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_a_request_is_rejected_with_the_reason(api, submit):
    request = submit()
    api.post(f"/service-requests/{request.pk}/reject", {"version": request.version, "reason": "No parts."})
    request.refresh_from_db()
    assert (request.state, request.rejection_reason) == (ServiceRequest.State.REJECTED, "No parts.")
