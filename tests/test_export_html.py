"""The html page: what a reader on a laptop, a phone and paper relies on, in a real browser.

Headless Chromium (Debian's, driven by Playwright) opens the exported page from
disk. Every test also holds the page to its two promises: no request but the
page itself, and no script but its own (record text is shown, never run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import generate, write_root
from typer.testing import CliRunner

from tracker.cli import app
from tracker.render.html import chart, payload

runner = CliRunner()
REPOSITORY = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TRACKER_TEST_ARTIFACTS", REPOSITORY / "build" / "test-artifacts"))
BUNDLED_COMMITMENTS = len(json.loads(runner.invoke(app, ["status", "--json", "--root", str(REPOSITORY)]).stdout))


def export(*args, root=REPOSITORY):
    return runner.invoke(app, ["export", *args, "--root", str(root)], catch_exceptions=False)


def write_page(folder: Path, root: Path = REPOSITORY, *args) -> Path:
    path = folder / "record.html"
    assert export("-f", "html", "-o", str(path), *args, root=root).exit_code == 0
    return path


def blob(page: str, name: str):
    """The embedded JSON named `name`, as the browser would read it."""
    found = re.search(f'<script type="application/json" id="{name}">(.*?)</script>', page, re.DOTALL)
    return json.loads(found.group(1))


# A record that tries to break out of every place its text goes ------------------------------

HOSTILE_SOURCE = (
    "China proposed a joint <script>alert(1)</script> lab today.\n"
    "Both sides agreed on a </script><script>alert(2)</script> plan and an <!-- opening\u2028here.\n"
)
HOSTILE_MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: talks
    date: 2025-03-01
    place: "<img src=x onerror=alert(3)>"
    participants: ["<b onmouseover=alert(4)>A</b>", B]
    sources:
      - id: report
        file: seeds/report.txt
        sha256: "{sha:seeds/report.txt}"
        outlet: "VNA</script><script>alert(5)</script>"
        url: "javascript:alert(6)"
"""
HOSTILE_COMMITMENTS = """\
commitments:
  - id: lab
    title: "A joint lab </script><script>alert(7)</script>"
    status: proposed
    theme: science
    by: [CN]
    notes: "U+2028 inside\\u2028a note & an <em>ampersand</em>, a colour \\e[31mred\\e[0m, a \\u202eturn"
    mentions:
      - {source: report, paragraph: 1, quote: "China proposed a joint <script>alert(1)</script> lab", kind: proposed}
  - id: plan
    title: "A plan \\e]8;;https://x.example\\e\\\\linked\\e]8;;\\e\\\\"
    status: agreed
    theme: science
    by: [VN, CN]
    mentions:
      - {source: report, paragraph: 2, quote: "agreed on a </script><script>alert(2)</script> plan and an <!-- opening", kind: agreed}
"""


@pytest.fixture
def hostile(tmp_path):
    return write_root(tmp_path / "hostile", HOSTILE_COMMITMENTS, HOSTILE_MEETINGS, {"seeds/report.txt": HOSTILE_SOURCE})


def test_record_text_is_escaped_in_the_html_and_in_the_embedded_data(hostile):
    page = export("-f", "html", root=hostile).stdout
    assert page.count("<script") == 3  # the record, the paragraphs (both JSON, never run) and the page's script
    assert page.count("</script>") == 3 and "<!--" not in page
    assert "alert(" not in page.split("<script>")[-1]  # the script holds no record text
    for text in ("<script>alert(1)</script>", "<img src=x", "<b onmouseover", "\u2028", "\x1b", "\u202e"):
        assert text not in page  # neither markup nor a control sequence, for a browser or a terminal
    record = blob(page, "record")
    assert record["commitments"][0]["title"] == "A joint lab </script><script>alert(7)</script>"
    assert record["meetings"][0]["sources"][0]["outlet"] == "VNA</script><script>alert(5)</script>"
    assert blob(page, "paragraphs")["report"] == HOSTILE_SOURCE.rstrip("\n").split("\n")  # U+2028 is no line end
    assert record["commitments"][0]["notes"].endswith("a colour \x1b[31mred\x1b[0m, a \u202eturn")  # kept exactly


