"""What changed between two versions of an estimate, in words staff and customers both read
("Part 4711: 320.00 → 32.00", German "320,00 → 32,00"). Amounts are shown incl. or excl. VAT as
the version says, numbers in the active language (core/formats.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fixloop.core.formats import money_text, number_text
from fixloop.estimates.money import Amounts


@dataclass(frozen=True)
class Change:
    job: str  # the job's description (in the newer version if it is still there)
    what: str  # e.g. "Labour", "Part 4711", "New job"
    before: str = ""
    after: str = ""


def _shown(amounts: dict, gross: bool) -> str:
    return money_text(Amounts.from_dict(amounts).shown(gross))


def _part_name(part: dict) -> str:
    return _("Part %(number)s") % {"number": part["part_number"] or part["description"]}


def _part_changes(job: str, old: dict, new: dict, gross: bool) -> list[Change]:
    changes = []
    old_parts = {part["key"]: part for part in old["parts"]}
    new_parts = {part["key"]: part for part in new["parts"]}
    for key, part in new_parts.items():
        before = old_parts.get(key)
        if before is None:
            changes.append(
                Change(job, _("New part"), "", f"{part['description']}: {_shown(part['amounts'], gross)}")
            )
            continue
        if before["description"] != part["description"] or before["part_number"] != part["part_number"]:
            changes.append(Change(job, _part_name(part), _part_name(before), part["description"]))
        if before["quantity"] != part["quantity"]:
            changes.append(
                Change(
                    job,
                    _("%(part)s, quantity") % {"part": _part_name(part)},
                    number_text(before["quantity"]),
                    number_text(part["quantity"]),
                )
            )
        if before["amounts"] != part["amounts"]:
            changes.append(
                Change(
                    job, _part_name(part), _shown(before["amounts"], gross), _shown(part["amounts"], gross)
                )
            )
    for key, part in old_parts.items():
        if key not in new_parts:
            changes.append(
                Change(job, _("Part removed"), f"{part['description']}: {_shown(part['amounts'], gross)}", "")
            )
    return changes


def diff(old: dict | None, new: dict) -> list[Change]:
    """The changes from version content `old` to `new` (None: everything is new)."""
    gross = new["prices_include_vat"]
    old_jobs = {job["key"]: job for job in (old or {"jobs": []})["jobs"]}
    new_jobs = {job["key"]: job for job in new["jobs"]}
    changes: list[Change] = []
    for key, job in new_jobs.items():
        before = old_jobs.get(key)
        if before is None:
            changes.append(Change(job["description"], _("New job"), "", _shown(job["total"], gross)))
            continue
        if before["hash"] == job["hash"]:
            continue
        name = job["description"]
        if before["description"] != job["description"]:
            changes.append(Change(name, _("Description"), before["description"], job["description"]))
        if before["labour"] != job["labour"]:
            changes.append(
                Change(name, _("Labour"), _shown(before["labour"], gross), _shown(job["labour"], gross))
            )
        changes += _part_changes(name, before, job, gross)
    for key, job in old_jobs.items():
        if key not in new_jobs:
            changes.append(Change(job["description"], _("Job removed"), _shown(job["total"], gross), ""))
    if old is not None and old["total"] != new["total"]:
        changes.append(Change("", _("Total"), _shown(old["total"], gross), _shown(new["total"], gross)))
    return changes
