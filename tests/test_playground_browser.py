"""The playground's page in a real Chromium, driven as a user drives it, through the
``data-test`` hooks of DESIGN.md.

The ``browser`` fixture (conftest.py) is Debian's ``chromium`` under Playwright; where there
is none these tests skip and say why, unless GRADTABLE_REQUIRE_BROWSER is set.
"""

import json
import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 15_000  # ms: the longest any one wait may take


@pytest.fixture(scope="module")
def server():
    """A real server on a free port, as a user starts it; its URL."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "demos.playground", "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    lines = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=30)
    except queue.Empty:
        first = ""
    match = re.fullmatch(r"gradtable playground at (http://\S+/)\n", first)
    if not match:
        process.kill()
        pytest.fail(f"the server's first line was {first!r}; stderr: {process.stderr.read()}")
    yield match.group(1)
    process.terminate()
    process.wait(timeout=10)


class Page:
    """A tab on the playground, with what it requested and any script error it hit."""

    def __init__(self, context, url, hash=""):
        self.url = url
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.open(hash)

    def open(self, hash=""):
        self.page.goto(self.url + hash)
        self.page.wait_for_function(
            "/^\\d+\\.\\d+$/.test(document.querySelector('[data-test=loss-train]').textContent)"
        )

    def hook(self, name):
        return self.page.locator(f"[data-test={name}]")

    def text(self, name):
        return self.hook(name).first.text_content()

    def number(self, name):
        return float(self.text(name))

    def wait_text(self, name, predicate):
        """Wait until the hook's text passes ``predicate`` (a JS expression on ``t``)."""
        self.page.wait_for_function(
            f"(() => {{ const t = document.querySelector('[data-test={name}]').textContent; "
            f"return {predicate}; }})()"
        )

    def enter(self, name, text):
        self.hook(name).fill(text)
        self.hook(name).press("Enter")

    def neurons(self):
        return self.hook("neuron").count()

    def wait_neurons(self, count):
        self.page.wait_for_function(f"document.querySelectorAll('[data-test=neuron]').length === {count}")

    def picture(self, name):
        """The pixels of canvas hook ``name`` as a data URL."""
        return self.page.eval_on_selector(f"[data-test={name}]", "c => c.toDataURL()")

    def edge_strokes(self):
        """Each edge's colour and width."""
        return self.page.eval_on_selector_all(
            "path[data-edge]", "ps => ps.map(p => `${p.getAttribute('stroke')} ${p.getAttribute('stroke-width')}`)"
        )


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def tab(context, server):
    """A fresh page; afterwards, it hit no script error and asked nothing of any other host."""
    page = Page(context, server)
    yield page
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(server)] == []


# -- a new page, and training ---------------------------------------------------------------


def test_a_new_page_starts_paused_at_epoch_0_with_both_losses(tab):
    assert tab.text("epoch") == "0"
    assert tab.number("loss-train") > 0 and tab.number("loss-test") > 0
    assert "Play" in tab.text("play")
    assert tab.text("error") == ""
    assert tab.neurons() == 6  # the default hidden layers 4,2
    assert "hidden=4,2" in tab.page.url


def test_play_raises_the_epoch_and_lowers_the_loss_and_space_pauses(tab):
    start = tab.number("loss-train")
    tab.hook("play").click()
    tab.wait_text("epoch", "Number(t) >= 15")
    tab.page.keyboard.press("Space")  # pauses, as the play button does
    tab.wait_text("play", "t.includes('Play')")
    paused_at = tab.text("epoch")
    tab.page.wait_for_timeout(300)
    assert tab.text("epoch") == paused_at
    assert tab.number("loss-train") < start
    tab.page.keyboard.press("Space")
    tab.wait_text("play", "t.includes('Pause')")
    tab.hook("play").click()


def test_step_adds_exactly_one_epoch_and_reset_returns_to_the_start(tab):
    start = tab.text("loss-train")
    tab.hook("step").click()
    tab.wait_text("epoch", "t === '1'")
    tab.hook("step").click()
    tab.wait_text("epoch", "t === '2'")
    tab.page.keyboard.press("ArrowRight")
    tab.wait_text("epoch", "t === '3'")
    assert tab.text("loss-train") != start
    tab.hook("reset").click()
    tab.wait_text("epoch", "t === '0'")
    assert tab.text("loss-train") == start
    tab.hook("hidden").press("ArrowRight")  # typing in a field does not step
    tab.page.wait_for_timeout(200)
    assert tab.text("epoch") == "0"


# -- the configuration ------------------------------------------------------------------------