def test_script_safe_json_cannot_end_its_element_and_reads_back_the_same():
    text = 'a </script> <!-- b & c > d \u2028 e \u2029 "f"'
    safe = payload.dumps({"text": text})
    assert not set("<>&\u2028\u2029") & set(safe)
    assert json.loads(safe) == {"text": text}


def test_nothing_in_the_page_can_load_anything():
    page = export("-f", "html").stdout
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp and "'unsafe-eval'" not in csp
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page and "eval(" not in page and "new Function" not in page


# The embedded data ---------------------------------------------------------------------------


def test_quote_marks_are_counted_in_the_units_browsers_use():
    # One character outside the Basic Multilingual Plane is one code point and two UTF-16 units.
    assert payload.marks("The 𠀀 sides agreed to build it.", "agreed to build") == [13, 28]
    assert payload.marks("The two sides agreed to build it.", "agreed to build") == [14, 29]
    # A quote with an elision marks both pieces; typographic variants still match.
    assert payload.marks("Work on the “bridge” began this spring.", 'Work on the "bridge" ... spring') == [
        0,
        20,
        32,
        38,
    ]


def test_the_written_page_holds_no_list_of_commitments_or_paragraphs(tmp_path):
    root = generated(tmp_path, meetings=200)
    page = write_page(tmp_path, root).read_text(encoding="utf-8")
    html = page.split('<script type="application/json"')[0]
    assert 'class="commitment"' not in html and 'id="p-' not in html and 'class="meeting"' not in html
    assert html.count('<li><a href="#c-') <= 2 * 10  # the attention lists: ten of each
    record = blob(page, "record")
    assert len(record["commitments"]) == 1000 and "text" not in record["commitments"][0]["mentions"][0]


def test_the_page_is_written_piece_by_piece_never_whole(tmp_path, monkeypatch):
    """Four times the record, four times the page: the memory it takes to write it stays put
    (all of it made in this process, none by a second one, `spill.Aside`)."""
    import tracemalloc

    from tracker import checks
    from tracker.render import document, html, spill

    monkeypatch.setattr(spill, "WORTH_MAKING_ASIDE", 10**9)

    def written(meetings: int) -> tuple[int, int]:
        data = document.build(checks.load_valid(generated(tmp_path, meetings=meetings)))
        tracemalloc.start()
        size = sum(len(piece.encode("utf-8") if isinstance(piece, str) else piece) for piece in html.pieces(data))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size, peak

    (small, small_peak), (large, large_peak) = written(150), written(600)
    assert large > 3.5 * small and large_peak < 1.5 * small_peak and large_peak < large


def generated(folder: Path, meetings: int, commitments: int | None = None) -> Path:

    root = folder / f"generated-{meetings}"
    generate(root, meetings=meetings, commitments=commitments or 5 * meetings, per_commitment=4)
    return root


def document(meetings: list[str], commitments: dict[str, list[tuple[int, str]]]) -> dict:
    """A minimal export document: meeting dates, and each commitment's (meeting index, kind) mentions."""
    return {
        "meetings": [{"id": f"m{i}", "date": date} for i, date in enumerate(meetings)],
        "commitments": [
            {"id": name, "mentions": [{"meeting": f"m{at}", "kind": kind} for at, kind in mentions]}
            for name, mentions in commitments.items()
        ],
    }


