"""Plain back-office editing of the directory (platform admins); coordinators edit synonyms
and needs here too."""

from django.contrib import admin

from . import models, services


class ServiceTranslationInline(admin.StackedInline):
    model = models.ServiceTranslation
    extra = 0


class PhoneInline(admin.TabularInline):
    model = models.Phone
    extra = 0


class ScheduleInline(admin.TabularInline):
    model = models.Schedule
    extra = 0


class LocationInline(admin.TabularInline):
    model = models.ServiceAtLocation
    extra = 0
    raw_id_fields = ["location"]


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "programme", "status", "last_verified_at"]
    list_filter = ["programme", "status", "free", "recourse"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "last_verified_by"]
    filter_horizontal = ["taxonomy_terms", "languages"]
    autocomplete_fields = ["areas"]
    inlines = [ServiceTranslationInline, PhoneInline, ScheduleInline, LocationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.service_index(service_ids=[form.instance.pk])


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "partner"]
    list_filter = ["programme"]
    search_fields = ["name"]


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "address_1", "postal_code", "area"]
    search_fields = ["name", "address_1", "postal_code"]
    raw_id_fields = ["area"]


class TaxonomyTermInline(admin.TabularInline):
    model = models.TaxonomyTerm
    extra = 0
    fields = ["code", "name", "parent", "keywords"]


@admin.register(models.Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "version"]
    inlines = [TaxonomyTermInline]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy", "parent"]
    search_fields = ["name", "code", "keywords"]


@admin.register(models.SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    list_display = ["term", "language", "keyword", "taxonomy_term"]
    list_filter = ["language"]
    search_fields = ["term", "keyword"]


@admin.register(models.ListingReport)
class ListingReportAdmin(admin.ModelAdmin):
    list_display = ["service", "problem", "status", "created_at"]
    list_filter = ["status", "problem"]


@admin.register(models.DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    list_display = ["source_name", "programme", "status", "processed", "total", "created_at"]
    exclude = ["payload"]
