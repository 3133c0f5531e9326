"""Choosing schools, where the assessment results come in: adding a padrón school to a candidate group
with its latest results, and bringing a group's facts up to date. The candidates themselves are the
schools app's (schools.services); this layer only reads the results and hands them over."""

from django.core.exceptions import PermissionDenied

from schools.models import Candidate, CandidateGroup, School
from schools.permissions import can_manage_candidates
from schools.services import candidate_add, candidate_results_refresh

from ..selectors.candidates import latest_results


def candidate_add_with_results(*, user, group: CandidateGroup, school: School) -> Candidate:
    """Staff add a padrón school to a group; its latest results (if any) come with it (see candidate_add)."""
    results = latest_results([school.pk]).get(school.pk)
    return candidate_add(user=user, group=group, school=school, results=results)


def candidate_group_facts_refresh(*, user, group: CandidateGroup) -> int:
    """Staff bring every school of a group up to date with the latest enrolment and results the system
    holds (what staff typed stays where the data has nothing). Returns how many candidates changed."""
    if not can_manage_candidates(user):
        raise PermissionDenied
    candidates = list(Candidate.objects.active().filter(group=group).order_by("pk"))
    results = latest_results(c.school_id for c in candidates)
    changed = 0
    for candidate in candidates:
        if candidate_results_refresh(user=user, candidate=candidate, results=results.get(candidate.school_id, {})):
            changed += 1
    return changed