def test_the_chart_counts_each_commitment_at_its_stage_after_each_meeting():
    data = document(
        ["2024-01-01", "2024-06-01", "2025-01-01"],
        {
            "bridge": [(0, "proposed"), (1, "agreed"), (2, "progress")],
            "ferry": [(1, "reaffirmed"), (2, "agreed")],
            "lab": [(0, "agreed"), (2, "proposed")],  # a later, lower kind does not lower the stage
        },
    )
    #          stage: none  proposed  agreed  progress  fulfilled
    expected = [[0, 1, 1, 0, 0], [1, 0, 2, 0, 0], [0, 0, 2, 1, 0]]
    assert chart.series(data).counts == expected


def test_many_meetings_share_a_bar_that_shows_the_state_after_its_last():
    meetings = [f"2024-01-{day:02d}" for day in range(1, 31)] * 5  # 150 meetings, more than MAX_BARS
    data = document(meetings, {"late": [(149, "agreed")], "early": [(0, "proposed"), (2, "fulfilled")]})
    found = chart.series(data)
    assert found.bins == chart.MAX_BARS
    assert found.counts[0] == [0, 1, 0, 0, 0]  # meetings 0 and 1: proposed
    assert found.counts[1] == [0, 0, 0, 0, 1]  # meeting 2 is in the second bar
    assert found.counts[-1] == [0, 0, 1, 0, 1]


# In a real browser -----------------------------------------------------------------------------------

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
FLAGS += ["--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium driven by Playwright; skipped only outside CI."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(executable).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and playwright (see .ci/run)")
        pytest.skip("needs chromium and playwright")
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        yield browser
        browser.close()


class Reader:
    """A page open in a fresh browser context, and everything it asked for or raised."""

    def __init__(self, browser, url: str, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)

    def wait(self, expression: str, seconds: float = 5) -> None:
        """Poll until `expression` holds (wait_for_function evaluates a string, which the page's CSP forbids)."""
        for _ in range(int(seconds / 0.05)):
            if self.page.evaluate(expression):
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"never true: {expression}")

    def count(self, selector: str) -> int:
        return self.page.eval_on_selector_all(selector, "found => found.filter(e => e.offsetParent).length")

    def below_the_bar(self, selector: str) -> bool:
        """The element's top is on screen and not under the sticky bar."""
        self.wait(f"!!document.querySelector({json.dumps(selector)})")  # built after a hashchange, which is async
        return self.page.evaluate(
            """selector => {
                const top = document.querySelector(selector).getBoundingClientRect().top;
                const bar = document.getElementById("bar").getBoundingClientRect().bottom;
                return top >= bar - 1 && top < innerHeight;
            }""",
            selector,
        )

    def close(self, page_url: str) -> None:
        """The promises every test holds: only the page was requested, nothing ran, nothing failed."""
        self.context.close()
        assert {url.split("?")[0].split("#")[0] for url in self.requests} == {page_url}
        assert self.dialogs == [] and self.errors == []


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_filters_change_every_view_and_live_in_the_url(chromium, tmp_path):
    path = write_page(tmp_path)
    reader = Reader(chromium, path.as_uri(), **DESKTOP)
    page = reader.page
    written = {part: page.inner_html(f"#{part}") for part in ("summary", "chart", "attention")}
    assert reader.count("article.commitment") == BUNDLED_COMMITMENTS
    page.select_option("#f-theme", "transport")
    page.select_option("#f-by", "VN")
    transport_vn = reader.count("article.commitment")
    assert 0 < transport_vn < BUNDLED_COMMITMENTS
    assert reader.count("#recurrence-table tbody tr") == transport_vn
    assert page.text_content("#summary-total").startswith(f"{transport_vn} of {BUNDLED_COMMITMENTS} commitments")
    bars = page.eval_on_selector_all(".status-row .count", "found => found.map(e => +e.textContent)")
    assert sum(bars) == transport_vn  # the status bars follow the filters
    assert page.text_content("#chart-max") == str(transport_vn)  # so does the chart
    assert re.search(r"\?theme=transport&by=VN$", page.url)
    # The URL is the view: opened again, it shows the same.
    again = Reader(chromium, page.url, **DESKTOP)
    assert again.page.input_value("#f-theme") == "transport" and again.page.input_value("#f-by") == "VN"
    assert again.count("article.commitment") == transport_vn
    again.close(path.as_uri())
    page.fill("#f-q", "railway committee")
    reader.wait("document.querySelectorAll('article.commitment').length === 1")
    assert "q=railway+committee" in page.url
    page.select_option("#f-theme", "")
    page.select_option("#f-by", "")
    page.fill("#f-q", "hải phòng – railway")  # diacritics and dashes as the title has them: Hải Phòng - railway
    reader.wait("new URLSearchParams(location.search).get('q') === 'hải phòng – railway'")
    with_marks = reader.count("article.commitment")
    page.fill("#f-q", "HAI PHONG - RAILWAY")
    reader.wait("new URLSearchParams(location.search).get('q') === 'HAI PHONG - RAILWAY'")
    assert reader.count("article.commitment") == with_marks > 0
    page.click("#f-clear")
    assert reader.count("article.commitment") == BUNDLED_COMMITMENTS and "?" not in page.url
    # Redrawn for the whole record, the summary, chart and lists are what the page was written with.
    assert {part: page.inner_html(f"#{part}") for part in written} == written
    reader.close(path.as_uri())


