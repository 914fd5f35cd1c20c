"""Explainable mentor matching, with no database and no Qt.

- ``profiles``: the facts about a mentee and a mentor that matching may use
  (never equality data);
- ``rules``: the hard rules no suggestion ever breaks;
- ``scoring``: a fit score out of 100 with its reasons in plain words;
- ``assignment``: the optimal assignment of a whole cohort within the
  mentors' capacities, with the unmatched and why.

The services (women_in_ddat.services.matching_service) build the profiles
from the database and turn results into records.
"""
