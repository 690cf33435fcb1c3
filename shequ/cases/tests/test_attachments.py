"""Attachments of cases and the grid worker's round: type by content, size and count capped,
images stored without EXIF, files served only inside the case's scope, nothing half-saved."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from shequ.accounts.roles import Role
from shequ.cases.attachments import attachments_add
from shequ.cases.choices import Channel
from shequ.cases.models import Case, CaseAttachment, CaseEvent
from shequ.conftest import make_user

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def jpeg_with_gps(size=(40, 20)) -> bytes:
    """A photo as a phone takes it: GPS position, camera make, turned by the orientation tag."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif[ORIENTATION] = 6  # shot sideways: to be shown turned 90° clockwise
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 15.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 128, 0, 128)).save(out, format="PNG")
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def a_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


def intake(client, territory, desk, files, **extra):
    data = {
        "channel": "hotline",
        "requester_phone": "13800138000",
        "description": "3号楼下水道堵塞，污水外溢",
        "category": desk.roads.pk,
        "node": territory.grids["C1G1"].pk,
        "wants_reply": "on",
        "attachments": files,
    }
    data.update(extra)
    return client.post(reverse("cases:create"), data)


def test_a_phone_photo_is_stored_upright_without_exif_or_gps(client, cast, territory, desk, media):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture has GPS
    client.force_login(cast.community_worker)
    response = intake(client, territory, desk, [upload("门口.jpg", original)])
    case = Case.objects.get()
    assert response.status_code == 302
    attachment = case.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("门口.jpg", "image/jpeg")
    with attachment.file.open("rb") as handle:
        data = handle.read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and stored.size == (20, 40)  # turned as it was shot
    assert len(stored.getexif()) == 0 and "exif" not in stored.info
    assert b"PhoneCam" not in data and b"Exif" not in data
    assert attachment.size == len(data) and len(attachment.sha256) == 64
    assert attachment.uploaded_by == cast.community_worker
    assert str(attachment.file.name).startswith("cases/") and "门口" not in attachment.file.name
    assert Image.open(attachment.thumbnail.path).format == "JPEG"
    # the files are named in the step of the submission, not a step of their own
    submit = CaseEvent.objects.get(case=case)
    assert submit.verb == "submit" and submit.data["attachments"] == [attachment.pk]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, id="exe"),
        pytest.param(a_zip(), id="zip"),
        pytest.param(b"<!doctype html><script>alert(1)</script>", id="html"),
    ],
)
def test_a_file_named_jpg_that_is_no_image_is_refused_by_name(
    client, cast, territory, desk, media, data
):
    client.force_login(cast.community_worker)
    with translation.override("en"):
        response = intake(
            client,
            territory,
            desk,
            [upload("照片1.jpg", jpeg_with_gps()), upload("照片2.jpg", data)],
        )
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    # the page speaks Chinese whatever the test's language: the message names the file first
    assert len(errors) == 1 and errors[0].startswith("照片2.jpg：文件类型不允许"), errors
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_and_the_cap_is_a_setting(
    client, cast, territory, desk, media, settings
):
    settings.SHEQU_CASE_ATTACHMENT_MAX_MB = 1
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    client.force_login(cast.community_worker)
    with translation.override("en"):
        response = intake(client, territory, desk, [upload("图纸.pdf", big, "application/pdf")])
    errors = response.context["form"].errors["attachments"]
    assert errors == ["图纸.pdf：文件超过 1 MB。"]
    assert not Case.objects.exists() and stored_files(media) == []
    small = b"%PDF-1.4\n%%EOF\n"
    response = intake(client, territory, desk, [upload("图纸.pdf", small, "application/pdf")])
    assert response.status_code == 302
    assert CaseAttachment.objects.get().content_type == "application/pdf"


def test_too_many_files_are_refused_and_nothing_is_half_saved(
    client, cast, territory, desk, media, settings, new_case
):
    settings.SHEQU_CASE_ATTACHMENTS_MAX = 2
    client.force_login(cast.community_worker)
    files = [upload(f"{n}.jpg", jpeg_with_gps()) for n in range(3)]
    with translation.override("en"):
        response = intake(client, territory, desk, files)
    error = response.context["form"].errors["attachments"][0]
    assert "每件诉求最多 2 个附件，本次上传了 3 个" in error
    assert not Case.objects.exists() and stored_files(media) == []

    case = new_case()
    attachments_add(
        case=case, uploads=[upload("a.png", png(), "image/png")], actor=cast.grid_worker
    )
    with translation.override("en"):
        response = client.post(
            reverse("cases:attachment_upload", args=[case.pk]),
            {"attachments": [upload("b.jpg", jpeg_with_gps()), upload("c.jpg", jpeg_with_gps())]},
            follow=True,
        )
    shown = [str(m) for m in response.context["messages"]]
    assert any("本诉求已有 1 个，又上传了 2 个" in m for m in shown), shown
    assert case.attachments.count() == 1 and len(stored_files(media)) == 2  # file + thumbnail
    assert CaseEvent.objects.filter(case=case, verb="attach").count() == 1


