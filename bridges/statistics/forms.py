from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bridges.core.models import Area
from bridges.core.templatetags.bidi import isolate_text

LAYOUT_CHOICES = [
    ("tidy", _("Bridges tidy CSV (one figure per row, see the format guide)")),
    ("stat-xplore", _("DWP Stat-Xplore download (CSV)")),
    ("nomis-bulk", _("Nomis Census 2021 bulk file (census2021-tsNNN-msoa.csv, …)")),
    ("ons-custom", _("ONS “create a custom dataset” download (CSV)")),
    ("census-ts019-msoa", _("Census 2021 TS019 migrant indicator by MSOA (shipped file)")),
    ("census-ts029-msoa", _("Census 2021 TS029 proficiency in English by MSOA (shipped file)")),
    ("census-ts022-msoa", _("Census 2021 TS022 ethnic group by MSOA (shipped file)")),
    ("census-ts021-ltla", _("Census 2021 TS021 ethnic group by local authority (shipped file)")),
    ("census-la-indicators", _("Census 2021 headline indicators by local authority")),
    ("nino-calendar-year", _("NINo registrations by local authority and year")),
    ("nino-top-nationalities", _("NINo registrations: top nationalities by local authority")),
]


def max_bytes() -> int:
    return int(settings.STATISTICS_IMPORT_MAX_BYTES)


class ImportForm(forms.Form):
    layout = forms.ChoiceField(label=_("Layout of the file"), choices=LAYOUT_CHOICES)
    file = forms.FileField(label=_("File"), help_text=_("A CSV file of at most %(size)s."))
    title = forms.CharField(
        label=_("Title of the dataset"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to use the title the file or its layout gives."),
    )
    vintage = forms.CharField(
        label=_("Year of the area codes"),
        required=False,
        max_length=20,
        help_text=_("For example 2021 for Census 2021 codes. Leave empty for the layout's own."),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=20,
        help_text=_("Only for a file that does not say its period, such as 2021 or 2025-Q1."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "size": filesizeformat(max_bytes())
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large: the most this site accepts is %(size)s.")
                % {"size": filesizeformat(max_bytes())}
            )
        return upload


class TableForm(forms.Form):
    """How an indicator's table is chosen; every field is optional (the latest period, the
    most detailed kind of area, the total)."""

    period = forms.CharField(required=False, max_length=20)
    kind = forms.CharField(required=False, max_length=8)
    category = forms.CharField(required=False, max_length=300)


class TableChoiceForm(forms.Form):
    """The same choice drawn for the page: only what the indicator has, the chosen one selected."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    kind = forms.ChoiceField(label=_("Areas"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = dict(Area.Kind.choices)
        self.fields["period"].choices = [(value, value) for value in choices.periods]
        self.fields["kind"].choices = [(value, kinds.get(value, value)) for value in choices.kinds]
        if len(choices.categories) > 1:
            self.fields["category"].choices = [
                (value, _label(dimension, value)) for dimension, value in choices.categories
            ]
        else:
            del self.fields["category"]


def _label(dimension: str, value: str) -> str:
    """ "Nationality: Poland" from the file's own words (isolated: they may be in English on a
    right-to-left page); the total has no category."""
    return f"{isolate_text(dimension)}: {isolate_text(value)}" if value else str(_("Total"))


class MapForm(forms.Form):
    """How a map is chosen (GET); every field optional: the view falls back to what exists."""

    indicator = forms.IntegerField(required=False, min_value=1)
    period = forms.CharField(required=False, max_length=20)
    kind = forms.CharField(required=False, max_length=8)
    category = forms.CharField(required=False, max_length=300)
    classes = forms.CharField(required=False, max_length=10)


class MapChoiceForm(TableChoiceForm):
    """The map's choice drawn for the page: the indicators grouped by dataset, then the
    indicator's own periods, kinds of area and categories, then how areas are grouped."""

    indicator = forms.ChoiceField(label=_("Figure"))
    classes = forms.ChoiceField(
        label=_("Colour groups"),
        choices=[
            ("quantile", _("Quantiles: about as many areas in each group")),
            ("equal", _("Equal steps: the range cut into five equal parts")),
        ],
    )
    field_order = ["indicator", "period", "kind", "category", "classes"]

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for indicator in indicators:
            groups.setdefault(indicator.dataset.title, []).append((indicator.pk, indicator.label))
        self.fields["indicator"].choices = list(groups.items())
        self.order_fields(self.field_order)
