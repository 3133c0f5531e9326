"""Visit photos: served only within scope, and approved by staff for sponsors."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.pagination import PAGE_SIZE

from .. import permissions, selectors, services
from ..forms import PhotoApproveForm


@never_cache
@require_GET
def visit_photo(request, pk):
    """Serve a photo only to someone who may see it; sponsors only once staff approved it. Otherwise 404."""
    photo = get_object_or_404(selectors.photos_visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    # Photos may show children: never kept in a shared cache or on a phone that others use.
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="visita-{photo.visit_id}-{photo.pk}.jpg"'
    return response


class PhotoListView(PermissionGateMixin, TemplateView):
    """Staff: photos waiting for approval before sponsors may see them."""

    gate = staticmethod(permissions.can_approve_photo)
    template_name = "networks/photo_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = selectors.photos_pending(self.request.user)
        context.update(
            page=Paginator(pending, PAGE_SIZE).get_page(self.request.GET.get("page")), form=PhotoApproveForm()
        )
        return context


class PhotoApproveView(PermissionGateMixin, View):
    gate = staticmethod(permissions.can_approve_photo)

    def post(self, request, pk):
        photo = get_object_or_404(selectors.photos_visible_to(request.user), pk=pk)
        form = PhotoApproveForm(request.POST)
        if form.is_valid():
            services.photo_approve(
                user=request.user, photo=photo, consent_recorded=True, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Foto aprobada: ya es visible para la empresa auspiciadora."))
        else:
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("networks:photo-list")
        return redirect(next_url)
