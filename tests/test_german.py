"""The back office in German: pages, messages from the services, and a complete catalogue."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fixloop.repairs import services

CATALOGUE = Path(__file__).resolve().parent.parent / "fixloop" / "locale" / "de" / "LC_MESSAGES"
FIX = "run `make messages` and translate the new strings"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in the thread; the tests that run
    after these ones expect the default language."""
    yield
    translation.deactivate()


@pytest.fixture
def german_client(client, advisor):
    client.force_login(advisor)
    client.cookies["django_language"] = "de"
    return client


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def assert_german(text: str, german: list[str], english: list[str]) -> None:
    assert '<html lang="de">' in text
    for word in german:
        assert word in text, f"{word!r} is missing from the German page"
    for word in english:
        assert word not in text, f"{word!r} is still in English on the German page"


@pytest.mark.parametrize("how", ["cookie", "accept-language"])
def test_the_work_order_list_is_in_german(client, advisor, work_order, how):
    client.force_login(advisor)
    if how == "cookie":
        client.cookies["django_language"] = "de"
        response = client.get("/staff/")
    else:
        response = client.get("/staff/", headers={"accept-language": "de"})
    assert_german(
        page_text(response),
        german=["Aufträge", "1 Auftrag", "Kunde", "Gerät", "Standort", "Techniker", "Zugesagt", "Abmelden"],
        english=["Work orders", "1 work order", "Customer", "Unit", "Location", "Promised", "Sign out"],
    )


def test_the_work_order_page_is_in_german(german_client, work_order):
    # the overview and the sections with the timeline and the messages
    text = " ".join(
        page_text(german_client.get(f"/staff/work-orders/{work_order.number}/{query}"))
        for query in ("", "?tab=timeline", "?tab=messages")
    )
    assert_german(
        text,
        german=[
            f'Auftrag <span class="wo-number">{work_order.number}</span>',
            "Verlauf",
            "Zugesagter Termin",
            "Fehlerbeschreibung",
            "Kommentar hinzufügen",
            "Nachrichten an den Kunden",
            "Eröffnet mit Status",
        ],
        english=[
            "Work order",
            "Timeline",
            "Promised date",
            "Problem description",
            "Add a comment",
            "Messages to the customer",
            "Opened with status",
        ],
    )


def test_the_work_order_page_stays_english_without_a_language_choice(client, advisor, work_order):
    client.force_login(advisor)
    text = page_text(client.get(f"/staff/work-orders/{work_order.number}/"))
    assert "Timeline" in text
    assert "Verlauf" not in text


def test_the_sign_in_page_is_in_german(client, db):
    client.cookies["django_language"] = "de"
    assert_german(
        page_text(client.get("/staff/sign-in/")),
        german=["Anmelden", "Anmeldung für Mitarbeiter", "Benutzername", "Passwort"],
        english=["Sign in", "Staff sign-in", "Username", "Password"],
    )


def test_the_services_explain_a_mistake_in_german(customer, unit, location, statuses, staff_actor):
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        services.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="  ", by=staff_actor
        )
    assert raised.value.message_dict["problem_description"] == ["Beschreiben Sie den Fehler."]


def test_the_tracking_look_up_page_is_in_german(client, db):
    assert_german(
        page_text(client.get("/track/", HTTP_ACCEPT_LANGUAGE="de")),
        german=["Auftragsverfolgung", "Reparatur verfolgen", "Auftragsnummer", "Meine Reparatur anzeigen"],
        english=["Repair status", "Track your repair", "Work order number", "Show my repair"],
    )


# ----------------------------------------------------------------------------- the catalogue


def read_catalogue(path: Path) -> list[dict]:
    """The entries of a .po file: each a dict of its keywords (msgid, msgid_plural, msgstr,
    msgstr[0], …) with their unquoted text, and "flags" (the words of its #, lines)."""
    entries, entry, keyword = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, keyword = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        else:
            keyword, quoted = line.split(" ", 1)
            entry[keyword] = ast.literal_eval(quoted)
    return entries


def translations_of(entry: dict) -> list[str]:
    return [text for keyword, text in entry.items() if re.fullmatch(r"msgstr(\[\d+\])?", keyword)]


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    return read_catalogue(CATALOGUE / "django.po")


def test_the_catalogue_header_is_german(catalogue):
    header = next(entry for entry in catalogue if entry["msgid"] == "")
    assert "Language: de\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


def test_every_string_is_translated(catalogue):
    untranslated = [
        entry["msgid"] for entry in catalogue if entry["msgid"] and not all(translations_of(entry))
    ]
    assert not untranslated, f"Untranslated in django.po ({FIX}): {untranslated}"


def test_no_translation_is_fuzzy(catalogue):
    fuzzy = [entry["msgid"] for entry in catalogue if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"Fuzzy (unchecked) translations in django.po ({FIX}): {fuzzy}"


def test_every_translation_keeps_the_placeholders(catalogue):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    changed = [
        entry["msgid"]
        for entry in catalogue
        if entry["msgid"]
        for text in translations_of(entry)
        if sorted(placeholder.findall(text)) != sorted(placeholder.findall(entry["msgid"]))
    ]
    assert not changed, f"Translations that lose or change a placeholder: {changed}"


def test_the_compiled_catalogue_matches_the_source(catalogue):
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = []
    for entry in catalogue:
        if not entry["msgid"]:
            continue
        if "msgctxt" in entry:
            found, expected = mo.pgettext(entry["msgctxt"], entry["msgid"]), entry["msgstr"]
        elif "msgid_plural" in entry:
            found = [mo.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            expected = [entry["msgstr[0]"], entry["msgstr[1]"]]
        else:
            found, expected = mo.gettext(entry["msgid"]), entry["msgstr"]
        if found != expected:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is older than django.po (run `make messages`): {stale}"
