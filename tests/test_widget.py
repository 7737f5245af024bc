"""The portal widget (GET /widget.js, GET /embed) driven in a real headless Chromium.

The real app runs under uvicorn on a loopback port; a second tiny server on another loopback port plays
the portal, so the widget runs cross-origin (the API allows the portal origin in RAG_CORS_ORIGINS)
with API keys on and a short-lived token that the "portal backend" minted with its key.

Needs Chromium, its driver and Selenium: ``apt-get install -y chromium chromium-driver`` and
``pip install selenium`` (no browser download ever happens). Skipped, with the reason, without them.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import uvicorn

from rag.config import REPO_ROOT
from service.app import create_app
from tests.conftest import make_settings

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver import ActionChains
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - depends on the machine
    webdriver = None


API_KEY = "portal-backend-key-0123456789"
QUESTION = "概念验证花了多少钱？"
ANSWER = "近400万元"
TITLE = "对省政协十三届二次会议第2024W218号委员提案的答复"
DOC_NUMBER = "吉科发成〔2024〕87号"
SECTION = "二、关于“加快概念验证中心建设"
SCREENSHOTS = REPO_ROOT / "test-output"


# -- servers ------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve_app(app, port: int) -> Iterator[str]:
    """The real app under uvicorn in a background thread, on 127.0.0.1:port."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive(), "uvicorn exited during startup"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


class Portal:
    """A stand-in intranet portal on its own origin: pages by path, plus a token endpoint like a real
    portal backend would have (it mints a short-lived token with its API key for the signed-in user)."""

    def __init__(self, port: int) -> None:
        self.origin = f"http://127.0.0.1:{port}"
        self.pages: dict[str, str] = {}
        self.mint: Callable[[], dict] | None = None
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/portal-token" and portal.mint is not None:
                    body, ctype = json.dumps(portal.mint()).encode(), "application/json"
                elif self.path in portal.pages:
                    body, ctype = portal.pages[self.path].encode(), "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="portal", daemon=True)

    def page(self, path: str, script_tag: str) -> str:
        """A portal page with hostile CSS around the widget's script tag; returns its URL."""
        self.pages[path] = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>门户网站</title><link rel="icon" href="data:,">
