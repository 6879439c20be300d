"""适老化, measured in Chromium on every page kind of the demo at 375 px.

The yardstick is the MIIT rules for websites (2021) and GB/T 37668: tappable
elements at least 44 × 44 px (60 × 60 in the elders' mode), main text at least
18 px with line spacing at least 1.3.
"""

from __future__ import annotations

import pytest

from .test_accessibility import PAGES

pytestmark = pytest.mark.browser

# Every visible tappable element outside running text, with its size. An inline link
# inside a sentence (a paragraph, an article's text) may stay the size of its words,
# as WCAG 2.5.8 allows; everything else a finger must hit.
MEASURE = """(least) => {
  const TAPPABLE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label.md-header__button';
  const RUNNING = 'p, dd, blockquote, .gy-provision__text';
  function inRunningText(el) {
    const block = el.closest(RUNNING);
    if (!block) return false;
    const own = el.textContent.trim().length;
    return block.textContent.replace(/\\s+/g, '').length - own >= 6;
  }
  const small = [];
  for (const el of document.querySelectorAll(TAPPABLE)) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    if (r.right <= 0 || r.left >= innerWidth) continue;  // an off-canvas drawer
    if (el.closest('[hidden], [aria-hidden=true], .md-search, .md-sidebar')) continue;
    if (el.matches('a.md-skip') || inRunningText(el)) continue;
    if (r.width < least - 0.5 || r.height < least - 0.5) {
      small.push(`${el.tagName.toLowerCase()}.${el.className} “${el.textContent.trim().slice(0, 12)}” ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}"""

TEXT = """() => {
  const found = [];
  for (const p of document.querySelectorAll('.gy p, .md-content p, .gy li, .gy td, .gy-standalone main p, .gy-standalone main li')) {
    const style = getComputedStyle(p);
    if (!p.textContent.trim() || p.closest('[hidden], .gy-qr, footer, .gy-sr-only')) continue;
    const size = parseFloat(style.fontSize);
    const line = style.lineHeight === 'normal' ? size * 1.2 : parseFloat(style.lineHeight);
    found.push([p.className || p.tagName, size, line / size]);
  }
  return found;
}"""


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_tappable_element_is_at_least_44_px(phone, served, url):
    phone.goto(served + url)
    assert phone.evaluate(MEASURE, 44) == []


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_main_text_is_at_least_18_px_with_spacing_of_1_3(phone, served, url):
    phone.goto(served + url)
    measured = phone.evaluate(TEXT)
    assert measured, "no text measured"
    small = [
        (kind, size, round(spacing, 2))
        for kind, size, spacing in measured
        if size < 18 - 0.01 or spacing < 1.3
    ]
    assert small == []


def test_large_mode_enlarges_type_and_targets_and_stays_on(chromium, served):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    url = served + PAGES["charter"]
    page.goto(url)
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gy p')).fontSize)")
    button = page.get_by_role("button", name="大字")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert page.evaluate("document.documentElement.classList.contains('gy-large')")
    assert page.get_by_role("button", name="标准字").get_attribute("aria-pressed") == "true"
    for kind, address in PAGES.items():
        page.goto(served + address)  # remembered on every page, the standalone ones too
        assert page.evaluate("document.documentElement.classList.contains('gy-large')"), kind
        assert page.evaluate(MEASURE, 60) == [], kind
    page.goto(url)
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gy p')).fontSize)")
    assert large >= normal * 1.15 and large >= 21
    page.get_by_role("button", name="标准字").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('gy-large')")
    context.close()


# A speech engine the test can hear and move on: Chromium here has no voices of its own.
# Each piece is "spoken" until the test ends it (window.__current.onend()).
FAKE_SPEECH = """(voices) => {
  window.__spoken = []; window.__calls = [];
  const synth = {
    getVoices: () => voices.map((lang) => ({ lang, name: 'test ' + lang })),
    speak(u) { window.__spoken.push(u.text + '|' + u.lang); window.__current = u; },
    pause() { window.__calls.push('pause'); },
    resume() { window.__calls.push('resume'); },
    cancel() { window.__calls.push('cancel'); },
    addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}"""


def reader_page(chromium, voices: list[str]):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.add_init_script(f"({FAKE_SPEECH})({voices!r})")
    return context, page


