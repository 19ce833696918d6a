"""The step-through's page in a real Chromium at a projector's 1024×768 (issue 12).

One drawing serves every step, at one scale; the text is as large as the drawing's labels;
A− and A+ change both, and the choice outlives a reload. Uses conftest's ``browser``.
"""

import subprocess
import sys

import pytest

SCALE = """() => {
    const svg = document.querySelector(".picture svg");
    const box = svg.viewBox.baseVal;
    const shown = document.querySelector(".frame:not([hidden]) .text");
    return {
        scale: svg.getBoundingClientRect().width / box.width,
        label: parseFloat(document.body.dataset.labelPx),
        text: parseFloat(getComputedStyle(shown).fontSize),
        svgs: document.querySelectorAll("svg").length,
    };
}"""
SHOWN = """() => {
    const visible = (g) => getComputedStyle(g.querySelector("text")).visibility === "visible";
    return {
        now: [...document.querySelectorAll("g.node.now title")].map((t) => t.textContent),
        used: [...document.querySelectorAll("g.edge.used")].filter(visible)
            .map((g) => g.querySelector("text").textContent),
        labelled: [...document.querySelectorAll("g.edge text")]
            .filter((t) => getComputedStyle(t).visibility === "visible").length,
        texts: [...document.querySelectorAll("g.node text")]
            .filter((t) => getComputedStyle(t).visibility === "visible")
            .map((t) => t.textContent),
        counter: document.getElementById("counter").textContent,
    };
}"""


def write_page(tmp_path, *args):
    page = tmp_path / "steps.html"
    subprocess.run(
        [sys.executable, "-m", "demos.step_through", "--no-pause", "--html", str(page), *args],
        check=True, capture_output=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return page.as_uri()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.mark.parametrize("example", ["seed", "goodfellow"])
def test_one_scale_for_every_step_and_text_as_large_as_the_labels(tab, tmp_path, example):
    tab.goto(write_page(tmp_path, "--example", example))
    seen = []
    while True:
        seen.append(tab.evaluate(SCALE))
        if tab.is_disabled("#next"):
            break
        tab.keyboard.press("ArrowRight")
    assert len(seen) == {"seed": 14, "goodfellow": 12}[example]
    assert {s["svgs"] for s in seen} == {1}
    assert max(s["scale"] for s in seen) - min(s["scale"] for s in seen) < 1e-6  # fixed
    for s in seen:
        assert s["label"] >= 12  # the issue saw 7 px labels on the backward steps
        assert abs(s["text"] - s["label"]) < 0.1
        assert abs(s["label"] - 12 * s["scale"]) < 0.1  # the drawing's labels are 12 units


def test_a_backward_step_colours_its_node_and_labels_only_the_edges_it_uses(tab, tmp_path):
    tab.goto(write_page(tmp_path) + "#12")  # backward 5/7: grad_table[u_3] from u_7
    shown = tab.evaluate(SHOWN)
    assert shown["counter"] == "backward · 12 / 14"
    assert shown["now"] == ["v3"]
    assert shown["used"] == ["∂u₇/∂u₃ = 1"] and shown["labelled"] == 1
    assert "grad ?" in shown["texts"] and "grad 1" in shown["texts"]
    tab.keyboard.press("End")  # the last step: x, through the mul's switch
    shown = tab.evaluate(SHOWN)
    assert shown["now"] == ["v1"] and shown["used"] == ["∂u₃/∂x = -2"]
    assert "grad ?" not in shown["texts"] and "grad -2" in shown["texts"]
    tab.keyboard.press("Home")  # forward: no gradients yet, values only as far as computed
    shown = tab.evaluate(SHOWN)
    assert shown["now"] == ["v1"] and shown["labelled"] == 0
    assert not [t for t in shown["texts"] if t.startswith("grad")]
    assert shown["texts"].count("data ?") == 6 and "data 2" in shown["texts"]


def test_a_minus_and_a_plus_resize_both_and_are_remembered(tab, tmp_path):
    url = write_page(tmp_path)
    tab.goto(url)
    start = tab.evaluate(SCALE)
    tab.click("#larger")
    tab.click("#larger")
    larger = tab.evaluate(SCALE)
    assert larger["label"] == pytest.approx(start["label"] * 1.44, rel=1e-3)
    assert larger["text"] == pytest.approx(larger["label"], abs=0.1)
    tab.reload()
    assert tab.evaluate(SCALE)["label"] == pytest.approx(larger["label"], rel=1e-3)
    tab.keyboard.press("-")
    tab.keyboard.press("-")
    assert tab.evaluate(SCALE)["label"] == pytest.approx(start["label"], rel=1e-3)