def test_a_followed_quote_is_marked_and_visible_below_the_bar(chromium, tmp_path):
    path = write_page(tmp_path)
    reader = Reader(chromium, path.as_uri(), **DESKTOP)
    page = reader.page
    page.click("#c-railway-cooperation-committee a[href='#p-tran-pham-2025-04-14-11']")
    assert page.evaluate("location.hash") == "#p-tran-pham-2025-04-14-11"
    assert reader.below_the_bar("#p-tran-pham-2025-04-14-11")
    followed = page.eval_on_selector_all(
        "#p-tran-pham-2025-04-14-11 mark.followed", "found => found.map(e => e.textContent)"
    )
    assert followed == ["They agreed to establish a bilateral intergovernmental railway cooperation committee"]
    # Another commitment's quote in the same source is marked, but not as the one followed.
    assert (
        reader.count("#p-tran-pham-2025-04-14-12 mark") >= 1
        and reader.count("#p-tran-pham-2025-04-14-12 mark.followed") == 0
    )
    page.click("#p-tran-pham-2025-04-14-11 .cited-by a[href='#c-railway-cooperation-committee']")
    assert reader.below_the_bar("#c-railway-cooperation-committee")
    page.go_back()
    assert reader.below_the_bar("#p-tran-pham-2025-04-14-11")
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export-page.png"))
    reader.close(path.as_uri())


def test_a_deep_link_builds_its_target(chromium, tmp_path):
    path = write_page(tmp_path)
    reader = Reader(chromium, f"{path.as_uri()}#p-vna-2025-09-04-9", **DESKTOP)
    assert reader.below_the_bar("#p-vna-2025-09-04-9")
    assert reader.page.get_attribute("#p-vna-2025-09-04-9", "class") == "target"
    # The markdown export's anchors lead to the same places.
    reader.page.evaluate("location.hash = '#source-vna-2025-04-15-10'")
    assert reader.below_the_bar("#p-vna-2025-04-15-10")
    reader.page.evaluate("location.hash = '#red-journey-programme'")
    assert reader.below_the_bar("#c-red-journey-programme")
    reader.close(path.as_uri())
    # A commitment hidden by the filters in the link: they give way, and say so.
    reader = Reader(chromium, f"{path.as_uri()}?status=fulfilled#c-railway-cooperation-committee", **DESKTOP)
    assert reader.below_the_bar("#c-railway-cooperation-committee")
    assert "Filters cleared" in reader.page.text_content("#notice")
    reader.close(path.as_uri())


