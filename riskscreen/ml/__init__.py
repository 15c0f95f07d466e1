"""Training, evaluation, model folders and the registry of model versions (no Flask).

- :mod:`riskscreen.ml.corpus`      labelled data (JSONL, CSV), the split rule, the data hash
- :mod:`riskscreen.ml.features`    word + char_wb TF-IDF; fast fitting and CV fold features
- :mod:`riskscreen.ml.charngrams`  char_wb n-grams counted per whitespace token type
- :mod:`riskscreen.ml.candidates`  the linear models compared by cross-validation
- :mod:`riskscreen.ml.metrics`     ROC-AUC, PR-AUC, threshold metrics, the threshold rule
- :mod:`riskscreen.ml.train`       ``train(records, kind, seed) -> (pipeline, metrics)``
- :mod:`riskscreen.ml.artefact`    writing a version folder; safe loading (skops allow-list)
- :mod:`riskscreen.ml.card`        MODEL_CARD.md; :mod:`riskscreen.ml.plots` the plots
- :mod:`riskscreen.ml.scoring`     fast P(risk) and term explanations with spans
- :mod:`riskscreen.ml.registry`    ``ModelRegistry`` and ``LoadedModel`` (the classifier API)
- :mod:`riskscreen.ml.generate`    generated records for benchmarks
- :mod:`riskscreen.ml.datasheet`   the count tables of data/corpus/README.md
"""