<style>
  body {{ margin: 0; font: 12px/1 serif; color: #a00; background: #f3f1ec; }}
  * {{ letter-spacing: 3px; }}
  button {{ background: lime; border: 5px solid red; }}
  header {{ background: #b31b1b; color: #fff; padding: 18px 32px; font: bold 22px/1.4 sans-serif; }}
  main {{ padding: 24px 32px; line-height: 1.8; font-size: 15px; color: #333; }}
</style></head>
<body><header>某省人民政府 · 政务服务门户</header>
<main><h1>政策文件库</h1><p>本站提供政府公文查询服务。右下角可打开“政策问答”。</p></main>
{script_tag}
</body></html>"""
        return self.origin + path

    def __enter__(self) -> Portal:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    with Portal(_free_port()) as portal:
        yield portal


@pytest.fixture(scope="module")
def api(tmp_path_factory, pipeline, portal) -> Iterator[str]:
    """The real app with keys on and the portal's origin in the CORS allowlist."""
    settings = make_settings(tmp_path_factory.mktemp("widget"), api_keys=f"portal:{API_KEY}",
                             cors_origins=portal.origin, token_secret="widget-test-secret-0123456789")
    with _serve_app(create_app(settings, pipeline=pipeline), _free_port()) as base:
        yield base


@pytest.fixture(scope="module")
def limited_api(tmp_path_factory, pipeline, portal) -> Iterator[str]:
    """Keys off, one request a minute: the second question is refused with 429."""
    settings = make_settings(tmp_path_factory.mktemp("limited"), cors_origins=portal.origin, rate_limit_per_minute=1)
    with _serve_app(create_app(settings, pipeline=pipeline), _free_port()) as base:
        yield base


def script_tag(src: str, defer: bool = True, **data: str) -> str:
    """``<script src=... data-*=...>`` as a portal page writes it (token_url= becomes data-token-url=)."""
    attrs = "".join(f' data-{name.replace("_", "-")}="{value}"' for name, value in data.items())
    return f'<script src="{src}"{attrs}{" defer" if defer else ""}></script>'


def mint_token(api: str, origin: str, user: str = "张三", ttl: int = 600) -> dict:
    """What the portal backend does for its signed-in user: POST /auth/token with its API key, for the
    origin the widget runs on (the portal's, or the API's own for /embed)."""
    response = httpx.post(f"{api}/auth/token", json={"user": user, "ttl_seconds": ttl, "origin": origin},
                          headers={"Authorization": f"Bearer {API_KEY}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


# -- browser ------------------------------------------------------------------------------------
@contextlib.contextmanager
def chromium(name: str, window: str, *extra: str) -> Iterator:
    """Headless Chromium with a profile of its own, driven by the installed chromedriver (an explicit driver
    and browser: Selenium Manager has nothing to look up or download); ``extra`` switches are added."""
    if webdriver is None or CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("needs selenium, chromium and chromedriver (make test installs them)")
    profile = tempfile.mkdtemp(prefix=f"{name}-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--window-size={window}", "--lang=zh-CN", f"--user-data-dir={profile}", *extra):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium("widget", "1280,860", "--disable-extensions") as driver:
        yield driver


def wait(driver, condition: Callable, timeout: float = 60, message: str = ""):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException as exc:
        state = driver.execute_script(
            "var h=document.querySelector('[data-rag-widget]');"
            "return h && h.shadowRoot ? h.shadowRoot.querySelector('.rw').innerText : 'no widget';")
        raise AssertionError(f"{message or 'timed out'}; widget shows: {state!r}") from exc


def widget(driver):
    """The widget's shadow root (the host is added to the portal page by the script)."""
    host = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-rag-widget]"), 30, "widget not mounted")[0]
    return host.shadow_root


def ask(driver, root, question: str) -> None:
    box = root.find_element(By.CSS_SELECTOR, ".rw-input")
    box.click()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)


def last_reply(root):
    """The last finished bot message (aria-busy=false), or None."""
    done = root.find_elements(By.CSS_SELECTOR, '.rw-bot[aria-busy="false"]')
    return done[-1] if done else None


def error_text(root) -> str:
    errors = root.find_elements(By.CSS_SELECTOR, ".rw-error")
    return errors[-1].text if errors else ""


def js_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def inner_text(driver, element) -> str:
    return driver.execute_script("return arguments[0].textContent", element)


# -- tests --------------------------------------------------------------------------------------
def test_widget_js_and_embed_are_public_and_cacheable(api, portal):
    js = httpx.get(f"{api}/widget.js")  # keys are on, and no credentials are sent
    assert js.status_code == 200
    assert js.headers["content-type"].startswith("application/javascript")
    assert "max-age=" in js.headers["cache-control"] and js.headers["etag"]
    code = js.text.split("*/", 1)[1]  # past the usage comment: no URL but the SVG namespace, so no CDN
    assert "RagWidget" in code and re.findall(r"https?://[^\s\"']+", code) == ["http://www.w3.org/2000/svg"]
    assert httpx.get(f"{api}/widget.js", headers={"If-None-Match": js.headers["etag"]}).status_code == 304
    assert httpx.head(f"{api}/widget.js").status_code == 200 and httpx.head(f"{api}/embed").status_code == 200

    page = httpx.get(f"{api}/embed")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="widget.js"' in page.text and 'data-mode="embed"' in page.text
    csp = page.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {portal.origin}" in csp and "connect-src 'self'" in csp
    assert httpx.post(f"{api}/chat", json={"messages": [{"role": "user", "content": QUESTION}]}).status_code == 401


def test_portal_widget_answers_with_citations_and_opens_the_cited_passage(browser, api, portal):
    token = mint_token(api, portal.origin)["token"]
    # Exactly the tag a portal writes.
    url = portal.page("/", f'<script src="{api}/widget.js" data-token="{token}" data-title="政策问答" defer></script>')
    browser.get(url)
    root = widget(browser)

    # The launcher opens the panel and puts the focus in the question box.
    launcher = root.find_element(By.CSS_SELECTOR, ".rw-launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    panel = root.find_element(By.CSS_SELECTOR, ".rw-panel")
    assert panel.is_displayed() and launcher.get_attribute("aria-expanded") == "true"
    assert root.find_element(By.CSS_SELECTOR, ".rw-title").text == "政策问答"
    # The portal's CSS does not reach inside: the widget keeps its own CJK font stack and buttons.
    style = browser.execute_script(
        "var s=getComputedStyle(arguments[0]);return [s.fontFamily, s.letterSpacing, s.lineHeight];",
        root.find_element(By.CSS_SELECTOR, ".rw-hint"))
    assert style[0].startswith('"PingFang SC"') and "Noto Sans CJK SC" in style[0]
    assert style[1] != "3px" and float(style[2].removesuffix("px")) > 20
    send_bg = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor",
                                     root.find_element(By.CSS_SELECTOR, ".rw-send"))
    assert send_bg != "rgb(0, 255, 0)"

    ask(browser, root, QUESTION)
    reply = wait(browser, lambda d: last_reply(root), 90, "no finished reply")
    text = reply.find_element(By.CSS_SELECTOR, ".rw-reply").text
    assert ANSWER in text and "[1]" in text, text
    assert not error_text(root)
    assert root.find_element(By.CSS_SELECTOR, ".rw-user").text == QUESTION
    # Citations are buttons; the sources are listed by number with title and 文号.
    cites = reply.find_elements(By.CSS_SELECTOR, ".rw-reply .rw-cite")
    assert cites and cites[0].text == "[1]" and cites[0].get_attribute("aria-label").startswith("查看来源 1")
    sources = reply.find_elements(By.CSS_SELECTOR, ".rw-sources .rw-src")
    assert len(sources) == 5 and TITLE in sources[0].text and DOC_NUMBER in sources[0].text
    assert "{" not in reply.text  # never raw JSON

    browser.save_screenshot(str(_screenshot_path("widget-chat.png")))

    cites[0].click()
    viewer = root.find_element(By.CSS_SELECTOR, ".rw-viewer")
    mark = wait(browser, lambda d: root.find_elements(By.CSS_SELECTOR, ".rw-doc-text mark"), 30, "no <mark>")[0]
    assert viewer.is_displayed()
    assert inner_text(browser, mark) == ANSWER
    assert inner_text(browser, root.find_element(By.CSS_SELECTOR, ".rw-doc-title")) == TITLE
    assert inner_text(browser, root.find_element(By.CSS_SELECTOR, ".rw-docno")) == DOC_NUMBER
    assert SECTION in inner_text(browser, root.find_element(By.CSS_SELECTOR, ".rw-section-path"))
    passage = root.find_element(By.CSS_SELECTOR, ".rw-doc-text .rw-passage")
    assert ANSWER in inner_text(browser, passage) and len(inner_text(browser, passage)) > 50
    # The mark was scrolled into view inside the viewer, and the portal page itself did not scroll.
    visible = browser.execute_script(
        "var m=arguments[0].getBoundingClientRect(), b=arguments[1].getBoundingClientRect();"
        "return m.top >= b.top && m.bottom <= b.bottom && window.scrollY === 0;",
        mark, root.find_element(By.CSS_SELECTOR, ".rw-doc-scroll"))
    assert visible
    for part in (".rw-doc-title", ".rw-docno", ".rw-section-path"):  # and the header stays in view
        assert root.find_element(By.CSS_SELECTOR, part).is_displayed()
    assert root.find_element(By.CSS_SELECTOR, ".rw-back").get_attribute("aria-label") == "返回对话"
    path = _screenshot_path("widget.png")
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000

    # Escape closes the viewer and gives the focus back to the citation; a second Escape closes the panel.
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait(browser, lambda d: not viewer.is_displayed(), 10, "viewer did not close")
    assert browser.execute_script("return arguments[0].shadowRoot.activeElement.textContent",
                                  browser.find_element(By.CSS_SELECTOR, "[data-rag-widget]")) == "[1]"
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait(browser, lambda d: not panel.is_displayed(), 10, "panel did not close")
    assert js_errors(browser) == []


def test_follow_up_sends_the_conversation(browser, api, portal):
    """The second question goes out with the first turn, so a short follow-up is understood."""
    token = mint_token(api, portal.origin)["token"]
    browser.get(portal.page("/follow-up", script_tag(f"{api}/widget.js", token=token, open="true")))
    root = widget(browser)
    ask(browser, root, QUESTION)
    wait(browser, lambda d: last_reply(root), 90, "no first reply")
    browser.execute_script("""
        var calls = window.__sent = [];
        var orig = window.fetch;
        window.fetch = function (url, init) {
            if (init && init.body) { calls.push(JSON.parse(init.body)); }
            return orig.apply(this, arguments);
        };
    """)
    ask(browser, root, "支持了几个项目？")
    wait(browser, lambda d: len(root.find_elements(By.CSS_SELECTOR, '.rw-bot[aria-busy="false"]')) == 2, 90,
         "no second reply")
    body = browser.execute_script("return window.__sent[0]")
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
    assert body["stream"] is True and body["messages"][1]["content"].startswith("答案")
    assert not error_text(root)


def test_token_from_the_portal_backend_and_401_when_it_is_bad(browser, api, portal):
    # A bad or expired token: a clear message, no JSON, and the question as typed (as text, not HTML).
    browser.get(portal.page("/bad", script_tag(f"{api}/widget.js", token="v1.expired.token", open="true")))
    root = widget(browser)
    ask(browser, root, "<b>测试</b>")
    wait(browser, lambda d: error_text(root), 30, "no error shown")
    assert "需要登录/令牌已过期" in error_text(root) and "{" not in error_text(root)
    assert root.find_element(By.CSS_SELECTOR, ".rw-user").text == "<b>测试</b>"
    assert not root.find_elements(By.CSS_SELECTOR, ".rw-user b")

    # data-token-url: the widget fetches its token from the portal backend (same origin as the page).
    portal.mint = lambda: mint_token(api, portal.origin, user="李四", ttl=120)
    browser.get(portal.page("/token-url", script_tag(f"{api}/widget.js", token_url="/portal-token")))
    root = widget(browser)
    browser.execute_script("RagWidget.ask(arguments[0])", QUESTION)
    reply = wait(browser, lambda d: last_reply(root), 90, "no reply with a token from data-token-url")
    assert ANSWER in reply.text
    # setToken() replaces the token: a bad one (and no way to refresh it) gives the 401 message again.
    browser.execute_script("RagWidget.setToken('v1.bad.token')")
    portal.mint = None
    ask(browser, root, QUESTION)
    wait(browser, lambda d: error_text(root), 30, "no error after setToken")
    assert "需要登录/令牌已过期" in error_text(root)


def test_rate_limit_shows_retry_after(browser, limited_api, portal):
    browser.get(portal.page("/limited", script_tag(f"{limited_api}/widget.js", defer=False, open="true")))
    root = widget(browser)
    ask(browser, root, QUESTION)
    wait(browser, lambda d: last_reply(root), 90, "no first reply")
    ask(browser, root, QUESTION)
    wait(browser, lambda d: error_text(root), 30, "no 429 message")
    message = error_text(root)
    assert "请求过于频繁，请稍后再试" in message and "秒后" in message, message
    assert root.find_element(By.CSS_SELECTOR, ".rw-retry").text == "重试"


def test_network_error_is_readable(browser, api, portal):
    dead = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    browser.get(portal.page("/offline", script_tag(f"{api}/widget.js", api_base=dead, open="true")))
    root = widget(browser)
    ask(browser, root, QUESTION)
    wait(browser, lambda d: error_text(root), 30, "no network error shown")
    assert "无法连接到问答服务" in error_text(root)


def test_embed_page_in_an_iframe_sized_window(browser, api):
    """/embed: the same box as a page; token from the fragment (then dropped from the URL); strict CSP."""
    token = mint_token(api, api)["token"]
    browser.set_window_size(420, 760)
    try:
        browser.get(f"{api}/embed#token={token}")
        root = widget(browser)
        assert "token" not in browser.current_url
        panel = root.find_element(By.CSS_SELECTOR, ".rw-panel")
        assert panel.is_displayed() and not root.find_elements(By.CSS_SELECTOR, ".rw-launcher")
        assert panel.rect["width"] >= browser.execute_script("return window.innerWidth") - 2
        header_bg = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor",
                                           root.find_element(By.CSS_SELECTOR, ".rw-header"))
        assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent")  # styles applied under the CSP
        ask(browser, root, QUESTION)
        reply = wait(browser, lambda d: last_reply(root), 90, "no reply in /embed")
        assert ANSWER in reply.text
        reply.find_element(By.CSS_SELECTOR, ".rw-src").click()
        mark = wait(browser, lambda d: root.find_elements(By.CSS_SELECTOR, ".rw-doc-text mark"), 30, "no <mark>")[0]
        assert inner_text(browser, mark) == ANSWER
        browser.save_screenshot(str(_screenshot_path("widget-embed-narrow.png")))
        assert not [e for e in js_errors(browser) if "Content Security Policy" in e or "Refused" in e]
    finally:
        browser.set_window_size(1280, 860)


def _screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / name
