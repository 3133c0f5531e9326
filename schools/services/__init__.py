"""Writes about schools that no other app owns, by concern: loading them from MINEDU's padrón (`imports`);
choosing schools: candidate groups, sponsors' requests and their confirmation into sponsorships
(`candidates`)."""

from .candidates import (
    AGREEMENT_YEARS_AHEAD,
    FACT_FIELDS,
    MAX_SCHOOLS_PER_REQUEST,
    RESULT_FIELDS,
    agreement_start_years,
    candidate_add,
    candidate_facts_set,
    candidate_group_create,
    candidate_group_publish,
    candidate_group_unpublish,
    candidate_group_update,
    candidate_remove,
    candidate_results_refresh,
    latest_enrollment,
    school_request_confirm,
    school_request_create,
    school_request_decline,
    school_request_notify,
    school_request_withdraw,
    straight_line_km,
)
from .imports import school_import

__all__ = [
    "AGREEMENT_YEARS_AHEAD",
    "FACT_FIELDS",
    "MAX_SCHOOLS_PER_REQUEST",
    "RESULT_FIELDS",
    "agreement_start_years",
    "candidate_add",
    "candidate_facts_set",
    "candidate_group_create",
    "candidate_group_publish",
    "candidate_group_unpublish",
    "candidate_group_update",
    "candidate_remove",
    "candidate_results_refresh",
    "latest_enrollment",
    "school_import",
    "school_request_confirm",
    "school_request_create",
    "school_request_decline",
    "school_request_notify",
    "school_request_withdraw",
    "straight_line_km",
]
