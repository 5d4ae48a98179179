"""Work orders over the API: read, open, change, status, comment, file, close, reopen, timeline."""

from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.repairs.models import Attachment, Phase, TimelineEntry, WorkOrder
from tests.backoffice.conftest import png_bytes


def entries(work_order, kind):
    return TimelineEntry.objects.filter(work_order=work_order, kind=kind)


def test_a_work_order_is_read_with_its_status(api, work_order):
    body = api.get(f"/work-orders/{work_order.pk}").json()
    assert body["number"] == work_order.number
    assert body["status_id"] == work_order.status_id
    assert body["phase"] == Phase.OPEN


def test_a_work_order_is_opened_for_a_customer_and_its_unit(api, customer, unit, location, statuses):
    response = api.post(
        "/work-orders",
        {
            "customer_id": customer.pk,
            "unit_id": unit.pk,
            "location_id": location.pk,
            "problem_description": "No power.",
        },
    )
    assert response.status_code == 201, response.content
    work_order = WorkOrder.objects.get(pk=response.json()["id"])
    assert (work_order.customer, work_order.unit, work_order.problem_description) == (
        customer,
        unit,
        "No power.",
    )
    opened = entries(work_order, TimelineEntry.Kind.OPENED).get()
    assert (opened.actor, opened.actor_name, opened.ip) == ("integration", "Dealer system", "203.0.113.5")


def test_a_work_order_takes_the_number_of_the_other_software(api, customer, location, statuses):
    response = api.post(
        "/work-orders", {"customer_id": customer.pk, "problem_description": "x", "number": "DMS-77"}
    )
    assert response.json()["number"] == "DMS-77"


def test_another_customers_unit_is_refused_naming_the_field(api, customer, other_unit, location, statuses):
    response = api.post(
        "/work-orders", {"customer_id": customer.pk, "unit_id": other_unit.pk, "problem_description": "x"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit"
    assert not WorkOrder.objects.exists()


def test_an_unknown_customer_is_refused_naming_the_field(api, location, statuses):
    response = api.post("/work-orders", {"customer_id": 999, "problem_description": "x"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "customer_id"


def test_the_details_change_with_a_timeline_entry(api, work_order):
    response = api.patch(f"/work-orders/{work_order.pk}", {"promised_date": "2030-01-15"})
    assert response.json()["promised_date"] == "2030-01-15"
    assert entries(work_order, TimelineEntry.Kind.UPDATED).get().data["promised_date"][1] == "2030-01-15"


def test_the_status_changes(api, work_order, statuses):
    response = api.post(f"/work-orders/{work_order.pk}/status", {"status_id": statuses[Phase.IN_PROGRESS].pk})
    assert response.status_code == 200
    assert response.json()["status_id"] == statuses[Phase.IN_PROGRESS].pk
    assert entries(work_order, TimelineEntry.Kind.STATUS).get().actor == "integration"


def test_the_same_status_again_is_refused_naming_the_field(api, work_order):
    response = api.post(f"/work-orders/{work_order.pk}/status", {"status_id": work_order.status_id})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_an_internal_comment_is_added(api, work_order):
    response = api.post(f"/work-orders/{work_order.pk}/comments", {"text": "Fan replaced.", "public": False})
    assert response.status_code == 201
    entry = entries(work_order, TimelineEntry.Kind.COMMENT).get()
    assert (entry.text, entry.public) == ("Fan replaced.", False)


def test_a_file_is_attached_when_its_content_matches(api, work_order, media_root):
    upload = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
    response = api.upload(
        f"/work-orders/{work_order.pk}/files", {"file": upload, "public": "true", "note": "Front"}
    )
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.public) == ("front.png", True)


def test_a_file_whose_content_is_not_its_type_is_refused(api, work_order, media_root):
    upload = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api.upload(f"/work-orders/{work_order.pk}/files", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    assert not Attachment.objects.exists()


def test_the_same_upload_with_one_key_attaches_once(api, work_order, media_root):
    for _ in range(2):
        upload = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
        response = api.upload(
            f"/work-orders/{work_order.pk}/files", {"file": upload}, headers={"Idempotency-Key": "f"}
        )
        assert response.status_code == 201
    assert Attachment.objects.count() == 1


def test_a_work_order_is_closed_and_reopened(api, work_order, statuses):
    closed = api.post(f"/work-orders/{work_order.pk}/close", {"note": "Collected."})
    assert closed.json()["closed_at"] is not None
    reopened = api.post(f"/work-orders/{work_order.pk}/reopen", {"reason": "Same fault again."})
    assert reopened.json()["closed_at"] is None
    assert entries(work_order, TimelineEntry.Kind.REOPENED).get().text == "Same fault again."


def test_reopening_without_a_reason_is_refused(api, work_order, statuses):
    api.post(f"/work-orders/{work_order.pk}/close", {})
    response = api.post(f"/work-orders/{work_order.pk}/reopen", {"reason": " "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_the_timeline_lists_every_entry_oldest_first(api, work_order):
    api.post(f"/work-orders/{work_order.pk}/comments", {"text": "One"})
    kinds = [item["kind"] for item in api.get(f"/work-orders/{work_order.pk}/timeline").json()["items"]]
    assert kinds == ["opened", "comment"]


def test_the_list_filters_by_customer_and_state(
    api, work_order, other_customer, location, statuses, staff_actor
):
    from fixloop.repairs import services

    other = services.open_work_order(
        customer=other_customer, location=location, problem_description="x", by=staff_actor
    )
    ids = [item["id"] for item in api.get("/work-orders", {"customer_id": other_customer.pk}).json()["items"]]
    assert ids == [other.pk]
    assert api.get("/work-orders", {"state": "closed"}).json()["items"] == []


def test_an_unknown_work_order_is_404_for_every_action(api, statuses):
    assert api.get("/work-orders/4711").status_code == 404
    assert api.get("/work-orders/4711/timeline").status_code == 404
    assert api.patch("/work-orders/4711", {"problem_description": "x"}).status_code == 404
    for path, body in [
        ("/status", {"status_id": statuses["in_progress"].pk}),
        ("/comments", {"text": "x"}),
        ("/close", {}),
        ("/reopen", {"reason": "x"}),
    ]:
        assert api.post(f"/work-orders/4711{path}", body).status_code == 404, path