def test_hidden_layers_change_the_neurons_and_their_heat_maps_redraw(tab):
    blank = tab.page.eval_on_selector(
        "[data-test=neuron]", "c => { const d = document.createElement('canvas'); "
        "d.width = c.width; d.height = c.height; return d.toDataURL(); }",
    )  # fmt: skip
    tab.enter("hidden", "3")
    tab.wait_neurons(3)
    tab.page.wait_for_function(
        "[...document.querySelectorAll('[data-test=neuron]')].every(c => "
        "c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0))"
    )
    before = tab.picture("neuron")
    assert before != blank
    tab.hook("step").click()
    tab.wait_text("epoch", "t === '1'")
    tab.page.wait_for_function(
        f"document.querySelector('[data-test=neuron]').toDataURL() !== {json.dumps(before)}"
    )
    tab.page.locator("[data-layers='1']").click()  # + a hidden layer (of 2)
    tab.wait_neurons(5)
    assert tab.hook("hidden").input_value() == "3,2"
    tab.hook("hidden").fill("5,1")
    tab.hook("hidden").blur()  # leaving the field applies it too
    tab.wait_neurons(6)
    assert "hidden=5,1" in tab.page.url
    assert tab.text("epoch") == "0"


def test_changing_the_dataset_redraws_the_output(tab):
    before = tab.picture("boundary")
    tab.hook("dataset").select_option("spiral")
    tab.page.wait_for_function("location.hash.includes('dataset=spiral')")
    tab.page.wait_for_function(
        f"document.querySelector('[data-test=boundary]').toDataURL() !== {json.dumps(before)}"
    )
    assert tab.text("epoch") == "0"


def test_features_toggle_and_the_output_shows_test_data_and_discretises(tab):
    tab.page.locator("[data-feature=x1x2]").click()
    tab.page.wait_for_function("location.hash.includes('features=x1,x2,x1x2&')")
    assert len(tab.edge_strokes()) == 3 * 4 + 4 * 2 + 2 * 1
    for view in ("show_test", "discretise"):
        before = tab.picture("boundary")
        tab.page.locator(f"[data-view={view}]").check()
        tab.page.wait_for_function(f"location.hash.includes('{view}=1')")
        assert tab.picture("boundary") != before


def test_a_bad_value_shows_an_error_that_the_next_good_action_clears(tab):
    tab.enter("hidden", "9")
    tab.wait_text("error", "t.includes('hidden')")
    assert tab.neurons() == 6  # nothing changed
    assert tab.hook("hidden").input_value() == "4,2"
    tab.enter("hidden", "4,x")
    tab.wait_text("error", "t.includes('whole numbers')")
    tab.enter("hidden", "3")
    tab.wait_text("error", "t === ''")
    tab.wait_neurons(3)


def test_the_url_hash_restores_the_configuration_and_the_view(context, server):
    hash = (
        "#dataset=moons&noise=10&hidden=3,3&activation=relu&learning_rate=0.1&features=x1,x2,x1x2"
        "&lens=gradient&show_test=1&discretise=1&sample=2"
    )
    tab = Page(context, server, hash)
    page = tab.page
    tab.page.wait_for_function("document.querySelector('[data-test=graph] svg') !== null")
    assert tab.hook("dataset").input_value() == "moons"
    assert tab.hook("activation").input_value() == "relu"
    assert float(tab.hook("learning-rate").input_value()) == 0.1
    assert tab.hook("hidden").input_value() == "3,3"
    assert tab.hook("lens").input_value() == "gradient"
    assert tab.hook("sample").input_value() == "2"
    assert page.locator("[data-field=noise]").input_value() == "10"
    assert page.locator("[data-view=show_test]").is_checked()
    assert tab.neurons() == 6
    assert page.locator("[data-feature=x1x2]").get_attribute("aria-pressed") == "true"
    tab.hook("activation").select_option("sigmoid")  # a change goes into the hash ...
    page.wait_for_function("location.hash.includes('activation=sigmoid')")
    page.reload()  # ... and a reload restores it
    page.wait_for_function("document.querySelector('[data-test=activation]').value === 'sigmoid'")
    tab.wait_neurons(6)
    # a URL with another hash opened in the same tab (no reload): its settings, else defaults
    page.evaluate("location.hash = '#dataset=spiral&hidden=5'")
    page.wait_for_function("document.querySelector('[data-test=dataset]').value === 'spiral'")
    tab.wait_neurons(5)
    assert tab.hook("activation").input_value() == "tanh" and tab.hook("lens").input_value() == "weight"
    assert tab.errors == []


