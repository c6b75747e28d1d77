"""The public home page's whole first load — HTML, CSS, JavaScript, fonts, images — stays under
100 KB compressed, for people on a cheap phone with a poor signal and little data."""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

BUDGET = 100 * 1024


class AssetLinks(HTMLParser):
    """Everything a browser fetches on first load: stylesheets, scripts, images, icons,
    preloads (not ordinary links to other pages)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(attrs.get("href") or "")
        elif tag in {"script", "img", "source", "video", "audio"} and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetch(client: Client, url: str) -> tuple[bytes, int]:
    """The uncompressed body of `url` and its size on the wire, gzip-compressed as the server
    (or whitenoise) sends it, or as gzip would if the server sent it uncompressed."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    if response.status_code == 200:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Encoding") == "gzip":
            return gzip.decompress(body), len(body)
        return body, len(gzip.compress(body, compresslevel=9))
    # Static files the test client does not serve: read them where collectstatic would.
    found = finders.find(urlsplit(url).path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is linked but neither served ({response.status_code}) nor found"
    with open(found, "rb") as handle:
        body = handle.read()
    return body, len(gzip.compress(body, compresslevel=9))


def first_load(client: Client, page: str) -> dict[str, int]:
    """Compressed bytes of the page and of every asset it pulls in, by URL."""
    sizes: dict[str, int] = {}
    queue = [page]
    while queue:
        url = queue.pop()
        if url in sizes:
            continue
        assert not urlsplit(url).netloc, f"{url}: pages load nothing from other sites"
        body, sizes[url] = fetch(client, url)
        if url == page:
            parser = AssetLinks()
            parser.feed(body.decode())
            refs = parser.urls
        elif url.endswith(".css"):
            # Fonts, images and imports named in a stylesheet are part of the first load too.
            refs = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body.decode())
        else:
            refs = []
        queue += [urljoin(url, ref) for ref in refs if ref and not ref.startswith("data:")]
    return sizes


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/en/", "/ar/"])
def test_home_page_first_load_is_under_100_kb_compressed(client, page):
    sizes = first_load(client, page)
    total = sum(sizes.values())
    report = ", ".join(f"{url}: {size} B" for url, size in sizes.items())
    print(f"first load of {page}: {total} bytes compressed ({report})")
    assert total < BUDGET, f"first load of {page} is {total} bytes compressed ({report})"
    # No htmx (or any script) on the public home page unless it earns its place.
    assert not any(urlsplit(url).path.endswith(".js") for url in sizes), report
