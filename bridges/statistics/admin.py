"""Plain back-office editing of the statistics store (platform admins): a dataset's
description, release date and when it was last checked. Figures change only by import."""

from django.contrib import admin

from . import models


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0
    fields = ["code", "label", "unit", "measure", "denominator"]


@admin.register(models.Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "licence", "programme", "released_on", "last_checked_on"]
    list_filter = ["publisher", "programme"]
    search_fields = ["title", "slug", "source"]
    inlines = [IndicatorInline]


@admin.register(models.StatisticsImport)
class StatisticsImportAdmin(admin.ModelAdmin):
    list_display = ["source_name", "layout", "programme", "status", "created_count", "created_at"]
    list_filter = ["status", "layout"]
    exclude = ["payload"]
    readonly_fields = [
        field.name
        for field in models.StatisticsImport._meta.fields
        if field.name not in ("id", "payload")
    ]
