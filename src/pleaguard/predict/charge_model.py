"""A fitted text model of charges: which charge (or set of charges) a fact text reads like, learnt from judgments.

Not law: the model is fitted on the train part of CAIL2018 dev (`python -m pleaguard.predict.fit_charges`, data in
law/fitted/charges.json, instrument `fit-cail2018-dev`). It is a multinomial naive Bayes over the set of character
bigrams of the text (digits folded to 0): each class is one charge or one set of charges judged together often
enough, and a text goes to the class under which its bigrams are most probable, weighed by how common the class is.
Its score is the class's posterior probability under the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = Path(str(resources.files("pleaguard") / "law" / "fitted" / "charges.json"))
_DIGITS = re.compile(r"[0-9０-９.．]+")


def bigrams(text: str) -> set[str]:
    """The distinct character bigrams of a text, each run of digits written as a single 0."""
    t = _DIGITS.sub("0", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


@dataclass(frozen=True, slots=True)
class Guess:
    """The model's answer for one text: the charges (names without 罪) and the class's posterior probability."""

    names: tuple[str, ...]
    score: float


class ChargeModel:
    """The naive Bayes model in memory: class log priors and a bigram × class matrix of log probabilities."""

    def __init__(self, tree: dict[str, Any]) -> None:
        self.instrument: str = tree["instrument"]
        classes = tree["classes"]
        vocab: dict[str, int] = {}
        for c in classes:
            for i in range(0, len(c["bigrams"]), 2):
                vocab.setdefault(c["bigrams"][i : i + 2], len(vocab))
        alpha = float(tree["alpha"])
        counts = np.zeros((len(classes), len(vocab)))
        for row, c in enumerate(classes):
            cols = [vocab[c["bigrams"][i : i + 2]] for i in range(0, len(c["bigrams"]), 2)]
            counts[row, cols] = c["counts"]
        self.vocab = vocab
        self.names: list[tuple[str, ...]] = [tuple(c["charges"]) for c in classes]
        docs = np.array([float(c["records"]) for c in classes])
        self.log_prior = np.log(docs / docs.sum())
        log_p = np.log(counts + alpha) - np.log((counts + alpha).sum(axis=1, keepdims=True))
        self.log_p_by_bigram = np.ascontiguousarray(log_p.T)  # one row per bigram: fast to gather a text's rows
        # a charge the model has learnt words for (a class of one record keeps no bigram counts: only its prior)
        self.known: frozenset[str] = frozenset(n for c in classes if c["counts"] for n in c["charges"])

    def guess(self, text: str, including: Collection[str] = ()) -> Guess | None:
        """The most probable class for `text`, among the classes holding every charge of `including` where there
        are such classes; None when the text has no bigram the model knows."""
        cols = [i for i in map(self.vocab.get, bigrams(text)) if i is not None]
        if not cols:
            return None
        s = self.log_prior + self.log_p_by_bigram.take(np.array(cols, dtype=np.intp), axis=0).sum(axis=0)
        post = np.exp(s - s.max())
        best = int(np.argmax(s))
        if including:
            allowed = np.array([set(including) <= set(names) for names in self.names])
            if allowed.any():
                best = int(np.argmax(np.where(allowed, s, -np.inf)))
        return Guess(self.names[best], float(post[best] / post.sum()))


@lru_cache(maxsize=1)
def load() -> ChargeModel | None:
    """The shipped model, or None when law/fitted/charges.json is absent."""
    if not MODEL_FILE.exists():
        return None
    return ChargeModel(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