def test_the_page_on_a_phone(chromium, tmp_path):
    path = write_page(tmp_path)
    reader = Reader(chromium, path.as_uri(), **PHONE)
    page = reader.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # only the matrix's own box scrolls
    assert page.eval_on_selector("#bar", "bar => bar.offsetHeight") <= 60  # one line: search and a button
    page.click("#filters-toggle")
    assert page.is_visible("#f-status")
    page.click("#filters-toggle")
    page.click("a[href='#commitments']")
    assert reader.below_the_bar("#commitments")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.eval_on_selector("#recurrence-box", "box => box.scrollTop = 400")
    header = page.eval_on_selector("#recurrence-table thead th", "th => th.getBoundingClientRect().top")
    box = page.eval_on_selector("#recurrence-box", "box => box.getBoundingClientRect().top + box.clientTop")
    assert abs(header - box) < 1.5  # the dates stay in sight while the rows scroll
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "export-page-phone.png"))
    reader.close(path.as_uri())


# Elements whose right edge passes the screen's, outside the matrix's own scroll box. The screen's
# width is given: on a phone, a page wider than the screen widens innerWidth with it (zoomed out).
WIDER_THAN_THE_SCREEN = """width => {
    const box = document.getElementById("recurrence-box");
    return [...document.body.querySelectorAll("*")]
        .filter(e => e.offsetParent && !box.contains(e) && e.getBoundingClientRect().right > width + 0.5)
        .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""));
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_nothing_but_the_matrix_is_wider_than_the_screen_and_the_chart_is_drawn(chromium, tmp_path, viewport):
    path = write_page(tmp_path)
    reader = Reader(chromium, path.as_uri(), **viewport)
    page = reader.page
    for place in ("", "#commitments", "#meetings", "#p-tran-pham-2025-04-14-11"):  # each part of the page built
        page.evaluate(f"location.hash = '{place}'")
        assert page.evaluate(WIDER_THAN_THE_SCREEN, viewport["viewport"]["width"]) == [], place
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["viewport"]["width"]
    size = page.eval_on_selector("#chart-bars", "svg => [svg.getBoundingClientRect().width, svg.clientHeight]")
    assert page.is_visible("#chart-bars") and min(size) > 50 and size[0] <= viewport["viewport"]["width"]
    assert page.eval_on_selector_all("#chart-bars path", "found => found.filter(p => p.getBBox().height > 0).length")
    reader.close(path.as_uri())


def test_an_injected_script_is_shown_not_run(chromium, tmp_path, hostile):
    path = write_page(tmp_path, hostile)
    reader = Reader(chromium, f"{path.as_uri()}#p-report-2", **DESKTOP)
    page = reader.page
    assert "<script>alert(1)</script>" in page.text_content("#c-lab blockquote")
    assert page.text_content("#c-lab h3") == "A joint lab </script><script>alert(7)</script>"
    assert page.text_content("#c-plan h3") == "A plan \x1b]8;;https://x.example\x1b\\linked\x1b]8;;\x1b\\"
    assert "</script><script>alert(2)</script>" in page.text_content("#p-report-2")
    assert (
        page.text_content("#p-report-2 mark")
        == "agreed on a </script><script>alert(2)</script> plan and an <!-- opening"
    )
    assert "<img src=x onerror=alert(3)>" in page.text_content("#m-talks h3")
    assert page.eval_on_selector_all("script:not([type])", "found => found.length") == 1
    assert page.eval_on_selector_all("img, b, em", "found => found.length") == 0
    assert page.eval_on_selector_all("a[href^='javascript:']", "found => found.length") == 0
    reader.close(path.as_uri())


@pytest.mark.parametrize("meetings", [None, 24])  # the bundled record; the most meetings drawn as a grid
def test_print_fits_the_matrix_on_a_page(chromium, tmp_path, meetings):
    path = write_page(tmp_path, generated(tmp_path, meetings, commitments=60) if meetings else REPOSITORY)
    reader = Reader(chromium, path.as_uri(), viewport={"width": 718, "height": 1000})  # A4 inside 1 cm margins
    page = reader.page
    page.emulate_media(media="print")
    assert not page.is_visible("#bar")
    assert page.get_attribute("#recurrence-table", "class") == "matrix"  # a grid, one column per meeting
    assert page.eval_on_selector("#recurrence-table", "table => table.getBoundingClientRect().right") <= 718
    assert page.evaluate("document.documentElement.scrollWidth") <= 718
    assert len(page.pdf(format="A4")) > 10_000
    reader.close(path.as_uri())


def test_without_javascript_the_summary_is_there_and_the_page_says_what_is_missing(chromium, tmp_path):
    path = write_page(tmp_path)
    reader = Reader(chromium, path.as_uri(), java_script_enabled=False, **DESKTOP)
    page = reader.page
    assert page.is_visible("#summary .status-bars") and page.is_visible("#chart svg") and page.is_visible("#attention")
    assert "JavaScript is off" in page.text_content(".noscript") and page.is_visible(".noscript")
    assert not page.is_visible("#commitments")
    assert not page.is_visible("#bar")
    reader.close(path.as_uri())


def test_dark_mode_follows_the_system(chromium, tmp_path):
    path = write_page(tmp_path)
    reader = Reader(chromium, path.as_uri(), color_scheme="dark", **DESKTOP)
    background = reader.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", background)[:3])) < 150
    reader.close(path.as_uri())


def test_a_large_record_opens_small_and_reaches_everything(chromium, tmp_path):
    root = generated(tmp_path, meetings=300)
    path = write_page(tmp_path, root)
    reader = Reader(chromium, path.as_uri(), **DESKTOP)
    page = reader.page
    assert page.evaluate("document.getElementsByTagName('*').length") < 8000  # pages, not 1,500 cards
    assert reader.count("article.commitment") == 50 and reader.count("#recurrence-table tbody tr") == 100
    assert page.get_attribute("#recurrence-table", "class") == "matrix timeline"  # too many meetings for a grid
    page.click("#commitments-pager button[aria-label='next page']")
    assert "51–100 of 1,500" in page.text_content("#commitments-pager")
    # The last paragraph of the last source, built on demand from a link.
    record = blob(path.read_text(encoding="utf-8"), "record")
    last = record["meetings"][-1]["sources"][-1]
    target = f"p-{last['id']}-{last['paragraphs']}"
    page.evaluate(f"location.hash = '#{target}'")
    assert reader.below_the_bar(f"#{target}")
    # Search finds a commitment by the words of one of its quotes, wherever it is in the list.
    wanted = record["commitments"][-1]
    page.fill("#f-q", wanted["mentions"][0]["quote"])
    reader.wait(f"!!document.getElementById('c-{wanted['id']}')")
    assert reader.count("article.commitment") < 50
    reader.close(path.as_uri())


def test_provenance_shows_where_the_record_gives_it(chromium, tmp_path):
    """Fields of version 2 of the export document: an inferred date marked with its note, sides, reviews."""
    from tracker import checks
    from tracker.render import document, html

    data = document.build(checks.load_valid(REPOSITORY))
    meeting = next(m for m in data["meetings"] if m["id"] == "2025-04-14-ha-noi")
    meeting.update(inferred=["date", "place"], notes="The report says only 'this afternoon'.")
    source = meeting["sources"][0]
    source.update(side="VN", notes="The outlet is the byline.", reviewed=[{"paragraph": 2, "reason": "a slogan"}])
    first = data["meetings"][0]  # the dormant commitments were last reported there
    first.update(inferred=["date"], notes="The report gives no year.")
    red = next(c for c in data["commitments"] if c["id"] == "red-journey-programme")
    due_words = {
        "source": source["id"],
        "paragraph": 18,
        "quote": "Over the next three years",
        "note": "from the talks",
    }
    red.update(silent=2, sides=["VN"], due_words=due_words)
    path = tmp_path / "provenance.html"
    path.write_bytes(html.render(data))
    reader = Reader(chromium, f"{path.as_uri()}#c-red-journey-programme", **DESKTOP)
    page = reader.page
    card = page.text_content("#c-red-journey-programme")
    assert "reported by Việt Nam (VN) sources" in card and "silent for 2 meetings" in card
    assert "Due 2028-04-14: “Over the next three years” (tran-pham-2025-04-14 ¶18). from the talks" in card
    when = "#c-red-journey-programme .when .inferred"
    assert page.text_content(f"{when} sup") == "*" and not page.is_visible(f"{when} .tip")
    page.focus(when)  # a tap focuses it
    assert page.is_visible(f"{when} .tip") and "this afternoon" in page.text_content(f"{when} .tip")
    assert page.text_content("#c-red-journey-programme .when .side") == "VN"
    page.evaluate(f"location.hash = '#p-{source['id']}-2'")
    assert reader.below_the_bar(f"#p-{source['id']}-2")
    assert page.text_content(f"#p-{source['id']}-2 .reviewed") == "Reviewed, no commitment: a slogan"
    assert "The outlet is the byline." in page.text_content(f"#s-{source['id']}")
    # The dormant list, written by the tool and redrawn by the script, marks the date alike.
    assert page.locator("#dormant li .inferred").count() > 0
    written = page.inner_html("#attention")
    page.select_option("#f-status", "agreed")
    page.select_option("#f-status", "")
    assert page.inner_html("#attention") == written
    page.emulate_media(media="print")
    assert page.is_visible("#m-2025-04-14-ha-noi h3 .inferred .tip")  # on paper the note is printed
    reader.close(path.as_uri())


def test_facts_gathered_in_two_runs_are_those_of_one():
    """A second process gathers the facts of the first commitments, this one of the rest
    (`facts.Facts.take_in`): counts, chart, the attention lists past what they show, the cited
    paragraphs in the order one pass meets them."""
    from tracker.render.html.facts import ATTENTION_SHOWN, gather

    index = {f"m{number}": number for number in range(20)}
    kinds = ["proposed", "agreed", "reaffirmed", "progress", "fulfilled"]
    commitments = [
        {
            "id": f"c{number:02d}",
            "status": kinds[number % 5],
            "theme": ["trade", None, "rail"][number % 3],
            "by": [["VN"], ["CN"], ["VN", "CN"]][number % 3],
            "dormant": number % 2 == 0,
            "overdue": number % 3 == 0,
            "last_mentioned": f"2025-{1 + number % 12:02d}-01",
            "due": {"date": f"2026-{1 + number % 12:02d}-01"} if number % 4 else f"2027-0{1 + number % 9}-01",
            "mentions": [
                {
                    "meeting": f"m{(number * 7 + step) % 20}",
                    "kind": kinds[(number + step) % 5],
                    "source": f"s{(number * 3 + step) % 11}",
                    "paragraph": 1 + (number + step) % 6,
                }
                for step in range(3)
            ],
        }
        for number in range(50)
    ]
    whole = gather(commitments, index)
    assert whole.dormant.count > ATTENTION_SHOWN and whole.overdue.count > ATTENTION_SHOWN

    def told(facts) -> tuple:
        return (
            facts.count,
            facts.statuses,
            facts.themes,
            facts.parties,
            facts.series,
            [item["id"] for item in facts.dormant.items()],
            facts.dormant.count,
            [item["id"] for item in facts.overdue.items()],
            facts.overdue.count,
            list(facts.cited.items()),
        )

    for cut in (0, 1, 17, 49, 50):
        first = gather(commitments[:cut], index)
        first.take_in(gather(commitments[cut:], index))
        assert told(first) == told(whole), cut
