"""The playground's data sets and features: shapes, labels, seeds, noise and the split."""

import math

import pytest

from demos.playground.datasets import DATASETS, EXTENT, make, training_size
from demos.playground.features import FEATURES, feature_rows

CLASSIFICATION = [name for name, d in DATASETS.items() if d.problem == "classification"]
REGRESSION = [name for name, d in DATASETS.items() if d.problem == "regression"]


def everything(data):
    return data.train + data.test


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("noise", [0, 50])
def test_points_lie_in_the_plane_with_labels_of_their_problem(name, noise):
    data = make(name, 200, noise, 50, seed=7)
    assert data.problem == DATASETS[name].problem
    for x1, x2, label in everything(data):
        assert -EXTENT <= x1 <= EXTENT and -EXTENT <= x2 <= EXTENT
        if data.problem == "classification":
            assert label in (0, 1)
        else:
            assert -1.0 <= label <= 1.0 and math.isfinite(label)


@pytest.mark.parametrize("name", sorted(set(DATASETS) - {"xor-points"}))
def test_the_split_follows_train_percent_and_keeps_every_point(name):
    data = make(name, 200, 10, 30, seed=1)
    assert len(data.train) == 60 == training_size(name, 200, 30)
    assert len(data.test) == 140
    assert len(set(everything(data))) == 200


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_both_classes_are_there_in_about_equal_numbers(name):
    labels = [label for _, _, label in everything(make(name, 400, 0, 50, seed=3))]
    assert 0.35 <= sum(labels) / len(labels) <= 0.65


def test_the_same_seed_gives_the_same_points_and_another_seed_others():
    for name in DATASETS:
        assert make(name, 100, 20, 50, seed=5) == make(name, 100, 20, 50, seed=5)
        if name != "xor-points":
            assert make(name, 100, 20, 50, seed=5) != make(name, 100, 20, 50, seed=6)


def test_xor_points_are_the_lectures_four_for_training_and_test_alike():
    data = make("xor-points", 500, 50, 10, seed=9)
    expected = [(-3.0, -3.0, 0), (-3.0, 3.0, 1), (3.0, -3.0, 1), (3.0, 3.0, 0)]
    assert data.train == data.test == expected
    assert training_size("xor-points", 500, 10) == 4


def test_without_noise_the_labels_follow_the_shapes():
    for x1, x2, label in everything(make("xor", 200, 0, 50, seed=0)):
        assert label == int((x1 > 0) != (x2 > 0))
        assert abs(x1) >= 0.3 and abs(x2) >= 0.3
    for x1, x2, label in everything(make("circle", 200, 0, 50, seed=0)):
        assert label == int(math.hypot(x1, x2) < 2.5)
    for x1, x2, label in everything(make("plane", 200, 0, 50, seed=0)):
        assert label == pytest.approx((x1 + x2) / 12)


def test_noise_moves_labels_across_the_boundary():
    def wrong(noise):
        points = everything(make("circle", 400, noise, 50, seed=2))
        return sum(label != int(math.hypot(x1, x2) < 2.5) for x1, x2, label in points)

    assert wrong(0) == 0
    assert wrong(10) < wrong(50)


def test_noise_widens_the_clusters():
    def spread(noise):
        points = [p for p in everything(make("gauss", 400, noise, 50, seed=4)) if p[2] == 1]
        return sum((x1 - 2) ** 2 + (x2 - 2) ** 2 for x1, x2, _ in points) / len(points)

    assert spread(0) < spread(50)


def test_features_are_computed_from_the_point_in_the_tables_order():
    assert list(FEATURES) == ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]
    (row,) = feature_rows(list(FEATURES), [(2.0, -3.0)])
    assert row == [2.0, -3.0, 4.0, 9.0, -6.0, math.sin(2.0), math.sin(-3.0)]
    assert feature_rows(["x2sq", "x1"], [(1.5, 0.5, 1)]) == [[0.25, 1.5]]
