"""Pages with several forms keep their element ids unique, and every ARIA reference (a field's help
text, its error message) names an element that is on the page: a form sent with errors included."""

import re
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.repairs import services


def assert_ids_sound(html: str) -> None:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [element_id for element_id, count in ids.items() if count > 1], "duplicate ids"
    for attribute in ("aria-describedby", "aria-labelledby", "for"):
        for value in re.findall(rf'\s{attribute}="([^"]+)"', html):
            missing = [reference for reference in value.split() if reference not in ids]
            assert not missing, f'{attribute}="{value}" names no element'


def test_the_work_order_page_has_unique_ids_and_sound_references(client, advisor, work_order, staff_actor):
    services.attach_file(
        work_order,
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        public=False,
        by=staff_actor,
    )
    client.force_login(advisor)
    assert_ids_sound(client.get(f"/staff/work-orders/{work_order.number}/").content.decode())
    # A comment sent empty: the page comes back with the field's message, referenced by the field.
    response = client.post(f"/staff/work-orders/{work_order.number}/comment/", {"text": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-describedby="id_comment_text_error"' in html
    assert_ids_sound(html)


def test_the_work_order_page_with_a_sent_estimate_has_unique_ids(client, advisor, sent_estimate):
    client.force_login(advisor)
    assert_ids_sound(client.get(f"/staff/work-orders/{sent_estimate.work_order.number}/").content.decode())


def test_the_look_up_sent_empty_references_its_messages(client, db):
    html = client.post("/track/", {}).content.decode()
    assert 'aria-invalid="true"' in html
    assert_ids_sound(html)
