"""Analyst workflows without Flask: rule files as data, labelled sets, backtests, training.

- :mod:`riskscreen.analysis.rulefiles`  rule files held as {path: text}: load, validate drafts;
- :mod:`riskscreen.analysis.labelled`   labelled texts from the corpus, JSONL or feedback;
- :mod:`riskscreen.analysis.backtest`   a ruleset (and models) run over a labelled set;
- :mod:`riskscreen.analysis.models`     comparing model versions on the same data;
- :mod:`riskscreen.analysis.training`   one training run: records in, model folder out;
- :mod:`riskscreen.analysis.service`    the workflows over the store (used by the API and CLI).
"""
