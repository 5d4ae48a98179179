"""Files through a tracking link: public ones download, nothing else does."""

import pytest

from tests.portal.conftest import attach, png_bytes


@pytest.fixture
def public_file(media_root, work_order, staff_actor):
    return attach(work_order, "invoice-photo.png", public=True, by=staff_actor, content=png_bytes(b"public"))


@pytest.fixture
def private_file(media_root, work_order, staff_actor):
    return attach(
        work_order, "internal-note.png", public=False, by=staff_actor, content=png_bytes(b"private")
    )


def test_a_public_file_downloads_through_the_link(client, case_path, public_file):
    text = client.get(case_path).content.decode()
    assert f'href="{case_path}files/{public_file.pk}/"' in text
    response = client.get(f"{case_path}files/{public_file.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes(b"public")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="invoice-photo.png"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_private_file_is_neither_listed_nor_downloadable(client, case_path, private_file):
    assert "internal-note.png" not in client.get(case_path).content.decode()
    assert client.get(f"{case_path}files/{private_file.pk}/").status_code == 404


def test_a_link_does_not_open_a_file_of_the_same_customers_other_work_order(
    client, media_root, case_path, second_work_order, second_case_path, staff_actor
):
    public_there = attach(second_work_order, "other-repair.png", public=True, by=staff_actor)
    private_there = attach(second_work_order, "other-internal.png", public=False, by=staff_actor)
    assert client.get(f"{second_case_path}files/{public_there.pk}/").status_code == 200
    for attachment in (public_there, private_there):
        assert client.get(f"{case_path}files/{attachment.pk}/").status_code == 404
    assert client.get(f"{second_case_path}files/{private_there.pk}/").status_code == 404


def test_a_file_name_with_quotes_and_newlines_cannot_split_the_header(
    client, media_root, case_path, work_order, staff_actor
):
    attachment = attach(work_order, 'a"b\r\nX-Evil: 1.png', public=True, by=staff_actor)
    response = client.get(f"{case_path}files/{attachment.pk}/")
    assert response.status_code == 200
    assert "X-Evil" not in response.headers
    assert "\n" not in response["Content-Disposition"]


@pytest.mark.parametrize(
    "suffix",
    [
        "files/../../../staff/",
        "files/..%2F..%2Fstaff%2F/",
        "files/{pk}/../{pk}/",
        "files/%2e%2e/{pk}/",
        "files/{pk}%00/",
        "files/-1/",
        "files/{pk}.png/",
        "files/attachments/2026/11/x.png",
        "files/{pk}/extra/",
    ],
)
def test_path_tricks_in_file_urls_find_nothing(client, case_path, public_file, suffix):
    path = case_path + suffix.format(pk=public_file.pk)
    response = client.get(path)
    assert response.status_code == 404
    assert not getattr(response, "streaming", False)
