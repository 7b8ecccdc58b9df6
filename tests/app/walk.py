"""What every screen of the app must never show, checked on whatever the page shows now:
a JavaScript value leaking as text (`undefined`, `null`, `NaN`, `[object …]`, a lone
`true` or `false`), an English catalogue word in the German UI, a button whose words do
not fit it."""

import re

from playwright.sync_api import Page

from project.catalogue import app_words

# The visible text of the page, leaf by leaf, with the element it sits in; hidden
# elements (display: none, the hidden attribute, closed panels) are left out.
VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest("script, style, template, [hidden]")) continue;
    if (!parent.checkVisibility({ visibilityProperty: true })) continue;
    texts.push(text);
  }
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (!element.checkVisibility()) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      const value = element.getAttribute(name);
      if (value) texts.push(value.trim());
    }
  }
  return texts;
}"""

# Every visible button (and link styled as one) whose text is wider or taller than it.
CLIPPED = """() => [...document.querySelectorAll("button, a.button, .button, select")]
  .filter((node) => node.checkVisibility() && node.getClientRects().length)
  .filter((node) => node.scrollWidth > node.clientWidth + 1
    || node.scrollHeight > node.clientHeight + 1)
  .map((node) => `${node.tagName.toLowerCase()} "${node.textContent.trim().slice(0, 40)}"`
    + ` ${node.scrollWidth}>${node.clientWidth}`)"""

# Wider than the screen: something sticks out sideways.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wider = document.documentElement.scrollWidth - width;
  if (wider <= 0) return "";
  const out = [...document.querySelectorAll("main *")]
    .filter((node) => node.getBoundingClientRect().right > width + 0.5)
    .map((node) => `${node.tagName.toLowerCase()}.${node.className}`);
  return `${wider} px wider than the screen: ${out.slice(-3).join(", ")}`;
}"""

# A boolean appended as text shows as a line of its own: "false".
LEAKS = re.compile(r"\bundefined\b|\bnull\b|\bNaN\b|\[object |^(?:true|false)$")


def english_words() -> list[re.Pattern[str]]:
    """The app's English texts that German says differently, as whole-text patterns (a
    {placeholder} matches anything)."""
    english, german = app_words("en"), app_words("de")
    patterns: list[re.Pattern[str]] = []
    for key, text in english.items():
        variants = text if isinstance(text, list) else [text]
        other = german[key] if isinstance(german[key], list) else [german[key]]
        for word, translated in zip(variants, other, strict=True):
            if word == translated or len(re.sub(r"\{\w+\}", "", word).strip()) < 3:
                continue
            pattern = re.escape(word)
            pattern = re.sub(r"\\\{\w+\\\}", ".+", pattern)
            pattern = re.sub(r"\{\w+\}", ".+", pattern)
            patterns.append(re.compile(f"^{pattern}$"))
    return patterns


def problems(page: Page, language: str, where: str) -> list[str]:
    """What is wrong with the screen shown now, each saying where."""
    found: list[str] = []
    texts = page.evaluate(VISIBLE_TEXTS)
    found += [f"{where}: shows {text!r}" for text in texts if LEAKS.search(text)]
    if language == "de":
        english = english_words()
        found += [
            f"{where}: English {text!r}"
            for text in texts
            if any(pattern.match(text) for pattern in english)
        ]
    found += [f"{where}: clipped {button}" for button in page.evaluate(CLIPPED)]
    wider = page.evaluate(OVERFLOW)
    if wider:
        found.append(f"{where}: {wider}")
    return found
