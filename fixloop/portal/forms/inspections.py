"""The form of the customer's inspection page: an answer per item (repair, don't repair, contact me;
"do not agree" for recommended items), a comment and photos of their own per item, and the name of
whoever answers. It checks shape, length and what a browser can be told early (a photo's type by its
name and its size); inspections.services.answers decides the rest (the version is current, each item
may be answered so, the photos' content) and its field messages are put on these fields.

Answers are read from every `item_<id>` field posted, not only from the items shown: an id the page
may not answer (hidden, removed, another inspection's) goes to the service, which refuses the whole
submit."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fixloop.inspections import presentation
from fixloop.inspections.models import Choice
from fixloop.inspections.services import answers
from fixloop.portal.forms.photos import PhotosField

NAME_MAX_LENGTH = answers.NAME_MAX
COMMENT_MAX_LENGTH = answers.COMMENT_MAX
MAX_PHOTOS = answers.PHOTOS_PER_ITEM
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# Everything but the photos, with room to spare; a larger body is refused before it is read.
FORM_TEXT_BYTES = 512 * 1024
_ITEM_FIELD = re.compile(r"^item_([0-9]{1,18})$")


def choices_for(category: str) -> list[tuple[str, str]]:
    """The answers an item of this category offers (none for "checked and OK")."""
    return [(Choice(choice).value, Choice(choice).label) for choice in presentation.choices_for(category)]


def upload_limit(answerable: int) -> int:
    return FORM_TEXT_BYTES + max(1, answerable) * MAX_PHOTOS * settings.ATTACHMENT_MAX_BYTES


def _number(value) -> int:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else 0


class AnswersForm(forms.Form):
    """The answers to the answerable items of one version (`items`: the version content's items the
    customer may answer), and the name of whoever answers (not asked when signed in)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}),
    )

    def __init__(self, *args, items: list[dict], ask_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.ask_name = ask_name
        if not ask_name:
            del self.fields["name"]
        for item in items:
            key = item["id"]
            self.fields[f"item_{key}"] = forms.ChoiceField(
                label=_("Your answer"),
                choices=choices_for(item["category"]),
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Your comment"),
                max_length=COMMENT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
            )
            self.fields[f"photos_{key}"] = PhotosField(
                label=_("Your photos"),
                limit=MAX_PHOTOS,
                extensions=PHOTO_EXTENSIONS,
                not_a_photo=_("%(name)s is not a photo (JPEG, PNG, WebP or GIF)."),
                accept="image/jpeg,image/png,image/webp,image/gif",
            )

    def clean(self):
        data = super().clean()
        if self.ask_name and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Please type your name."))
        for item in self.items:
            field = f"item_{item['id']}"
            if field not in self.errors and not data.get(field):
                self.add_error(field, _("Please choose an answer."))
        return data

    @property
    def posted_version_text(self) -> str:
        """The version the page was for, as posted (also when the form did not validate)."""
        return str(self.data.get("version", "")).strip()

    @property
    def posted_version(self) -> int:
        return _number(self.cleaned_data.get("version"))

    def answers(self) -> dict[int, tuple[str, str]]:
        """{item id: (choice, comment)}: the items shown, and any other item id posted (refused by the
        service as one this page may not answer)."""
        result = {}
        for item in self.items:
            key = item["id"]
            result[key] = (
                self.cleaned_data.get(f"item_{key}") or "",
                self.cleaned_data.get(f"comment_{key}") or "",
            )
        for field, value in self.data.items():
            match = _ITEM_FIELD.match(field)
            if match and int(match.group(1)) not in result:
                result[int(match.group(1))] = (str(value)[:20], "")
        return result

    def photos(self) -> dict[int, list]:
        return {
            item["id"]: self.cleaned_data[f"photos_{item['id']}"]
            for item in self.items
            if self.cleaned_data.get(f"photos_{item['id']}")
        }