def test_a_worker_adds_files_from_the_case_page(client, cast, new_case, media):
    case = new_case()
    client.force_login(cast.grid_worker)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:attachment_upload", args=[case.pk]) in page
    response = client.post(
        reverse("cases:attachment_upload", args=[case.pk]),
        {"attachments": [upload("井盖.png", png(), "image/png")]},
    )
    assert response.status_code == 302
    attachment = case.attachments.get()
    assert (attachment.content_type, attachment.uploaded_by) == ("image/png", cast.grid_worker)
    event = CaseEvent.objects.get(case=case, verb="attach")
    assert event.note == "井盖.png" and event.actor == cast.grid_worker
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    url = reverse("cases:attachment", args=[case.pk, attachment.pk])
    assert f"{url}?size=thumb" in page and "井盖.png" in page


def test_a_file_is_served_only_inside_the_cases_scope(client, cast, territory, new_case, media):
    case = new_case()
    photo, pdf = attachments_add(
        case=case,
        uploads=[upload("门口.jpg", jpeg_with_gps()), upload("回执.pdf", b"%PDF-1.7\n%%EOF")],
        actor=cast.community_worker,
    )
    url = reverse("cases:attachment", args=[case.pk, photo.pk])

    client.force_login(cast.grid_worker)  # the case's own grid
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    thumb = client.get(url + "?size=thumb")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    document = client.get(reverse("cases:attachment", args=[case.pk, pdf.pk]))
    assert document["Content-Disposition"].startswith("attachment")
    assert "sandbox" in document["Content-Security-Policy"]

    other = new_case(node=territory.flats["C2G1"][0], actor=make_user("c2", Role.COMMUNITY_WORKER,
                                                                     territory.c2))  # fmt: skip
    sibling = make_user("c2_worker", Role.COMMUNITY_WORKER, territory.c2)
    client.force_login(sibling)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:attachment", args=[other.pk, photo.pk])).status_code == 404
    response = client.post(
        reverse("cases:attachment_upload", args=[case.pk]),
        {"attachments": [upload("x.png", png(), "image/png")]},
    )
    assert response.status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page

    # the auditor sees the case and its files, but adds none
    client.force_login(cast.auditor)
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("cases:attachment_upload", args=[case.pk]),
        {"attachments": [upload("x.png", png(), "image/png")]},
    )
    assert response.status_code == 403 and case.attachments.count() == 2


def test_a_resident_reports_with_a_photo_without_an_account(client, territory, media):
    response = client.post(
        reverse("cases:report"),
        {
            "description": "楼道灯坏了",
            "node": territory.grids["C1G1"].pk,
            "requester_phone": "13900139000",
            "attachments": [upload("灯.jpg", jpeg_with_gps())],
        },
    )
    assert response.status_code == 200 and "cases/case_reported.html" in [
        t.name for t in response.templates
    ]
    attachment = Case.objects.get(channel=Channel.WEB).attachments.get()
    assert attachment.uploaded_by is None and attachment.content_type == "image/jpeg"


def test_the_round_form_records_a_grid_round_case_with_place_and_photo(
    client, cast, territory, desk, media
):
    client.force_login(cast.grid_worker)
    page = client.get(reverse("cases:round"))
    assert page.status_code == 200
    assert page.context["form"]["node"].value() == territory.grids["C1G1"].pk  # his own grid
    body = page.content.decode()
    assert 'capture="environment"' in body and "shequ/round.js" in body and "multiple" in body
    response = client.post(
        reverse("cases:round"),
        {
            "attachments": [upload("IMG_0001.jpg", jpeg_with_gps())],
            "description": "2号楼东侧井盖缺失",
            "category": desk.roads.pk,
            "node": territory.grids["C1G1"].pk,
            "latitude": "39.90421234",
            "longitude": "116.40739876",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[case.pk]
    )
    assert (case.channel, case.node, case.created_by) == (
        Channel.GRID_ROUND,
        territory.grids["C1G1"],
        cast.grid_worker,
    )
    assert (case.latitude, case.longitude) == (Decimal("39.904212"), Decimal("116.407399"))
    assert case.attachments.get().content_type == "image/jpeg"


def test_the_round_form_wants_both_coordinates_and_a_grid_in_scope(client, cast, territory):
    client.force_login(cast.grid_worker)
    response = client.post(
        reverse("cases:round"),
        {"description": "x", "node": territory.grids["C2G1"].pk, "latitude": "39.9"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "node" in errors and "longitude" in errors
    assert not Case.objects.exists()
    client.force_login(make_user("someone", Role.RESIDENT, territory.grids["C1G1"]))
    assert client.get(reverse("cases:round")).status_code == 403
