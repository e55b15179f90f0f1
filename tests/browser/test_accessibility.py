"""Accessibility of the main pages, measured in the browser as rendered: one h1 and headings
that do not skip a level, the main landmark and labelled navigation, a label for every form
control, unique ids, text contrast of at least 4.5:1 (3:1 for large text) against the
background it is drawn on, and a keyboard user's first Tab reaching the skip link."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from glienicke.services.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in

PAGES = [
    "/",
    "/?as_of=1941-02-21",
    "/cases",
    "/cases/new",
    "/cases/gorin?as_of=1941-02-21",
    "/cases/ivanov",
    "/proposals/gorin-1941",
    "/proposals/ivanov-1964",
    "/persons",
    "/persons/gorin",
    "/offices",
    "/offices/us-secretary-of-state",
    "/documents",
    "/documents?q=Gorin",
    "/documents/telegram-342-1941-03",
    "/import",
    "/mentions",
]

# Run in the page: what a checker of the rendered page finds wrong, one line each.
AUDIT = """
() => {
  const problems = [];
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
  };
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 headings`);
  let last = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) problems.push(`heading "${h.textContent.trim()}" skips from h${last} to h${level}`);
    last = level;
  }
  if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one main');
  for (const nav of document.querySelectorAll('nav')) {
    if (!nav.getAttribute('aria-label')) problems.push('a nav without aria-label');
  }
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.type === 'submit') continue;
    const named = el.labels.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named) problems.push(`a ${el.tagName.toLowerCase()} named "${el.name}" has no label`);
  }
  const seen = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    if (seen.has(el.id)) problems.push(`id "${el.id}" is used twice`);
    seen.add(el.id);
  }
  const rgb = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(',').map(Number);
    return {r, g, b, a: a === undefined ? 1 : a};
  };
  const luminance = ({r, g, b}) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0.5) return colour;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const reported = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el) || reported.has(el)) continue;
    if (el.closest('svg')) continue;
    const style = getComputedStyle(el);
    const fg = rgb(style.color);
    if (!fg) continue;
    const bg = background(el);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      reported.add(el);
      problems.push(`contrast ${ratio.toFixed(2)} for "${node.textContent.trim().slice(0, 40)}" (${style.color} on rgb(${bg.r}, ${bg.g}, ${bg.b}))`);
    }
  }
  return problems;
}
"""


@pytest.fixture
def negotiator(page: Page, demo_server: str) -> Page:
    """demo-negotiator sees both compartments, so every page has its content."""
    sign_in(page, demo_server, "demo-negotiator", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    return page


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_main_pages_pass_the_accessibility_checks(
    negotiator: Page, demo_server: str, width: int
) -> None:
    page = negotiator
    page.set_viewport_size({"width": width, "height": 900})
    found: dict[str, Any] = {}
    for path in PAGES:
        answer = page.goto(demo_server + path)
        assert answer is not None and answer.status == 200, path
        problems = page.evaluate(AUDIT)
        if problems:
            found[path] = problems
    assert found == {}


def test_the_first_tab_reaches_the_skip_link_and_it_moves_to_the_content(
    negotiator: Page, demo_server: str
) -> None:
    page = negotiator
    page.goto(demo_server + "/cases/gorin")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_the_checker_finds_each_kind_of_fault(page: Page) -> None:
    page.set_content(
        """<html><body><nav></nav><main><h1>One</h1><h1>Two</h1><h4>Deep</h4>
        <p style="color:#aaaaaa;background:#ffffff">faint text</p>
        <input name="nameless"><span id="twice"></span><span id="twice"></span></main>
        </body></html>"""
    )
    problems = "\n".join(page.evaluate(AUDIT))
    assert "2 h1 headings" in problems
    assert "skips from h1 to h4" in problems
    assert "a nav without aria-label" in problems
    assert 'named "nameless" has no label' in problems
    assert 'id "twice" is used twice' in problems
    assert 'for "faint text"' in problems
