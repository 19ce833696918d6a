"""The playground's HTTP server, on a free port: every endpoint, every error rule, the files."""

import http.client
import json
import re
import threading

import pytest

from demos.playground.server import MAX_BODY, STATIC, PlaygroundServer, static_file

INDEX = b"<!doctype html><title>playground</title>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    static = tmp_path_factory.mktemp("static")
    (static / "index.html").write_bytes(INDEX)
    (static / "js").mkdir()
    (static / "js" / "transport.js").write_text("export const x = 1;\n")
    (static / "style.css").write_text("body {}\n")
    (static / "notes.md").write_text("not a page file\n")
    (static / ".hidden.js").write_text("secret\n")
    (tmp_path_factory.getbasetemp() / "outside.js").write_text("outside\n")
    server = PlaygroundServer(("127.0.0.1", 0), static=static)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def request(server, method, path, body=None, headers=None):
    """(status, headers, answer): the answer parsed as JSON when it is JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if data and response.getheader("Content-Type") == "application/json":
        data = json.loads(data)
    return response.status, response, data


def new_session(server, config=None):
    status, _, answer = request(server, "POST", "/api/session", {"config": config or {}})
    assert status == 201
    return answer


SMALL = {"points": 20, "batch_size": 10, "hidden": [2]}


def test_a_new_session_starts_paused_at_epoch_0_with_everything_to_draw(server):
    answer = new_session(server, SMALL)
    assert set(answer) == {"session", "config", "data", "frame"}
    frame = answer["frame"]
    assert frame["epoch"] == 0 and frame["playing"] is False and frame["error"] is None
    assert set(frame["loss"]) == {"train", "test"} and len(frame["history"]) == 1
    assert frame["network"]["sizes"] == [2, 2, 1] and "heatmaps" in frame
    data = answer["data"]
    assert data["problem"] == "classification" and len(data["train"]) == len(data["test"]) == 10
    assert answer["config"]["hidden"] == [2]


def test_play_step_reset_and_frame(server):
    s = new_session(server, SMALL)["session"]
    status, _, answer = request(server, "POST", "/api/step", {"session": s})
    assert status == 200 and answer["frame"]["epoch"] == 1
    _, _, answer = request(server, "POST", "/api/play", {"session": s, "playing": True})
    assert answer["frame"]["playing"] is True
    _, _, answer = request(server, "POST", "/api/play", {"session": s, "playing": False})
    assert answer["frame"]["playing"] is False
    epoch = answer["frame"]["epoch"]
    status, _, answer = request(server, "GET", f"/api/frame?session={s}&history_from={epoch}")
    assert status == 200 and [e for e, _, _ in answer["frame"]["history"]] == [epoch]
    version = answer["frame"]["heatmaps"]["version"]
    _, _, answer = request(server, "GET", f"/api/frame?session={s}&heatmaps={version}")
    assert "heatmaps" not in answer["frame"]
    _, _, answer = request(server, "POST", "/api/reset", {"session": s})
    assert answer["frame"]["epoch"] == 0


def test_config_starts_again_with_new_data(server):
    s = new_session(server, SMALL)["session"]
    request(server, "POST", "/api/step", {"session": s})
    status, _, answer = request(
        server, "POST", "/api/config", {"session": s, "config": {"dataset": "plane", "hidden": []}}
    )
    assert status == 200 and answer["frame"]["epoch"] == 0
    assert answer["data"]["problem"] == "regression" and answer["config"]["points"] == 20
    assert answer["frame"]["network"]["sizes"] == [2, 1]


def test_config_from_the_defaults_as_opening_a_url_does(server):
    s = new_session(server, SMALL)["session"]  # 20 points, hidden [2]
    patch = {"session": s, "config": {"dataset": "moons"}, "from_defaults": True}
    status, _, answer = request(server, "POST", "/api/config", patch)
    defaults = new_session(server, {})["config"]
    assert status == 200 and answer["config"] == {**defaults, "dataset": "moons"}
    bad = {**patch, "from_defaults": "yes"}
    assert request(server, "POST", "/api/config", bad)[0] == 400


def test_sample_backprop_and_gradcheck(server):
    s = new_session(server, SMALL)["session"]
    status, _, answer = request(server, "POST", "/api/sample", {"session": s, "index": 9})
    sample = answer["sample"]
    assert status == 200 and sample["index"] == 9 and sample["svg"].startswith("<svg")
    assert "<title>v1</title>" in sample["svg"] and "<title>v1op</title>" not in sample["svg"]
    _, _, answer = request(server, "POST", "/api/backprop", {"session": s})
    steps = answer["steps"]
    assert 0 < len(steps) < sample["nodes"]  # a step per entry, constants taking none
    assert steps[0]["text"].startswith(f"Backward 1/{len(steps)}: u_{sample['nodes']} = ")
    assert all(", a constant" not in step["text"] for step in steps)
    _, _, answer = request(server, "POST", "/api/gradcheck", {"session": s})
    assert answer["text"].split()[-1] == answer["text"].rsplit(" ", 1)[1]
    assert answer["largest_difference"] < 1e-6
    status, _, answer = request(server, "POST", "/api/sample", {"session": s, "index": 10})
    assert status == 400 and "index: must be from 0 to 9" in answer["error"]


def test_model_download_and_upload(server):
    a = new_session(server, {**SMALL, "seed": 3})["session"]
    request(server, "POST", "/api/step", {"session": a})
    status, response, model = request(server, "GET", f"/api/model?session={a}")
    assert status == 200 and "attachment" in response.getheader("Content-Disposition")
    b = new_session(server)["session"]
    status, _, answer = request(server, "POST", "/api/model", {"session": b, "model": model})
    assert status == 200 and answer["config"]["seed"] == 3
    assert answer["frame"]["network"]["weights"] == [
        [n["w"] for n in layer] for layer in model["weights"]
    ]
    model["weights"] = []
    status, _, answer = request(server, "POST", "/api/model", {"session": b, "model": model})
    assert status == 400 and "nothing was changed" in answer["error"]
    _, _, after = request(server, "GET", f"/api/frame?session={b}")
    assert after["frame"]["network"]["sizes"] == [2, 2, 1]


def test_a_diverged_network_with_a_sample_selected_still_answers(server):
    diverging = {"dataset": "plane", "hidden": [8, 8, 8], "activation": "relu",
                 "learning_rate": 10, "points": 40}  # fmt: skip
    a = new_session(server, diverging)["session"]
    assert request(server, "POST", "/api/sample", {"session": a, "index": 0})[0] == 200
    for _ in range(200):  # it overflows within about 60 epochs
        status, _, answer = request(server, "POST", "/api/step", {"session": a})
        assert status == 200
        if answer["frame"]["error"]:
            break
    frame = answer["frame"]
    assert frame["error"].startswith("training stopped in epoch")  # the page can say why
    sample = frame["sample"]
    assert sample["values"] is None and sample["neurons"] is None
    assert sample["error"].startswith("sample 0 cannot be computed at these weights")
    for path, body in [("/api/sample", {"index": 1}), ("/api/backprop", {}), ("/api/gradcheck", {})]:
        status, _, answer = request(server, "POST", path, {"session": a, **body})
        assert status == 409 and "reset, or lower the learning rate" in answer["error"], path
    status, _, answer = request(server, "POST", "/api/reset", {"session": a})
    assert status == 200 and answer["frame"]["sample"]["index"] == 0  # still selected, and
    assert answer["frame"]["sample"]["values"] is not None  # its numbers are back


def test_a_model_whose_loss_overflows_is_refused_and_changes_nothing(server):
    a = new_session(server, {**SMALL, "activation": "linear", "hidden": [1]})["session"]
    request(server, "POST", "/api/step", {"session": a})
    _, _, before = request(server, "GET", f"/api/model?session={a}")
    huge = json.loads(json.dumps(before))
    huge["weights"][0][0]["b"], huge["weights"][1][0]["w"] = 1e200, [1e200]
    status, _, answer = request(server, "POST", "/api/model", {"session": a, "model": huge})
    assert status == 400 and "nothing was changed" in answer["error"]
    assert request(server, "GET", f"/api/model?session={a}")[2] == before
    status, _, answer = request(server, "POST", "/api/step", {"session": a})
    assert status == 200 and answer["frame"]["epoch"] == 2  # it trains on, as it was


BAD = [
    ("POST", "/api/session", "{not json", 400, "not valid JSON"),
    ("POST", "/api/session", "[1, 2]", 400, "must be a JSON object"),
    ("POST", "/api/session", '{"config": {"nosie": 1}}', 400, "did you mean 'noise'"),
    ("POST", "/api/session", '{"config": {"hidden": [1,1,1,1,1,1,1]}}', 400, "at most 6 layers"),
    ("POST", "/api/session", '{"config": {"learning_rate": NaN}}', 400, "not valid JSON"),
    ("POST", "/api/session", '{"config": {"seed": %s}}' % ("9" * 5000), 400,
     "a whole number of 5000 digits is longer than any field allows"),
    ("POST", "/api/session", '{"confg": {}}', 400, "did you mean 'config'"),
    ("POST", "/api/step", '{"session": "nope"}', 404, "unknown session 'nope'"),
    ("POST", "/api/step", "{}", 400, "session: missing"),
    ("GET", "/api/frame?session=nope", None, 404, "it may have expired"),
    ("GET", "/api/frame", None, 400, "session: missing from the query"),
    ("GET", "/api/step", None, 405, "use POST"),
    ("DELETE", "/api/session", None, 405, "use POST"),
    ("PUT", "/api/config", "{}", 405, "use POST"),
    ("HEAD", "/api/frame", None, 405, "use GET"),
    ("TRACE", "/api/frame", None, 501, "Unsupported method"),
    ("POST", "/api/frame", "{}", 405, "use GET"),
    ("GET", "/api/nothing", None, 404, "no such endpoint"),
    ("GET", "/nothing", None, 404, "not found"),
    ("POST", "/", "{}", 405, "use GET"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "message"), BAD)
def test_a_bad_request_gets_its_status_and_a_json_error(server, method, path, body, status,
                                                        message):
    got, response, answer = request(server, method, path, body)
    assert got == status and response.getheader("Content-Type") == "application/json"
    if method != "HEAD":  # a HEAD answer has no body
        assert message in answer["error"] and "Traceback" not in answer["error"]


def test_query_errors_name_the_field(server):
    s = new_session(server, SMALL)["session"]
    for query, message in [("history_from=x", "history_from: must be a whole number"),
                           ("heatmaps=-2", "heatmaps: must be from -1"),
                           ("history_from=1&history_from=2", "given more than once"),
                           ("heatmap=1", "did you mean 'heatmaps'")]:  # fmt: skip
        status, _, answer = request(server, "GET", f"/api/frame?session={s}&{query}")
        assert status == 400 and message in answer["error"], query


def test_a_body_over_64_kib_gets_413_before_routing(server):
    for path in ("/api/session", "/api/nothing"):
        status, _, answer = request(server, "POST", path, b"x" * (MAX_BODY + 1))
        assert status == 413 and "at most 65536" in answer["error"]
    status, _, _ = request(server, "POST", "/api/session", b" " * MAX_BODY)
    assert status == 201


def test_static_files_are_served_with_their_types(server):
    status, response, body = request(server, "GET", "/")
    assert status == 200 and body == INDEX
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    status, response, body = request(server, "GET", "/static/js/transport.js")
    assert status == 200 and response.getheader("Content-Type").startswith("text/javascript")
    status, response, _ = request(server, "GET", "/static/style.css")
    assert status == 200 and response.getheader("Content-Type").startswith("text/css")


def test_every_file_the_shipped_page_names_is_shipped():
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    named = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert len(named) >= 3  # the icon, the stylesheet, the script
    assert [path for path in named if static_file(STATIC, path) is None] == []


@pytest.mark.parametrize(
    "path",
    ["/static/../outside.js", "/static/%2e%2e/outside.js", "/static/js/../../outside.js",
     "/static/js", "/static/js/", "/static/", "/static/notes.md", "/static/.hidden.js",
     "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/js%5c..%5c..%5coutside.js",
     "/static/missing.js", "/index.html/", "/etc/passwd"],
)  # fmt: skip
def test_no_path_leaves_the_static_folder_and_no_folder_is_listed(server, path):
    status, _, answer = request(server, "GET", path)
    assert status == 404 and "error" in answer


def test_the_server_keeps_serving_after_bad_requests(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.putrequest("POST", "/api/session")
    connection.putheader("Content-Length", "-5")
    connection.endheaders()
    assert connection.getresponse().status == 400
    connection.close()
    for method, path, body, _, _ in BAD:
        request(server, method, path, body)
    assert new_session(server, SMALL)["frame"]["epoch"] == 0


def test_non_finite_numbers_are_sent_as_null():
    from demos.playground.server import json_bytes

    assert json.loads(json_bytes({"loss": [float("inf"), 1.5, float("nan")]})) == {
        "loss": [None, 1.5, None]
    }
