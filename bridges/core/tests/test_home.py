"""The public home page shows what each installed app contributes, through its home.py."""

import pytest
from django.urls import reverse

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.core.homepage import HomeCard, HomeSection, home_cards, home_sections


def test_the_apps_contribute_the_home_page_cards_and_sections_in_order():
    cards = home_cards()
    assert [card.url_name for card in cards] == [
        "directory_public:search",
        "networkers_public:join_index",
        "guides_public:list",
        "directory_public:search",
        "support_public:ask_index",
        "initiatives_public:events_index",
    ]
    assert [str(card.title) for card in cards] == [
        "Find a service",
        "Become a networker",
        "Guides in your language",
        "Immigration advice",
        "Ask for help",
        "Community events",
    ]
    places = {section.template: section.place for section in home_sections()}
    assert places == {
        "directory/includes/home_search.html": "before",
        "accounts/includes/home_programmes.html": "after",
    }


@pytest.mark.django_db
def test_the_home_page_shows_every_contributed_card_and_section(client):
    ProgrammeFactory(name="Riverton Bridges")
    ProgrammeFactory(name="Closed Programme", is_active=False)
    html = client.get("/en/").content.decode()
    search = reverse("directory_public:search")
    assert f'<form method="get" action="{search}" role="search" class="home-search">' in html
    assert f'<h2><a href="{search}">Find a service</a></h2>' in html
    join = reverse("networkers_public:join_index")
    assert f'<h2><a href="{join}">Become a networker</a></h2>' in html
    assert f'<a href="{search}?need=immigration-advice">Immigration advice</a>' in html
    # The accounts app lists the active programmes, below the cards.
    assert html.index("Immigration advice") < html.index("<h2>Programmes</h2>")
    assert "<bdi>Riverton Bridges</bdi></a></h3>" in html
    assert "Closed Programme" not in html


@pytest.mark.django_db
def test_each_programme_links_to_its_public_pages_and_says_when_it_lists_no_services(client):
    from bridges.directory.models import Service
    from bridges.directory.tests.factories import make_service

    listed = ProgrammeFactory(name="Riverton Bridges", slug="riverton")
    make_service(listed, name="Food bank", index=False)
    make_service(listed, name="Closed", index=False, status=Service.Status.DEFUNCT)
    unlisted = ProgrammeFactory(name="Lakeside Bridges", slug="lakeside")
    make_service(unlisted, name="Gone", index=False, status=Service.Status.DEFUNCT)
    html = client.get("/en/").content.decode()
    search = reverse("directory_public:search")
    cards = html.split('<li class="card">')
    riverton = next(card for card in cards if "Riverton Bridges" in card)
    lakeside = next(card for card in cards if "Lakeside Bridges" in card)
    assert f'<a href="{search}?programme=riverton"><bdi>Riverton Bridges</bdi></a>' in html
    assert reverse("networkers_public:join", args=["riverton"]) in riverton
    assert "No services are listed here yet." not in riverton
    join = reverse("networkers_public:join", args=["lakeside"])
    assert f'<a href="{join}"><bdi>Lakeside Bridges</bdi></a>' in lakeside
    assert "No services are listed here yet." in lakeside
    assert "?programme=lakeside" not in html
    # The link leads to that programme's services.
    found = client.get(f"{search}?programme=riverton").context["page"]
    assert [service.name for service in found] == ["Food bank"]


@pytest.mark.django_db
def test_the_contributed_cards_are_translated(client):
    html = client.get("/fr/").content.decode()
    assert "Trouver un service" in html
    assert "Devenir relais communautaire" in html
    assert "Conseil en immigration" in html


def test_a_card_may_carry_a_query_and_a_section_must_say_where_it_goes():
    card = HomeCard("Title", "Text", "directory_public:search", query="need=housing")
    assert card.url() == reverse("directory_public:search") + "?need=housing"
    with pytest.raises(ValueError, match="before' or 'after"):
        HomeSection("x.html", place="sidebar")


@pytest.mark.django_db
def test_without_programmes_the_home_page_has_no_programme_list(client):
    html = client.get("/en/").content.decode()
    assert "<h2>Programmes</h2>" not in html
