"""MODEL_CARD.md of a model version, rendered from its model.json."""

from __future__ import annotations

from typing import Any

_KIND_TEXT = {
    "job_ad": "job advertisements (recruiter postings, job-board ads, social-media offers)",
    "audit": "supplier social-audit findings (non-compliance notes, interview summaries)",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def comparison_table(rows: list[dict[str, Any]], chosen: str) -> str:
    """Markdown table of the CV comparison (mean +- sd over folds)."""
    lines = [
        "| candidate | ROC-AUC | PR-AUC | recall @ precision 0.85 (OOF) | eligible |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        name = f"**{r['candidate']}** (chosen)" if r["candidate"] == chosen else r["candidate"]
        lines.append(
            f"| {name} | {r['roc_auc']:.3f} ± {r['roc_auc_sd']:.3f} | {r['pr_auc']:.3f} ± "
            f"{r['pr_auc_sd']:.3f} | {r['recall_at_precision_0.85']:.3f} | "
            f"{'yes' if r['eligible'] else 'no (not linear in log-odds)'} |"
        )
    return "\n".join(lines)


def metrics_table(metrics: dict[str, Any]) -> str:
    """Markdown table of the CV (out-of-fold) and test-split metrics."""
    keys = [
        ("n", "documents"),
        ("n_risk", "of which risk"),
        ("roc_auc", "ROC-AUC"),
        ("pr_auc", "PR-AUC (average precision)"),
        ("precision", "precision at threshold"),
        ("recall", "recall at threshold"),
        ("f1", "F1 at threshold"),
        ("recall_at_precision_0.85", "recall at precision 0.85"),
        ("brier", "Brier score"),
    ]
    cv, test = metrics.get("cv") or {}, metrics.get("test") or {}
    lines = ["| metric | CV (out-of-fold, train split) | test split |", "|---|---|---|"]
    for key, label in keys:
        lines.append(f"| {label} | {_fmt(cv.get(key))} | {_fmt(test.get(key))} |")
    cells = []
    for block in (cv, test):
        cm = block.get("confusion_matrix")
        cells.append(f"tn {cm['tn']}, fp {cm['fp']}, fn {cm['fn']}, tp {cm['tp']}" if cm else "n/a")
    lines.append(f"| confusion matrix at threshold | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def render_card(meta: dict[str, Any]) -> str:
    kind = meta["kind"]
    data = meta["training_data"]
    thr = meta["threshold"]
    langs = ", ".join(f"{k} {v}" for k, v in data.get("languages", {}).items()) or "unknown"
    libs = ", ".join(f"{k} {v}" for k, v in meta["libraries"].items())
    return f"""# Model card: {meta["version"]}

## Model details

- Kind: `{kind}`: {_KIND_TEXT.get(kind, kind)}.
- Estimator: {meta["estimator"]} over {meta["features"]}.
- Output: P(risk), calibrated (logistic regression, or sigmoid calibration of a linear model);
  `risk` when P(risk) >= threshold **{thr["value"]:.4f}**.
- Threshold chosen by: {thr["method"]}.
- Created {meta["created"]} with seed {meta["seed"]}; libraries: {libs}.
- Artefact: `model.skops` (SHA-256 `{meta["artefact"]["sha256"][:16]}...`), loaded only with
  an explicit allow-list of types (riskscreen.ml.artefact.ALLOWED_TYPES), never pickle.

## Intended use

Screening {_KIND_TEXT.get(kind, kind)} for signs of forced labour and human trafficking, as
**one input** to riskscreen's score beside the rule engine's indicators. A high probability
means "look closer", with the contributing terms shown as spans of the text; it is not a
finding about any person or company. Decisions belong to a human reviewer.

Out of scope: deciding on its own to reject a worker, a job or a supplier; texts in languages
or domains far from the training data (see below); documents of the other kind.

## Training data

- {data["n_train"]} train and {data["n_test"]} test documents ({data["n_generated"]} generated),
  split by `{data["split"]}`.
- Data SHA-256 `{data["sha256"]}` over the {data["hash_of"]}.
- Source files: {", ".join(data["files"]) or "n/a"}. See data/corpus/README.md (the datasheet).

## Evaluation

{metrics_table(meta["metrics"])}

Model selection: stratified {meta["metrics"]["comparison"][0]["folds"]}-fold cross-validation
on the train split, features refitted inside each fold; {meta["selection"]}.

{comparison_table(meta["metrics"]["comparison"], meta["estimator"])}

Plots (out-of-fold and test split): ![precision-recall](pr.png) ![ROC](roc.png)
![calibration](calibration.png)

## Explanations

`LoadedModel.explain(text, top_k)` lists the terms with the largest share of the log-odds:
TF-IDF value x coefficient for word 1-2 grams, and the char n-gram contributions credited to
the word they come from. All term contributions plus the intercept sum to the log-odds.

## Limitations and risks

- The corpus is small and mostly written for the project; the test split is small, so the
  test metrics have wide uncertainty (a few documents move them by several points).
- Subtle cases (no explicit phrase) are harder than explicit ones; negations and
  good-practice statements ("no recruitment fees") can still carry risk words: read the spans.
- Languages of the training data: {langs}. Other languages get
  few matching features and score near the intercept.
- With a small corpus, function words ("the", "se", "la") and style can carry weight in
  the explanations; they reflect how the corpus was written, not risk.
- Retrain on your own labelled data (`riskscreen model train --data FILE.csv`) before relying
  on it in a new domain, and compare the metrics with this card.
"""
