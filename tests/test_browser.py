"""The HTML views in a real headless Chromium (Debian's package, driven by Playwright):
each page loads from file://, draws a graph, logs no console error, makes no network
request, and article text never runs as code. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from diplograph.graph.records import build_graph
from diplograph.graph.model import Entity, Event
from diplograph.graph.views.default_set import write_views

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--disable-quic"]
EVIL_NAME = "<img src=x onerror=\"document.title='pwned';alert(1)\">"
EVIL_PLACE = "</script><script>document.title='pwned2'</script>"
EVIL_QUOTE = "Officials said <svg onload=alert(3)> and `a`:Label met '}) DETACH DELETE n //."
EVIL_TITLE = "\"><iframe src=javascript:alert(4)>"


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: run `make system` (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def views(tmp_path_factory, curated, gazetteer):
    from diplograph.app import collect_entities

    evil = [
        Event(article="evil.txt", type="visit", date="2024-05-02", visitor_state="RU",
              host_state="KP", place=EVIL_PLACE, participants=[EVIL_NAME, "Kim Jong Un"],
              participant_states={EVIL_NAME: "RU", "Kim Jong Un": "KP"},
              evidence={"text": EVIL_QUOTE, "start": 0, "end": len(EVIL_QUOTE)}, confidence=0.9),
        Event(article="evil.txt", type="meeting", date="2024-05-03", place=EVIL_PLACE,
              participants=[EVIL_NAME, "Kim Jong Un"],
              participant_states={EVIL_NAME: "RU", "Kim Jong Un": "KP"},
              evidence={"text": EVIL_QUOTE, "start": 0, "end": len(EVIL_QUOTE)}),
    ]
    ents = collect_entities(curated.events, curated.entities) + [
        Entity(name=EVIL_NAME, state="RU", roles=[{"title": "<b>Envoy</b>", "of": "RU"}])]
    arts = list(curated.articles) + [{"file": "evil.txt", "title": EVIL_TITLE}]
    G = build_graph(list(curated.events) + evil, ents, gazetteer, arts)
    out = tmp_path_factory.mktemp("views")
    write_views(G, out, kinds=("state", "person", "ego", "full"), focus=EVIL_NAME, figures=False)
    return out


PAGES = {"graph.html": "States: who visited whom",
         "person.html": "Persons who met, coloured by state",
         "ego.html": f"Ego network of {EVIL_NAME} (depth 2)",
         "actors.html": "Actors and meetings"}


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    log = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn]", timeout=20000)
    page.wait_for_timeout(300)
    return page, log


def _ink(png: bytes) -> float:
    """Share of pixels that are not the white background."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    hist = img.histogram()
    return 1 - sum(hist[245:]) / sum(hist)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_draws_offline_without_errors(browser, views, name):
    page, log = _open(browser, views / name)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = page.locator("#graph").screenshot(path=str(ARTIFACTS / name.replace(".html", ".png")))
    assert _ink(shot) > 0.004, "the graph area is blank"
    assert page.evaluate("diplographNetwork.body.data.nodes.length") > 1
    assert [u for u in log["requests"] if not u.startswith(("file://", "data:"))] == []
    assert log["errors"] == [] and log["dialogs"] == []
    assert page.title() == PAGES[name]
    page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_article_text_never_runs(browser, views, name):
    page, log = _open(browser, views / name)
    assert page.evaluate("document.querySelectorAll('img, iframe, svg').length") == 0
    assert page.evaluate("document.scripts.length") == 3  # vis-network, the data, the page
    assert page.title() == PAGES[name] and log["dialogs"] == []  # the payload did not run
    html = (views / name).read_text()
    assert EVIL_NAME not in html and EVIL_PLACE not in html
    page.close()


def test_tooltip_shows_hostile_name_as_text(browser, views):
    page, log = _open(browser, views / "ego.html")
    nid = next(n for n in page.evaluate("diplographNetwork.body.data.nodes.getIds()")
               if "img" in n)
    xy = page.evaluate(f"diplographNetwork.canvasToDOM(diplographNetwork.getPositions([{nid!r}])[{nid!r}])")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert EVIL_NAME in tip.inner_text()
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.title() == PAGES["ego.html"] and log["dialogs"] == []
    page.close()


def test_date_filter_hides_meetings_outside_the_range(browser, views):
    page, _ = _open(browser, views / "actors.html")
    page.fill("#date-from", "2024-01")
    page.fill("#date-to", "2024-03")
    page.evaluate("diplographApplyDates()")
    shown = page.inner_text("#shown")
    n = int(shown.split()[0])
    total = page.evaluate("diplographNetwork.body.data.nodes.get({filter: n => n.date !== undefined}).length")
    assert 0 < n < total
    page.close()
