"""The pages of `eventcoder serve` in a real browser: Debian's chromium, headless, driven by
Selenium through the system chromedriver (`.ci/run` installs both; nothing is downloaded).

One server (the `eventcoder serve` command, on 127.0.0.1 and a free port) over `make demo`'s
database (examples/ ingested) plus an article made to try injecting script. The test loads the
home, an article, the pair and the events pages, clicks an event trigger and reads its `why`,
checks that no script from the XSS article runs on any page that shows it, and saves a PNG
screenshot of each page into its tmp_path (and into $EVENTCODER_SCREENSHOTS when set, as
docs/screenshots was made)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("EVENTCODER_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("EVENTCODER_CHROMEDRIVER", "/usr/bin/chromedriver"))
SCREENSHOTS_ENV = "EVENTCODER_SCREENSHOTS"
#: The scripts of the XSS article; each would set window.__xss if it ran.
XSS_TITLE = "<script>window.__xss=1</script> Armenia talks"
XSS_OUTLET = '"><img src=x onerror="window.__xss=2">'
XSS_URL = "javascript:window.__xss=3"
XSS_TEXT = ("Armenia criticised Russia on Tuesday. <script>window.__xss=1</script>\n\n"
            '"We will not go back," said Pashinyan. "><img src=x onerror="window.__xss=2">\n\n'
            'Read more at <a href="javascript:window.__xss=3">javascript:window.__xss=3</a>.')

_missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(_missing), reason=(
        f"no browser: {', '.join(_missing)} missing (apt-get install chromium chromium-driver; "
        ".ci/run installs them)")),
]

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _command(name: str) -> str:
    """The console script installed beside this Python (the venv's `eventcoder`)."""
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log

    def get(self, path: str, **params: Any) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.base}{path}{query}", timeout=30) as reply:
            return json.load(reply)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`eventcoder serve` over examples/ and the XSS article, ingested as `make demo` does."""
    where = tmp_path_factory.mktemp("browser-db")
    xss = where / "xss.json"
    xss.write_text(json.dumps({"id": "xss-1", "title": XSS_TITLE, "outlet": XSS_OUTLET,
                               "url": XSS_URL, "date": "2025-06-12", "text": XSS_TEXT}))
    url = f"sqlite:///{where / 'eventcoder.db'}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    ingested = subprocess.run([_command("eventcoder"), "ingest", "examples/", str(xss),
                               "--db", url], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=600)
    assert ingested.returncode == 0, ingested.stderr[-4000:]

    port = _free_port()
    log = where / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([_command("eventcoder"), "serve", "--db", url,
                                    "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = Server(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"eventcoder serve exited:\n{running.output()}"
            try:
                running.get("/api/articles", limit=1)
                break
            except OSError:
                assert time.monotonic() < deadline, f"no answer:\n{running.output()}"
                time.sleep(0.2)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--hide-scrollbars", "--no-first-run",
                "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def shots(tmp_path: Path) -> list[Path]:
    """Where screenshots go: the test's tmp_path, and $EVENTCODER_SCREENSHOTS when set."""
    folders = [tmp_path / "screenshots"]
    if os.environ.get(SCREENSHOTS_ENV):
        folders.append(Path(os.environ[SCREENSHOTS_ENV]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def screenshot(driver: webdriver.Chrome, folders: list[Path], name: str) -> None:
    """A PNG of the page from its top (its whole height, up to 1,600 pixels) in each folder."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(600, min(int(height) + 20, 1600)))
    driver.execute_script("window.scrollTo(0, 0)")
    png = driver.get_screenshot_as_png()
    driver.set_window_size(1280, 900)
    assert png.startswith(b"\x89PNG")
    for folder in folders:
        (folder / f"{name}.png").write_bytes(png)


def load(driver: webdriver.Chrome, server: Server, path: str) -> None:
    driver.get(f"{server.base}{path}")
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    assert driver.find_element(By.TAG_NAME, "main").is_displayed(), path
    title = driver.title
    assert "Internal" not in title and "Error" not in title, (path, title, server.output())


def no_script_ran(driver: webdriver.Chrome, page: str) -> None:
    assert driver.execute_script("return typeof window.__xss") == "undefined", page
    assert not driver.find_elements(By.CSS_SELECTOR, 'img[src="x"], img[onerror]'), page
    assert not driver.find_elements(By.CSS_SELECTOR, '[href^="javascript:" i]'), page


def article_with_events(server: Server) -> dict[str, Any]:
    for row in server.get("/api/articles", limit=50)["articles"]:
        record = server.get(f"/api/articles/{row['id']}")
        if record["events"] and "xss" not in (record["article"].get("origin") or ""):
            return {**record, "id": row["id"]}
    raise AssertionError("no demo article with an event")


def test_pages_in_a_browser(server: Server, browser: webdriver.Chrome,
                            shots: list[Path]) -> None:
    load(browser, server, "/")
    assert "articles" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, shots, "home")

    record = article_with_events(server)
    article_id = record["id"]
    load(browser, server, f"/articles/{article_id}")
    note = browser.find_element(By.ID, "note")
    assert not note.is_displayed()  # hidden until an item is chosen
    event = record["events"][0]
    trigger = browser.find_element(By.CSS_SELECTOR, f'#text a.trigger[href="#event-{event["id"]}"]')
    trigger.click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "note").is_displayed())
    shown = browser.find_element(By.ID, "note").text
    assert event["type"] in shown and event["why"].split()[0] in shown, shown
    assert " ".join(event["why"].split()) in " ".join(shown.split()), (shown, event["why"])
    screenshot(browser, shots, "article")

    load(browser, server, "/pair?" + urllib.parse.urlencode({"a": "Armenia", "b": "Russia"}))
    chart = browser.find_element(By.CSS_SELECTOR, "img.chart")
    assert chart.is_displayed() and chart.size["width"] > 300
    # the picture loaded (an image that failed has no natural width)
    assert browser.execute_script("return arguments[0].naturalWidth", chart) > 300
    screenshot(browser, shots, "pair")

    load(browser, server, "/events")
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(rows) > 3
    assert browser.find_elements(By.CSS_SELECTOR, 'main table a[href^="/articles/"]')
    no_script_ran(browser, "/events")
    screenshot(browser, shots, "events")


def test_no_script_from_an_article_runs(server: Server, browser: webdriver.Chrome,
                                        shots: list[Path]) -> None:
    [found] = [a for a in server.get("/api/articles", q="Armenia talks")["articles"]]
    load(browser, server, f"/articles/{found['id']}")
    no_script_ran(browser, "article")
    main = browser.find_element(By.TAG_NAME, "main").text
    # shown as text, not dropped and not run
    assert "<script>window.__xss=1</script>" in main
    assert 'onerror="window.__xss=2"' in main
    assert XSS_URL in main
    assert browser.title.startswith("<script>")
    for item in browser.find_elements(By.CSS_SELECTOR, "#text [data-note]"):
        item.click()  # the notes are set as text too
        no_script_ran(browser, "article after a click")
    screenshot(browser, shots, "xss-article")

    for path in ("/", "/search?q=Armenia+talks", "/events"):
        load(browser, server, path)
        no_script_ran(browser, path)
    time.sleep(0.5)  # an onerror fires after the load
    assert browser.execute_script("return typeof window.__xss") == "undefined"
