"""The HTML views in a real headless Chromium (Debian's package, driven by Playwright):
each page loads from file://, draws a graph, logs no console error, makes no network
request, and article text never runs as code. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from diplograph.app import write_views
from diplograph.graph.records import build_graph
from diplograph.graph.model import Entity, Event

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
    write_views(G, out, kinds=("state", "person", "ego", "actors"), focus=EVIL_NAME, figures=False)
    return out


@pytest.fixture(scope="session")
def curated_views(tmp_path_factory, curated_graph):
    """The views of the shipped curated facts (the known build of the exact counts)."""
    out = tmp_path_factory.mktemp("curated-views")
    write_views(curated_graph, out, kinds=("state", "person", "ego", "actors"),
                focus="person:sergei-lavrov", figures=False)
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




# --------------------------------------------------------------------------- reading aids


def _page_data(path: Path) -> dict:
    import json
    import re

    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def _outside_labels(page, which: str = "visible") -> list:
    """Nodes (``visible`` ones, or the ``lit`` ones a highlight kept) whose box (the node
    with its label) is not inside the graph area."""
    return page.evaluate("""(which) => {
      const net = diplographNetwork, c = document.getElementById('graph');
      const W = c.clientWidth, H = c.clientHeight, bad = [];
      diplographNodes.getIds({filter: n => which === "lit" ? !n.dimmed : !n.hidden}).forEach(id => {
        const b = net.getBoundingBox(id);
        const a = net.canvasToDOM({x: b.left, y: b.top}), z = net.canvasToDOM({x: b.right, y: b.bottom});
        if (a.x < -0.5 || a.y < -0.5 || z.x > W + 0.5 || z.y > H + 0.5) bad.push([id, a, z, W, H]);
      });
      return bad;
    }""", which)


@pytest.mark.parametrize("name", ["graph.html", "person.html", "actors.html", "ego.html"])
def test_whole_graph_fits_with_labels_inside(browser, curated_views, name):
    page, log = _open(browser, curated_views / name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"curated-{name.replace('.html', '.png')}"))
    assert _outside_labels(page) == []
    drawn, overlapping = _label_overlap(page)
    assert drawn >= 0.7 * page.evaluate("diplographNodes.length") or name == "actors.html"
    assert overlapping == 0
    # and the drawing uses the page: not a postage stamp in a corner
    width = page.evaluate("""() => { const net = diplographNetwork; let l = 1e9, r = -1e9;
        diplographNodes.getIds().forEach(id => { const b = net.getBoundingBox(id);
          l = Math.min(l, net.canvasToDOM({x: b.left, y: 0}).x); r = Math.max(r, net.canvasToDOM({x: b.right, y: 0}).x); });
        return (r - l) / document.getElementById('graph').clientWidth; }""")
    height = page.evaluate("""() => { const net = diplographNetwork; let t = 1e9, b2 = -1e9;
        diplographNodes.getIds().forEach(id => { const b = net.getBoundingBox(id);
          t = Math.min(t, net.canvasToDOM({x: 0, y: b.top}).y); b2 = Math.max(b2, net.canvasToDOM({x: 0, y: b.bottom}).y); });
        return (b2 - t) / document.getElementById('graph').clientHeight; }""")
    # an ego view is centred on its focus, so one side may stay emptier
    assert max(width, height) > (0.7 if name == "ego.html" else 0.85), (width, height)
    assert log["errors"] == []
    page.close()


def test_ego_focus_is_marked_and_centred(browser, curated_views):
    page, _ = _open(browser, curated_views / "ego.html")
    focus = page.evaluate("diplographNodes.get('person:sergei-lavrov')")
    assert focus["focus"] is True and focus["borderWidth"] >= 4
    others = page.evaluate("diplographNodes.get({filter: n => !n.focus}).map(n => n.size)")
    assert focus["size"] > max(others)
    xy = page.evaluate("diplographNetwork.canvasToDOM(diplographNetwork.getPositions(['person:sergei-lavrov'])['person:sergei-lavrov'])")
    box = page.locator("#graph").bounding_box()
    assert abs(xy["x"] - box["width"] / 2) < 2 and abs(xy["y"] - box["height"] / 2) < 2
    page.close()


def test_state_colours_are_fixed_and_named(browser, curated_views):
    from diplograph.graph.views.colours import state_colour

    page, _ = _open(browser, curated_views / "graph.html")
    colours = page.evaluate("Object.fromEntries(diplographNodes.get().map(n => [n.id, n.color]))")
    assert colours["state:KP"] == state_colour("KP") and colours["state:RU"] == state_colour("RU")
    assert len(set(colours.values())) == len(colours)
    legend = page.inner_text("#legend")
    assert "North Korea" in legend and "Russia" in legend and "KP" not in legend.split()
    person = _page_data(curated_views / "person.html")
    kp_persons = [n for n in person["nodes"] if n["id"] == "person:kim-jong-un"]
    assert kp_persons[0]["color"] == state_colour("KP")  # the same red in every view
    labels = [e.get("label") for e in _page_data(curated_views / "graph.html")["edges"]]
    assert all(lbl and lbl.isdigit() for lbl in labels)  # edge counts are drawn
    page.close()


def test_search_finds_any_spelling_and_highlights(browser, curated_views):
    page, _ = _open(browser, curated_views / "person.html")
    page.fill("#search", "Lawrow")
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-searched='Lawrow']")
    assert page.inner_text("#found") == "1 match"
    data = _page_data(curated_views / "person.html")
    near = {"person:sergei-lavrov"} | {e["to"] for e in data["edges"] if e["from"] == "person:sergei-lavrov"} \
        | {e["from"] for e in data["edges"] if e["to"] == "person:sergei-lavrov"}
    lit = set(page.evaluate("diplographNodes.getIds({filter: n => !n.dimmed})"))
    assert lit == near and len(lit) < len(data["nodes"])
    assert page.evaluate("diplographNetwork.getSelectedNodes()") == ["person:sergei-lavrov"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-lawrow.png"))
    assert _outside_labels(page, "lit") == []  # the match and its neighbours in view
    page.fill("#search", "")
    page.press("#search", "Enter")
    assert page.evaluate("diplographNodes.get({filter: n => n.dimmed}).length") == 0
    page.close()


def test_click_highlights_neighbours(browser, curated_views):
    page, _ = _open(browser, curated_views / "graph.html")
    data = _page_data(curated_views / "graph.html")
    xy = page.evaluate("diplographNetwork.canvasToDOM(diplographNetwork.getPositions(['state:IR'])['state:IR'])")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    page.wait_for_function("document.body.getAttribute('data-highlight') === 'state:IR'")
    want = {"state:IR"} | {e["to"] for e in data["edges"] if e["from"] == "state:IR"} \
        | {e["from"] for e in data["edges"] if e["to"] == "state:IR"}
    assert set(page.evaluate("diplographNodes.getIds({filter: n => !n.dimmed})")) == want
    assert want == {"state:IR", "state:KP"}
    page.screenshot(path=str(ARTIFACTS / "click-iran.png"))
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 5)  # the background resets
    page.wait_for_function("document.body.getAttribute('data-highlight') === ''")
    assert page.evaluate("diplographNodes.get({filter: n => n.dimmed}).length") == 0
    page.close()


@pytest.mark.parametrize("start,end", [("2024-01", "2024-03"), ("2023-07", "2023-09"),
                                       ("2018", "2019"), ("", "2023-06")])
def test_date_filter_exact_counts(browser, curated_views, curated_graph, start, end):
    """The actors view on the curated build: exactly the meetings whose whole date lies
    in the range stay, and exactly the actors attending one of them."""
    def lo(d):
        return {4: d + "-01-01", 7: d + "-01"}.get(len(d), d)

    def hi(d):
        return {4: d + "-12-31", 7: d + "-31"}.get(len(d), d)

    meetings = {n for n, d in curated_graph.nodes(data=True) if d["label"] == "Meeting"
                and d.get("date") and (not start or lo(d["date"]) >= lo(start))
                and (not end or hi(d["date"]) <= hi(end))}
    data = _page_data(curated_views / "actors.html")
    actors = {e["from"] for e in data["edges"] if e["to"] in meetings}
    page, _ = _open(browser, curated_views / "actors.html")
    page.fill("#date-from", start)
    page.fill("#date-to", end)
    page.dispatch_event("#date-to", "change")
    shown = page.inner_text("#shown")
    total = len(data["meetings"])
    assert shown == f"· {len(meetings)} of {total} meetings, {len(actors)} actors shown"
    visible = set(page.evaluate("diplographNodes.getIds({filter: n => !n.hidden})"))
    assert visible == meetings | actors
    assert _outside_labels(page) == []
    if (start, end) == ("2024-01", "2024-03"):
        assert (len(meetings), len(actors)) == (14, 13)  # measured on the curated facts
        page.screenshot(path=str(ARTIFACTS / "actors-2024Q1.png"))
    page.close()


@pytest.fixture(scope="session")
def big_views(tmp_path_factory, gazetteer):
    """2,000 generated meetings (benchmarks/generate.py, seeded)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import iter_entities, iter_events

    events = [Event(**e) for e in iter_events(2000, seed=3)]
    ents = [Entity(**e) for e in iter_entities(2000, seed=3)]
    G = build_graph(events, ents, gazetteer)
    out = tmp_path_factory.mktemp("big-views")
    write_views(G, out, kinds=("state", "person", "actors"), figures=False)
    return out, G