@pytest.mark.parametrize("how", ["opened", "followed"])
def test_a_setting_the_server_refuses_in_a_url_costs_only_itself(context, server, how):
    # 'sin1' passes the page's own reading of the hash; the server refuses it by name
    hash = "#dataset=spiral&hidden=5&features=x1,sin1&activation=relu"
    tab = Page(context, server, hash if how == "opened" else "")
    if how == "followed":
        tab.page.evaluate(f"location.hash = '{hash}'")
    tab.page.wait_for_function("document.querySelector('[data-test=dataset]').value === 'spiral'")
    tab.wait_neurons(5)
    assert tab.hook("activation").input_value() == "relu"
    tab.wait_text("error", "t.includes(\"features: 'sin1' is not one of\")")
    assert tab.text("error").startswith("The URL's settings were not all used")
    assert tab.page.locator("[data-feature=x1]").get_attribute("aria-pressed") == "true"


def test_view_settings_a_url_gets_wrong_are_named_and_the_page_works(context, server):
    tab = Page(context, server, "#lens=bogus&hidden=3&hidden=2&sample=999")
    tab.wait_neurons(2)  # the last 'hidden' is used
    error = " ".join(tab.text("error").split())
    assert "lens: must be one of weight, gradient, update; got 'bogus'" in error
    assert "the URL gives 'hidden' more than once; only the last is read" in error
    assert tab.hook("lens").input_value() == "weight"
    assert "Sample 999 is not a training point" in tab.page.locator("[data-role=notice]").text_content()
    tab.hook("step").click()
    tab.wait_text("epoch", "t === '1'")
    repeated = Page(context, server, "#lens=gradient&lens=bogus")  # the last is refused
    repeated.wait_text("error", "t.includes(\"lens: must be one of\")")
    assert repeated.hook("lens").input_value() == "weight"  # so the default, as the message says
    sessions_opened = [u for u in tab.requests if u.endswith("/api/session")]
    tab.page.wait_for_timeout(1500)
    assert [u for u in tab.requests if u.endswith("/api/session")] == sessions_opened  # no retries
    assert len(sessions_opened) == 1


def test_a_diverged_run_with_a_sample_selected_says_so_and_resets(context, server):
    diverging = "#dataset=plane&hidden=8,8,8&activation=relu&learning_rate=10&points=40&sample=0"
    tab = Page(context, server, diverging)
    tab.page.wait_for_function(
        "document.querySelector('[data-role=sample-about]').textContent.startsWith('x = (')"
    )
    tab.hook("play").click()
    tab.wait_text("error", "t.startsWith('training stopped in epoch')")
    about = tab.page.locator("[data-role=sample-about]")
    tab.page.wait_for_function(
        "document.querySelector('[data-role=sample-about]').textContent.includes('cannot be computed')"
    )
    assert "reset, or lower the learning rate" in about.text_content()
    tab.hook("reset").click()
    tab.wait_text("epoch", "t === '0'")
    tab.page.wait_for_function(
        "document.querySelector('[data-role=sample-about]').textContent.startsWith('x = (')"
    )


# -- the gradients ----------------------------------------------------------------------------


def test_a_sample_picked_on_the_output_or_typed_shows_its_graph(tab):
    tab.hook("boundary").click()  # the training point nearest the middle
    tab.page.wait_for_function("document.querySelector('[data-test=sample]').value !== ''")
    assert tab.hook("sample").input_value().isdigit()  # the index of the picked point
    tab.page.wait_for_function("document.querySelector('[data-test=graph] svg') !== null")
    graph = tab.text("graph")
    assert "data " in graph and "grad " in graph
    tab.enter("sample", "7")
    tab.page.wait_for_function("location.hash.includes('sample=7')")
    assert tab.hook("sample").input_value() == "7"
    tab.page.wait_for_function("document.querySelector('[data-test=graph] svg') !== null")
    before = tab.text("graph")
    tab.hook("step").click()  # the numbers in the drawing follow the weights
    tab.wait_text("epoch", "t === '1'")
    tab.page.wait_for_function(
        f"document.querySelector('[data-test=graph]').textContent !== {json.dumps(before)}"
    )


def test_backprop_steps_through_the_grad_table_and_highlights_each_node(tab):
    tab.enter("sample", "3")
    tab.page.wait_for_function("document.querySelector('[data-test=graph] svg') !== null")
    tab.hook("backprop-next").click()
    tab.wait_text("backprop-text", "t.includes('grad_table')")
    first = tab.text("backprop-text")
    assert re.search(r"u_\d+", first)
    highlighted = tab.page.locator("[data-test=graph] g.node.current title").text_content()
    tab.hook("backprop-next").click()
    tab.page.wait_for_function(
        f"document.querySelector('[data-test=backprop-text]').textContent !== {json.dumps(first)}"
    )
    assert tab.page.locator("[data-test=graph] g.node.current title").text_content() != highlighted


def test_hovering_a_neuron_shows_its_numbers_for_the_sample(tab):
    tab.enter("sample", "0")
    tab.page.wait_for_function("document.querySelector('[data-test=graph] svg') !== null")
    tab.hook("neuron").first.hover()
    tip = tab.page.locator("[data-role=tooltip]")
    tip.wait_for(state="visible")
    text = tip.text_content()
    assert "pre-activation" in text and "grad_table" in text and "\u00d7" in text