def test_read_aloud_reads_the_articles_in_order_with_pause_and_continue(chromium, served):
    context, page = reader_page(chromium, ["en-US", "zh-CN"])
    page.goto(served + PAGES["charter"])
    read = page.locator(".gy-tools__read")
    assert read.is_visible() and read.inner_text() == "朗读"
    read.click()
    for _ in range(8):
        page.evaluate("window.__current.onend()")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0].startswith("新鸿社区居民公约") and spoken[0].endswith("|zh-CN")
    articles = [s for s in spoken if s.startswith("第") and "条" in s[:6]]
    assert articles[0].startswith("第一条") and articles[1].startswith("第二条")
    assert read.inner_text() == "暂停"
    read.click()
    assert read.inner_text() == "继续" and page.evaluate("window.__calls") == ["pause"]
    read.click()
    assert read.inner_text() == "暂停" and page.evaluate("window.__calls")[-1] == "resume"
    page.locator(".gy-tools__stop").click()
    assert read.inner_text() == "朗读" and page.evaluate("window.__calls")[-1] == "cancel"
    context.close()


def test_traditional_pages_are_read_in_a_traditional_voice(chromium, served):
    context, page = reader_page(chromium, ["zh-CN", "zh-TW"])
    page.goto(served + PAGES["charter"])
    page.get_by_role("button", name="繁體版").click()
    page.wait_for_function("document.querySelector('main h1').textContent.includes('新鴻')")
    page.reload()  # the voice is chosen as the page opens: in Traditional, remembered
    page.wait_for_function("document.querySelector('main h1').textContent.includes('新鴻')")
    page.locator(".gy-tools__read").click()
    first = page.evaluate("window.__spoken[0]")
    assert first.startswith("新鴻社區居民公約") and first.endswith("|zh-TW")
    context.close()


def test_read_aloud_is_hidden_without_a_chinese_voice(chromium, served):
    context, page = reader_page(chromium, ["en-US", "fr-FR"])
    page.goto(served + PAGES["charter"])
    assert not page.locator(".gy-tools__read").is_visible()
    assert page.get_by_role("button", name="大字").is_visible()
    context.close()


FANGLIN = "qingyang/fanglinlu/jumin-gongyue/"


def test_any_two_of_five_versions_can_be_compared_from_the_history_page(phone, served):
    phone.goto(served + FANGLIN + "history/")
    options = phone.locator(".gy-pairs select[name=old] option").all_inner_texts()
    newer = phone.locator(".gy-pairs select[name=new] option").all_inner_texts()
    versions = sorted(set(options) | set(newer))
    assert len(versions) >= 5
    pairs = [(a, b) for i, a in enumerate(versions) for b in versions[i + 1 :]]
    assert len(pairs) >= 10
    for old, new in pairs:  # every pair leads to a page comparing exactly those two
        phone.goto(served + FANGLIN + "history/")
        phone.select_option(".gy-pairs select[name=old]", label=old)
        phone.select_option(".gy-pairs select[name=new]", label=new)
        phone.get_by_role("button", name="对照", exact=True).click()
        phone.wait_for_load_state()
        heading = phone.locator("h1").inner_text()
        assert old.removesuffix(" 版") in heading + phone.locator(".gy").inner_text()
        assert new.removesuffix(" 版") in heading + phone.locator(".gy").inner_text()
        assert "/history/" not in phone.url


def test_the_picker_takes_the_two_versions_in_either_order(phone, served):
    phone.goto(served + FANGLIN + "history/")
    phone.select_option(".gy-pairs select[name=old]", label="2025-05-17 版")
    phone.select_option(".gy-pairs select[name=new]", label="2020-12-05 版")
    phone.get_by_role("button", name="对照", exact=True).click()
    phone.wait_for_url("**/2025-05-17/changes/")  # consecutive: the version's own 对照
    phone.goto(served + FANGLIN + "history/")
    phone.select_option(".gy-pairs select[name=old]", label="2025-11-08 版")
    phone.select_option(".gy-pairs select[name=new]", label="2025-11-08 版")
    phone.get_by_role("button", name="对照", exact=True).click()
    assert phone.locator(".gy-pairs__answer").inner_text() == "请选两个不同的版本。"
