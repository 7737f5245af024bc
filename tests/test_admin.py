"""The document admin page and the offline API docs, in a real headless Chromium that cannot reach the internet.

Chromium runs with every host name but 127.0.0.1 unresolvable, so a page that needed a CDN would
break here. Screenshots go to test-output/ (admin-*.png, docs-*.png).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.config import SAMPLE_CORPUS_DIR
from rag.pipeline import QAPipeline
from service.app import create_app

from .conftest import make_settings
from .test_widget import _free_port, _screenshot_path, _serve_app, chromium, js_errors

try:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - depends on the machine: chromium() skips the browser tests
    pass

ADMIN_KEY = "clerk-admin-key-0123456789"


@pytest.fixture(scope="module")
def offline_browser() -> Iterator:
    # No internet: every host but loopback fails to resolve.
    with chromium("admin", "1280,900", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1") as driver:
        yield driver


@pytest.fixture(scope="module")
def admin_api(tmp_path_factory, embedder, writer) -> Iterator[str]:
    root = tmp_path_factory.mktemp("admin")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("000_0bd37d7d743fadf3.txt", "001_472a90031f177f14.txt"):
        (corpus / name).write_bytes((SAMPLE_CORPUS_DIR / name).read_bytes())
    settings = make_settings(root / "data", api_keys=f"clerk:{ADMIN_KEY}:admin,portal:read-only-key-42")
    pipeline = QAPipeline(settings, embedder=embedder)
    pipeline.index_paths([corpus])
    with _serve_app(create_app(settings, pipeline=pipeline, writer=writer), _free_port()) as base:
        yield base
    pipeline.close()


def until(driver, condition, timeout: float = 60, message: str = ""):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException as exc:
        raise AssertionError(f"{message}; page shows: {driver.find_element(By.TAG_NAME, 'body').text[:800]!r}") \
            from exc


def rows(driver) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('#docs tbody tr')].map(r => r.innerText)")


def click_in_row(driver, row_text: str, button: str) -> None:
    """Click a row's button (in one script: the table is re-rendered after every change)."""
    driver.execute_script(
        "const row = [...document.querySelectorAll('#docs tbody tr')].find(r => r.innerText.includes(arguments[0]));"
        "[...row.querySelectorAll('button')].find(b => b.textContent === arguments[1]).click();", row_text, button)


def test_admin_page_lists_uploads_inspects_and_deletes(offline_browser, admin_api, tmp_path):
    driver = offline_browser
    driver.get(f"{admin_api}/admin")
    # Without a key the list is refused, with the reason.
    until(driver, lambda d: "密钥" in d.find_element(By.ID, "status").text, 30, "no refusal without a key")
    driver.find_element(By.ID, "key").send_keys("read-only-key-42")
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    until(driver, lambda d: "管理员" in d.find_element(By.ID, "status").text, 30, "a read key is not an admin")
    driver.find_element(By.ID, "key").send_keys(ADMIN_KEY)
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    until(driver, lambda d: len(rows(d)) == 2, 30, "the two documents are not listed")
    assert any("吉科发高〔2024〕74号" in r for r in rows(driver))
    assert "共 2 份" in driver.find_element(By.ID, "count").text
    driver.save_screenshot(str(_screenshot_path("admin-list.png")))

    good = tmp_path / "003_c810537c447ba574.txt"
    good.write_bytes((SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt").read_bytes())
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    # One bad file refuses the whole upload, and says which file and why.
    driver.find_element(By.ID, "files").send_keys(f"{good}\n{empty}")
    driver.find_element(By.CSS_SELECTOR, "#upload button").click()
    refused = until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results li.refused"), 60, "no refusal")
    assert "empty.txt" in refused[0].text and "empty" in refused[0].text
    assert len(rows(driver)) == 2
    driver.save_screenshot(str(_screenshot_path("admin-refused.png")))
    driver.find_element(By.ID, "files").send_keys(str(good))
    driver.find_element(By.CSS_SELECTOR, "#upload button").click()
    until(driver, lambda d: len(rows(d)) == 3, 120, "the upload did not appear")
    assert "已添加" in driver.find_element(By.ID, "results").text

    click_in_row(driver, "吉科发成", "查看")
    until(driver, lambda d: d.find_element(By.ID, "detail").is_displayed(), 30, "no detail")
    header = driver.find_element(By.ID, "header").text
    assert "吉科发成〔2024〕87号" in header and "孙俊奇" in header
    assert "关于“加快概念验证中心建设" in driver.find_element(By.ID, "tree").text
    passages = driver.find_elements(By.CSS_SELECTOR, "#passages li")
    assert len(passages) > 10 and any("近400万元" in p.text for p in passages)
    driver.save_screenshot(str(_screenshot_path("admin-detail.png")))

    driver.execute_script("window.confirm = function () { return true; };")
    click_in_row(driver, "吉科发成", "删除")
    until(driver, lambda d: len(rows(d)) == 2, 60, "the document was not deleted")
    assert not driver.find_element(By.ID, "detail").is_displayed()
    # The only console errors are the refusals the test provoked (401/403 without an admin key, 400 for the bad file).
    assert not [e for e in js_errors(driver) if not any(f"status of {s}" in e for s in (400, 401, 403))]


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".swagger-ui .opblock"), ("/redoc", ".api-content")])
def test_api_docs_render_without_internet(offline_browser, admin_api, path, ready):
    driver = offline_browser
    driver.get(f"{admin_api}{path}")
    found = until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ready), 60, f"{path} did not render")
    assert found and "/ask" in driver.find_element(By.TAG_NAME, "body").text
    driver.save_screenshot(str(_screenshot_path(f"docs-{path.strip('/')}.png")))
    # Nothing failed to load; ReDoc's Redocly logo (from its CDN) is stopped by the page's policy, not fetched.
    assert not [e for e in js_errors(driver) if "redoc.ly" not in e or "Content Security Policy" not in e]
