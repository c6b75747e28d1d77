"""Back-office editing of the curriculum (editors re-check content and move `last checked`)."""

from django.contrib import admin

from .models import Module, TrainingSession


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "required", "refresher_months", "last_checked", "order"]
    list_filter = ["required", "programme", "is_active"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["programme", "order"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "kind", "starts_at", "venue", "capacity", "cancelled"]
    list_filter = ["programme", "kind", "cancelled"]
    search_fields = ["title", "venue", "trainer"]
    filter_horizontal = ["modules", "languages"]
    date_hierarchy = "starts_at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme").prefetch_related("modules")
