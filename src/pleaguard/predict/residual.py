"""A fitted correction of the reasoned prediction: boosted regression trees on what the reasoning leaves unexplained.

The law's reasoning (tier → starting point → base → circumstances → limits, `model.py`) gives a term; on the train
part, courts' terms still differ from it in ways that depend jointly on several of the same facts (a large amount
*and* a restitution, a drug weight near a tier boundary, several charges at once). Those interactions are fitted, not
law: a gradient-boosted tree ensemble (scikit-learn's HistGradientBoostingRegressor, absolute-error loss, so it moves
the prediction toward the conditional median) predicts the log-scale residual ln(y + 1) − ln(ŷ + 1) of the reasoned
prediction from the reasoned term itself and the feature row of the charge that carries the greatest term.

The trees are shipped as data in `law/fitted/predict.yaml` (`fitted.predict.residual`, with how they were fitted)
and evaluated here by walking them, so prediction needs no machine-learning library; scikit-learn is used only to
fit them (`fit.py`). The correction never moves a term outside the statutory limits the reasoning applied, and the
trace shows it as a separate fitted step.

Tree format: each tree is a list of node strings; node i is either ``"L value"`` (a leaf adding `value`) or
``"S feature threshold left right"`` (go to node `left` when the feature's value is at most `threshold`, else to
`right`; a missing value goes left). Numbers are written so that reading them back gives the same floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pleaguard.predict.features import CIRCUMSTANCE_FEATURES, FRAME_FEATURES, GUIDELINE_FEATURES, QUANTITY_FEATURES

ROW_FEATURES = (*QUANTITY_FEATURES, *CIRCUMSTANCE_FEATURES, *FRAME_FEATURES, *GUIDELINE_FEATURES)
FEATURES = ("reasoned_log", "charges", "fact_length_log", *ROW_FEATURES)


def features(reasoned_months: float, charges: int, fact: str, row: dict[str, float]) -> list[float]:
    """The input of the correction: the reasoned term (log scale), the number of charges, the length of the fact
    text (log) and the feature row of the charge carrying the greatest term."""
    return [math.log1p(max(reasoned_months, 0.0)), float(charges), math.log(max(len(fact), 1)),
            *(row.get(name, 0.0) for name in ROW_FEATURES)]


@dataclass(frozen=True, slots=True)
class Node:
    leaf: bool
    value: float = 0.0
    feature: int = 0
    threshold: float = 0.0
    left: int = 0
    right: int = 0


@dataclass(frozen=True, slots=True)
class Forest:
    """The shipped ensemble: a baseline plus the sum of one leaf value per tree."""

    baseline: float
    trees: tuple[tuple[Node, ...], ...]
    features: tuple[str, ...]

    def predict(self, x: list[float]) -> float:
        total = self.baseline
        for tree in self.trees:
            node = tree[0]
            while not node.leaf:
                v = x[node.feature]
                node = tree[node.left if (v != v or v <= node.threshold) else node.right]
            total += node.value
        return total


def _node(text: str) -> Node:
    parts = text.split()
    if parts[0] == "L" and len(parts) == 2:
        return Node(True, float(parts[1]))
    if parts[0] == "S" and len(parts) == 5:
        return Node(False, 0.0, int(parts[1]), float(parts[2]), int(parts[3]), int(parts[4]))
    raise ValueError(f"malformed tree node {text!r}")


_PARSED: dict[int, tuple[object, Forest]] = {}


def forest_from(value: dict[str, Any]) -> Forest:
    """The ensemble from its stored form (parsed once per loaded law value)."""
    hit = _PARSED.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    names = tuple(str(n) for n in value["features"])
    if names != FEATURES:
        raise ValueError("the stored residual trees were fitted on other features; refit the prediction parameters")
    forest = Forest(float(value["baseline"]), tuple(tuple(_node(str(n)) for n in t) for t in value["trees"]), names)
    _PARSED[id(value)] = (value, forest)
    return forest


def forest_to_value(model: Any) -> dict[str, Any]:
    """The stored form of a fitted scikit-learn HistGradientBoostingRegressor (one output, numeric features)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = []
        for nd in predictor.nodes:
            if nd["is_leaf"]:
                nodes.append(f"L {float(nd['value'])!r}")
            else:
                if nd["is_categorical"]:
                    raise ValueError("categorical splits are not supported in the stored trees")
                # features are never missing here, so the side missing values would take does not matter
                nodes.append(f"S {int(nd['feature_idx'])} {float(nd['num_threshold'])!r} {int(nd['left'])} "
                             f"{int(nd['right'])}")
        trees.append(nodes)
    baseline = float(model._baseline_prediction.ravel()[0])
    return {"baseline": repr(baseline), "features": list(FEATURES), "trees": trees}
