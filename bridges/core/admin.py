from django.contrib import admin

from .models import Area, Country, Language


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "english_name", "native_name", "direction", "common"]
    list_filter = ["direction", "common"]
    search_fields = ["code", "english_name", "native_name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "vintage"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]
