"""Cohort spreadsheet import: from a file a council sent to people in a cohort.

Reading (``sources``, ``text_files``, ``workbooks``) turns any accepted file
into plain tables after refusing hazards; ``mapping`` finds the header row
and maps the council's column names to our fields; ``rows`` cleans and
checks each row; ``run`` hands the valid rows to
``women_in_ddat.services.imports`` which writes them as one undoable batch.

Kept free of SQLAlchemy and Qt so the command line starts fast and the app
can run the same job on a worker thread.
"""
