"""The clean cohort template coordinators hand out to councils."""

from __future__ import annotations

from pathlib import Path

from women_in_ddat.domain.reference import Framework, load_framework
from women_in_ddat.importing.fields import FIELDS

# What each column wants, shown as the header's comment and on the Guide sheet.
GUIDANCE = {
    "first_name": "Required for someone new.",
    "last_name": "",
    "email": "Required. Work email; each person once.",
    "organisation": "The council or body the person works for.",
    "job_title": "",
    "role": "Mentee or Mentor.",
    "ddat_family": "A DDaT job family (see the Guide sheet).",
    "ddat_role": "A DDaT role, e.g. data analyst.",
    "region": "",
    "start_date": "dd/mm/yyyy",
    "mentor": "On a mentee's row: the mentor's email (or full name).",
    "line_manager_email": "The mentee's line manager (a mentor is never the line manager).",
    "phone": "",
    "notes": "",
}


def save_template(target: Path, framework: Framework | None = None) -> None:
    """Write the template atomically (an existing file is replaced only on success).

    ``framework`` is the programme database's framework in use, whose
    families and roles the Guide sheet lists (None: the shipped one).
    """
    import xlsxwriter

    from women_in_ddat.storage.atomic import atomic_path

    columns = [f for f in FIELDS if f.in_template]
    framework = framework or load_framework()
    with atomic_path(Path(target), what="template") as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        try:
            header = book.add_format({"bold": True, "bg_color": "#E8E0F0", "border": 1})
            date_format = book.add_format({"num_format": "dd/mm/yyyy"})
            text_format = book.add_format({"num_format": "@"})
            sheet = book.add_worksheet("Cohort")
            for col, spec in enumerate(columns):
                sheet.write_string(0, col, spec.label, header)
                sheet.set_column(
                    col,
                    col,
                    max(14, len(spec.label) + 4),
                    date_format if spec.key == "start_date" else text_format,
                )
                if GUIDANCE.get(spec.key):
                    sheet.write_comment(0, col, GUIDANCE[spec.key])
            role_col = next(i for i, f in enumerate(columns) if f.key == "role")
            sheet.data_validation(
                1, role_col, 5000, role_col, {"validate": "list", "source": ["Mentee", "Mentor"]}
            )
            family_col = next(i for i, f in enumerate(columns) if f.key == "ddat_family")
            guide = book.add_worksheet("Guide")
            guide.write_string(0, 0, "Column", header)
            guide.write_string(0, 1, "What to put in it", header)
            for row, spec in enumerate(columns, start=1):
                guide.write_string(row, 0, spec.label)
                guide.write_string(row, 1, GUIDANCE.get(spec.key, ""))
            guide.write_string(0, 3, "DDaT job families", header)
            for row, family in enumerate(framework.families, start=1):
                guide.write_string(row, 3, family.name)
            guide.set_column(0, 0, 22)
            guide.set_column(1, 1, 60)
            guide.set_column(3, 3, 30)
            last = len(framework.families)
            sheet.data_validation(
                1,
                family_col,
                5000,
                family_col,
                {
                    "validate": "list",
                    "source": f"=Guide!$D$2:$D${last + 1}",
                    "error_type": "warning",
                },
            )
            sheet.freeze_panes(1, 0)
        finally:
            book.close()
