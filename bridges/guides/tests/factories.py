import datetime

from bridges.guides import services
from bridges.guides.models import Guide


def make_guide(
    programme,
    *,
    slug: str = "register-with-a-gp",
    title: str = "Register with a GP",
    status: str = Guide.Status.PUBLISHED,
    steps: int = 2,
    service_list=(),
    **sections,
) -> Guide:
    sections.setdefault("summary", "A GP is a family doctor. Seeing a GP is free.")
    sections.setdefault("who_can", "Anyone in England can register.")
    return services.guide_create(
        programme=programme,
        slug=slug,
        title=title,
        last_checked=datetime.date(2026, 11, 22),
        status=status,
        steps=[
            services.StepText(title=f"Step title {n}", body=f"Do thing {n}.")
            for n in range(1, steps + 1)
        ],
        services=service_list,
        **sections,
    )
