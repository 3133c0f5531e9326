"""Paging of long lists."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate_deferred(queryset, number, per_page=PAGE_SIZE):
    """A page of a large queryset: the offset walks ids only, then the page's rows are fetched whole.

    With a million visits, OFFSET over the joined rows costs seconds on the last pages; over the
    ordering index's ids it costs milliseconds. A malformed page number gives the first page.
    """
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    rows = queryset.in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page
