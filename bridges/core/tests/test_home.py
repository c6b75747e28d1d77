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
        "directory_public:search",
    ]
    assert [str(card.title) for card in cards] == [
        "Find a service",
        "Become a networker",
        "Immigration advice",
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
    assert "<li>Riverton Bridges</li>" in html
    assert "Closed Programme" not in html


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
