"""PDF reports: progress summaries, cohort and organisation reports, certificates.

Qt-free. Data comes from women_in_ddat.services.report_data_gather as plain
values; each ``build_*_story`` turns them into ReportLab flowables through
``text.TextGuard`` (which escapes every user string and checks the font can
print it), and ``document.write_pdf`` lays them out on A4 with the running
header and footer, metadata and bookmarks.
"""
