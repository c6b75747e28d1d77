"""Names of the needs in data/needs.json, marked so the catalogues translate them.

The migration seeds the database from the JSON; templates translate `term.name` at display."""

from django.utils.translation import gettext_noop as _

NEED_NAMES = [
    _("Health"),
    _("GP practice (family doctor)"),
    _("Dentist"),
    _("Pharmacy"),
    _("A&E and urgent treatment"),
    _("NHS 111"),
    _("Sexual health"),
    _("Mental health and wellbeing"),
    _("Pregnancy and maternity"),
    _("Education and English"),
    _("School places"),
    _("English classes (ESOL)"),
    _("Libraries"),
    _("Food"),
    _("Food banks and community meals"),
    _("Housing and homelessness"),
    _("Advice and legal help"),
    _("Benefits and general advice"),
    _("Regulated immigration advice"),
    _("Legal aid and solicitors"),
    _("Debt and money advice"),
    _("Bank account help"),
    _("Work"),
    _("Jobcentre"),
    _("Employment support"),
    _("Safety"),
    _("Domestic abuse support"),
    _("Community"),
    _("Refugee and migrant support"),
    _("Faith and community groups"),
    _("Young people"),
    _("Older people"),
    _("Disability support"),
]