def test_the_lens_recolours_the_edges(tab):
    tab.hook("step").click()  # gradients and updates are 0 before any step
    tab.wait_text("epoch", "t === '1'")
    strokes = {}
    for lens in ("weight", "gradient", "update"):
        tab.hook("lens").select_option(lens)
        tab.page.wait_for_function(f"location.hash.includes('lens={lens}')")
        strokes[lens] = tab.edge_strokes()
    assert len(strokes["weight"]) == 2 * 4 + 4 * 2 + 2 * 1
    assert strokes["weight"] != strokes["gradient"] != strokes["update"] != strokes["weight"]


def test_gradcheck_ends_with_a_small_difference(tab):
    tab.hook("gradcheck").click()  # with no sample selected, it takes training point 0
    tab.wait_text("gradcheck-result", "/\\d$/.test(t)")
    difference = float(tab.text("gradcheck-result").split()[-1])
    assert 0 <= difference < 1e-6
    assert tab.hook("sample").input_value() == "0"


def test_a_graph_too_big_to_draw_says_so(tab):
    tab.enter("hidden", "8,8,8")
    tab.wait_neurons(24)
    tab.enter("sample", "1")
    tab.wait_text("graph", "t.includes('nodes')")
    assert tab.page.locator("[data-test=graph] svg").count() == 0


# -- files, failures, tabs --------------------------------------------------------------------


def test_save_then_load_a_model_and_a_bad_file_changes_nothing(tab, tmp_path):
    tab.hook("step").click()
    tab.wait_text("epoch", "t === '1'")
    with tab.page.expect_download() as download:
        tab.page.locator("[data-role=save]").click()
    saved = tmp_path / "model.json"
    download.value.save_as(saved)
    json.loads(saved.read_text())
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    loss = tab.text("loss-train")
    tab.page.locator("[data-role=load]").set_input_files(bad)
    tab.wait_text("error", "t.includes('nothing was changed')")
    assert (tab.text("epoch"), tab.text("loss-train")) == ("1", loss)
    tab.page.locator("[data-role=load]").set_input_files(saved)
    tab.wait_text("error", "t === ''")
    assert tab.text("loss-train") == loss  # the saved weights, at epoch 0 of a new run
    assert tab.text("epoch") == "0"


def test_the_page_says_when_the_server_is_gone_and_recovers(tab):
    tab.page.route("**/api/**", lambda route: route.abort())
    tab.wait_text("error", "t.includes('does not answer')")
    tab.page.unroute("**/api/**")
    tab.wait_text("error", "t === ''")


def test_an_expired_session_is_replaced_with_the_same_configuration(tab):
    tab.enter("hidden", "3")
    tab.wait_neurons(3)
    gone = json.dumps({"error": "unknown session 'x'; it may have expired: reload the page"})
    tab.page.route(
        "**/api/step", lambda route: route.fulfill(status=404, body=gone, content_type="application/json"),
        times=1,
    )  # fmt: skip
    tab.hook("step").click()
    # the notice, or an error saying why there is none
    tab.page.wait_for_function(
        "document.querySelector('[data-role=notice]').textContent || "
        "document.querySelector('[data-test=error]').textContent"
    )
    assert tab.text("error") == ""
    assert "a new one was started with the same settings" in tab.page.locator("[data-role=notice]").text_content()
    tab.wait_text("epoch", "t === '1'")
    assert tab.neurons() == 3


def test_two_pages_train_independently(context, server):
    first, second = Page(context, server), Page(context, server)
    for _ in range(3):
        first.hook("step").click()
    first.wait_text("epoch", "t === '3'")
    second.page.wait_for_timeout(1200)  # a paused page polls once a second
    assert second.text("epoch") == "0"
    second.hook("step").click()
    second.wait_text("epoch", "t === '1'")
    assert first.text("epoch") == "3"


def test_the_largest_network_fits_1024_pixels_with_larger_text(context, server):
    tab = Page(context, server, "#hidden=8,8,8,8,8,8")
    tab.wait_neurons(48)
    for _ in range(3):  # A+ three times: the text 1.3 times larger
        tab.page.locator("[data-font='1']").click()
    tab.page.wait_for_timeout(300)
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 1024
    box = tab.hook("boundary").bounding_box()
    assert box["x"] + box["width"] <= 1024.5  # the output, whole, on the screen (to the pixel)


def test_the_text_size_control_is_remembered(tab):
    size = lambda: tab.page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    before = size()
    tab.page.locator("[data-font='1']").click()
    assert size() > before
    tab.open()
    assert size() > before