def _label_overlap(page) -> tuple[int, int]:
    """Drawn labels and how many of them overlap another one (DOM boxes)."""
    return tuple(page.evaluate("""() => {
      const net = diplographNetwork, boxes = [];
      diplographNodes.get({filter: n => !n.hidden && n.label && n.label.trim()}).forEach(n => {
        const lm = net.body.nodes[n.id].labelModule.size;
        const a = net.canvasToDOM({x: lm.left, y: lm.top}), z = net.canvasToDOM({x: lm.left + lm.width, y: lm.top + lm.height});
        boxes.push([a.x, a.y, z.x, z.y]);
      });
      let over = 0;
      boxes.forEach((b, i) => { if (boxes.some((c, j) => j !== i && b[0] < c[2] && c[0] < b[2] && b[1] < c[3] && c[1] < b[3])) over++; });
      return [boxes.length, over];
    }"""))


@pytest.mark.parametrize("name", ["graph.html", "person.html", "actors.html"])
def test_two_thousand_meetings_stay_legible(browser, big_views, name):
    from diplograph.graph.views.html import MAX_LABELS, MAX_PERSONS

    out, G = big_views
    page, log = _open(browser, out / name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"big-{name.replace('.html', '.png')}"))
    n_nodes = page.evaluate("diplographNodes.length")
    assert n_nodes <= MAX_PERSONS + 60
    drawn, overlapping = _label_overlap(page)
    assert 0 < drawn <= MAX_LABELS
    assert overlapping == 0, (drawn, overlapping)
    font_px = page.evaluate("diplographNetwork.getScale() * diplographNodes.get()[0].font.size")
    assert font_px >= 9
    assert _outside_labels(page) == []
    assert log["errors"] == []
    page.close()


