from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bridges.accounts.views import admin_sign_in
from bridges.core import views as core_views

# A database that cannot write gets the friendly 503 page however the error arose.
handler500 = "bridges.core.storage.server_error"

admin.site.site_header = _("Bridges administration")
admin.site.site_title = _("Bridges")
# The admin's own sign-in asks for a password alone: send everyone through allauth's.
admin.site.login = admin_sign_in

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("language/<str:code>/", core_views.language_switch, name="language_switch"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("bridges.accounts.urls")),
    # Staff pages of each capability, under /p/<programme>/…
    path("", include("bridges.networkers.urls")),
    path("", include("bridges.training.urls")),
    path("", include("bridges.directory.urls")),
    path("", include("bridges.statistics.urls")),
    path("", include("bridges.contacts.urls")),
    path("", include("bridges.safeguarding.urls")),
    path("", include("bridges.dropins.urls")),
    path("", include("bridges.referrals.urls")),
    path("", include("bridges.support.urls")),
    path("", include("bridges.pathways.urls")),
    path("", include("bridges.guides.urls")),
    path("", include("bridges.cascades.urls")),
    path("", include("bridges.initiatives.urls")),
    path("", include("bridges.rights.urls")),
    path("", include("bridges.voice.urls")),
    path("", include("bridges.translations.urls")),
]

if settings.BRIDGES_BENCHMARK_VIEW:
    urlpatterns.append(path("bench/minimal", core_views.minimal, name="bench_minimal"))

# Public pages, addressed per language: /en/…, /ar/…
urlpatterns += i18n_patterns(
    path("", include("bridges.core.urls")),
    path("", include("bridges.networkers.public_urls")),
    path("", include("bridges.training.public_urls")),
    path("", include("bridges.directory.public_urls")),
    path("", include("bridges.support.public_urls")),
    path("", include("bridges.pathways.public_urls")),
    path("", include("bridges.guides.public_urls")),
    path("", include("bridges.cascades.public_urls")),
    path("", include("bridges.initiatives.public_urls")),
    path("", include("bridges.voice.public_urls")),
    prefix_default_language=True,
)
