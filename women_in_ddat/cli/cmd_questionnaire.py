"""``women-in-ddat questionnaire {forms|collect|undo|questions|withdraw-consent}``: questionnaires that come back."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from women_in_ddat.domain.wording import counted

if TYPE_CHECKING:
    from women_in_ddat.services.questionnaires import CollectionPreview

POINTS = ("baseline", "mid", "end")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "questionnaire",
        help="write fillable questionnaire forms and collect the answers that come back",
    )
    actions = parser.add_subparsers(dest="questionnaire_action", metavar="ACTION", required=True)

    forms = actions.add_parser(
        "forms",
        help="write one fillable PDF form per person of a cohort for a point",
        description="Mentees get the confidence statements and the skills of their target role; "
        "at the mid-point and end, mentees and mentors get the feedback questions.",
    )
    forms.add_argument("--cohort", required=True, metavar="NAME")
    forms.add_argument("--point", required=True, choices=POINTS)
    forms.add_argument("--out-dir", required=True, metavar="DIR")
    add_db_option(forms)
    forms.set_defaults(func=run_forms)

    collect = actions.add_parser(
        "collect",
        help="save the answers of returned PDF forms, folders of them, or a Forms export",
        description="Strict by default: if any questionnaire cannot be saved, none is. "
        "A Forms export's point comes from its file name (baseline, mid, end) unless --point "
        "gives it; people are matched by email, in --cohort if given, else their latest cohort.",
    )
    collect.add_argument("paths", nargs="+", metavar="PATH")
    collect.add_argument("--dry-run", action="store_true", help="check and show, save nothing")
    collect.add_argument(
        "--skip-invalid", action="store_true", help="save the valid ones, skip the others"
    )
    collect.add_argument("--point", choices=POINTS, help="the point of a Forms export")
    collect.add_argument("--cohort", metavar="NAME", help="the cohort of a Forms export")
    add_db_option(collect)
    collect.set_defaults(func=run_collect)

    undo = actions.add_parser("undo", help="undo a collection (the latest unless --id)")
    undo.add_argument("--id", type=int, metavar="N")
    add_db_option(undo)
    undo.set_defaults(func=run_undo)

    withdraw = actions.add_parser(
        "withdraw-consent",
        help="record, dated today, that she withdrew her consent to publish her quote",
        description="Her quote then leaves every report; the quote itself stays hers, in her "
        "feedback and her subject access export. Every consent of hers in force is withdrawn "
        "unless --cohort or --point narrows it.",
    )
    withdraw.add_argument("email", metavar="EMAIL")
    withdraw.add_argument("--cohort", metavar="NAME")
    withdraw.add_argument("--point", choices=("mid", "end"))
    add_db_option(withdraw)
    withdraw.set_defaults(func=run_withdraw_consent)

    questions = actions.add_parser(
        "questions", help="write the question list to paste into Microsoft Forms or Google Forms"
    )
    questions.add_argument("--point", required=True, choices=POINTS)
    questions.add_argument(
        "--cohort", metavar="NAME", help="add the skills of the cohort's target roles"
    )
    questions.add_argument("-o", "--output", required=True, metavar="FILE.txt")
    add_db_option(questions)
    questions.set_defaults(func=run_questions)
    add_db_option(parser)


def run_forms(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.domain.enums import AssessmentPoint
    from women_in_ddat.reports.questionnaire_forms import write_forms

    services = open_programme(args)
    try:
        cohort = services.cohorts.by_name(args.cohort)
        written = write_forms(
            services, int(cohort.id or 0), AssessmentPoint(args.point), Path(args.out_dir)
        )
    finally:
        services.close()
    print(f"Wrote {len(written)} {args.point} questionnaire forms to {args.out_dir}.")
    return 0


def run_collect(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.domain.enums import AssessmentPoint
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.importing.questionnaire_files import preview_returns
    from women_in_ddat.services.questionnaires import collection_name

    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InvalidInput(f"There is no file or folder at {missing[0]}; nothing was saved.")
    services = open_programme(args)
    try:
        cohort_id = int(services.cohorts.by_name(args.cohort).id or 0) if args.cohort else None
        point = AssessmentPoint(args.point) if args.point else None
        preview = preview_returns(services, paths, point=point, cohort_id=cohort_id)
        _show(preview)
        if not preview.items:
            why = f" ({preview.unread[0]})" if preview.unread else ""
            raise InvalidInput(f"No questionnaire was found there{why}; nothing was saved.")
        service = services.questionnaires
        result = service.collect(
            preview,
            source_name=collection_name(preview),
            skip_invalid=args.skip_invalid,
            dry_run=args.dry_run,
        )
    finally:
        services.close()
    if result.dry_run:
        print(
            f"Dry run: {result.saved} questionnaires would be saved, {result.skipped} skipped; "
            "nothing was saved."
        )
    else:
        print(
            f"Saved {result.saved} questionnaires ({result.skipped} skipped) as collection "
            f"{result.collection_id}; undo with: questionnaire undo --id {result.collection_id}"
        )
    return 0


def _show(preview: CollectionPreview) -> None:
    for item in preview.items:
        who = f"{item.person_name} ({item.point})" if item.participation_id else item.email or "?"
        state = (
            "INVALID"
            if item.problems
            else "already saved"
            if item.already_saved
            else f"{item.answer_count} answers"
        )
        print(f"{item.source}: {who}: {state}")
        for problem in item.problems:
            print(f"  problem: {problem}")
        for question in item.missing:
            print(f"  not answered: {question}")
        for note in item.notes:
            print(f"  note: {note}")
    for column in preview.unmatched_columns:
        print(f"column matching no question (ignored): {column}")
    for unread in preview.unread:
        print(f"not read: {unread}")


def run_undo(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.errors import NotFound

    services = open_programme(args)
    try:
        service = services.questionnaires
        collection_id = args.id if args.id is not None else service.last_collection_id()
        if collection_id is None:
            raise NotFound("There is no questionnaire collection to undo.")
        count = service.undo(collection_id)
    finally:
        services.close()
    print(f"Undid collection {collection_id}: {count} questionnaires put back as they were.")
    return 0


def run_questions(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.domain.questionnaire_items import question_list
    from women_in_ddat.storage.atomic import atomic_path

    skills: list[str] = []
    if args.cohort:
        from women_in_ddat.cli.common import open_programme

        services = open_programme(args)
        try:
            cohort = services.cohorts.by_name(args.cohort)
            skills = services.questionnaires.skills_of_cohort(int(cohort.id or 0))
        finally:
            services.close()
    text = question_list(args.point, skills)
    with atomic_path(Path(args.output), what="question list") as tmp:
        tmp.write_text(text, encoding="utf-8")
    print(f"Wrote the {args.point} question list and guide to {args.output}.")
    return 0


def run_withdraw_consent(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.domain.enums import AssessmentPoint

    services = open_programme(args)
    try:
        person = services.people.by_email(args.email)
        cohort_id = int(services.cohorts.by_name(args.cohort).id or 0) if args.cohort else None
        count = services.questionnaires.withdraw_quote_consents(
            int(person.id or 0), cohort_id, AssessmentPoint(args.point) if args.point else None
        )
    finally:
        services.close()
    print(
        f"Withdrew {counted(count, 'consent')} to publish her quote; it is left out of every report "
        "from now on."
    )
    return 0