def test_big_actors_view_filter_counts(browser, big_views):
    out, G = big_views
    page, _ = _open(browser, out / "actors.html")
    assert "collapsed" in page.title()
    page.fill("#date-from", "2020-01")
    page.fill("#date-to", "2020-01")
    page.dispatch_event("#date-to", "change")
    want = sum(1 for _, d in G.nodes(data=True) if d["label"] == "Meeting"
               and (d.get("date") or "")[:7] == "2020-01")
    data = _page_data(out / "actors.html")
    inside = {m for m, d in data["meetings"].items() if d[:7] == "2020-01"}
    persons = {p for e in data["edges"] if set(e["meetings"]) & inside for p in (e["from"], e["to"])}
    shown = page.inner_text("#shown")
    assert shown.startswith(f"· {want} of {len(data['meetings'])} meetings, {len(persons)} actors")
    assert set(page.evaluate("diplographNodes.getIds({filter: n => !n.hidden})")) == persons
    page.close()


def test_meeting_tooltips_carry_evidence_article_and_date(views, curated_views):
    data = _page_data(views / "actors.html")
    evil = [n for n in data["nodes"] if n.get("meeting") and EVIL_QUOTE in n["title"]]
    assert evil and all(EVIL_TITLE in n["title"] for n in evil)
    assert {n["name"] for n in evil} == {"visit 2024-05-02 " + EVIL_PLACE,
                                         "talks 2024-05-03 " + EVIL_PLACE}
    curated = _page_data(curated_views / "actors.html")
    lavrov = next(n for n in curated["nodes"] if n["id"] == "meeting:2023-10-18-RU-KP-sergei-lavrov")
    assert lavrov["name"] == "visit 2023-10-18 Pyongyang"
    assert "curated fact (no sentence quoted)" in lavrov["title"] and "— " in lavrov["title"]
