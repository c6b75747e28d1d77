from django.contrib import admin

from .models import Area, Country, Language, Notification


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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom, and what is waiting or failed."""

    list_display = ["created_at", "kind", "dedupe_key", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "dedupe_key"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
