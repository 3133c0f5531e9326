"""The home page (`evaluations.views.HomeView`): each role lands on its own page.

Staff: the national dashboard, whose regions link to their own pages. Coordinators: their caseload; a former
coordinator (no network today) is offered no form they may not use, a regression found by crawling the
seeded demo that failed on the code before the fix. The world is the root conftest's.
"""

from django.urls import reverse


def test_the_staff_home_is_the_national_dashboard_and_links_each_region_to_its_page(world, client_for):
    client = client_for(world.staff)
    home = client.get(reverse("evaluations:home"))
    assert home.context["scope"].kind == "nation"
    url = reverse("evaluations:dashboard-region", kwargs={"code": world.piura.code})
    assert f'href="{url}"' in home.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["scope"].region == world.piura


def test_a_former_coordinators_home_offers_no_form_they_may_not_use(world, client_for, former_coordinator):
    html = client_for(former_coordinator).get(reverse("evaluations:home")).content.decode()

    assert reverse("networks:visit-create") not in html
    assert reverse("networks:meeting-create") not in html
    assert "Hoy no tiene redes a su cargo" in html
