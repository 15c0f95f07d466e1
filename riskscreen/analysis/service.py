"""The analyst workflows over the store: importing the rules folder, building ruleset versions
from accepted drafts, and turning feedback into a labelled set.

Callers (the HTTP API, the CLI, the engine's ruleset source) hand in a Session; the rule files
are validated by the engine's loader (riskscreen.analysis.rulefiles) before anything is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from riskscreen.analysis.labelled import LabelledText, parse_jsonl, read_corpus
from riskscreen.analysis.labelled import select as select_items
from riskscreen.analysis.rulefiles import (
    DraftError,
    apply_changes,
    folder_version,
    load_files,
    read_folder,
    rule_source,
)
from riskscreen.analysis.training import TrainingRequest, run_training
from riskscreen.engine.rules import RuleLoadError, RuleSet
from riskscreen.ml.train import TrainingError
from riskscreen.paths import corpus_path
from riskscreen.store import audit
from riskscreen.store import drafts as draft_store
from riskscreen.store import rulesets as ruleset_store
from riskscreen.store import training_jobs as job_store
from riskscreen.store.analyst_models import Feedback, RuleDraft, RulesetVersion
from riskscreen.store.database import Store
from riskscreen.store.errors import log_failure
from riskscreen.store.feedback import labelled_feedback
from riskscreen.store.tenancy import Scope

log = logging.getLogger("riskscreen.analysis")


def import_folder(store: Store, path: Path, *, actor: str = "import") -> str:
    """Store the rules folder as a version if its content is new; activate it when no version
    is active yet (the first start). Returns the folder's version."""
    version = folder_version(path)
    with store.session() as session:
        known = ruleset_store.get_version(session, version) is not None
        active = ruleset_store.active_version(session)
    if known and active is not None:
        if active != version:
            log.warning("rules folder %s is stored but %s is active; activate the folder's "
                        "version with `riskscreen rulesets activate %s`", version, active, version)
        return version
    files = read_folder(path)
    ruleset = load_files(files)  # a broken folder stops here, naming file and field
    try:
        with store.transaction() as session:
            ruleset_store.save_version(
                session, version=ruleset.version, files=files, actor=actor, parent=None,
                note=f"imported from {Path(path).name}/", rule_count=len(ruleset),
                changes={"source": "folder"})
            if ruleset_store.active_version(session) is None:
                ruleset_store.activate(session, ruleset.version, actor=actor)
    except IntegrityError:  # another process imported the same version at the same moment
        log.info("ruleset %s was imported by another process", ruleset.version)
    return ruleset.version


@dataclass(frozen=True)
class BuiltVersion:
    row: RulesetVersion
    created: bool
    ruleset: RuleSet


def build_version(session: Session, *, actor: str, base: str | None = None,
                  draft_ids: Sequence[str] | None = None, remove: Sequence[str] = (),
                  note: str = "") -> BuiltVersion:
    """A new version: `base` (default: the active one) plus accepted drafts, minus `remove`.

    `draft_ids` None means every accepted draft not yet in a version. Raises DraftError (with
    the field) for drafts that are not accepted or files that do not load together.
    """
    base = base or ruleset_store.active_version(session)
    if base is None:
        raise DraftError([("base", "no active ruleset version to start from")])
    base_files = ruleset_store.files_of(session, base)
    rows = _drafts(session, draft_ids)
    if not rows and not remove:
        raise DraftError([("drafts", "no accepted drafts and no rules to remove: nothing changes")])
    _check_conflicts(session, rows, base, base_files)
    changed = {row.rule_id: row.content for row in rows}  # a later draft of a rule wins
    files = apply_changes(base_files, changed, tuple(remove))
    try:
        ruleset = load_files(files)
    except RuleLoadError as exc:
        raise DraftError([(f"{e.file}: {e.field}".rstrip(": "), e.message)
                          for e in exc.errors]) from exc
    changes = {"drafts": [row.public_id for row in rows], "rules_changed": sorted(changed),
               "rules_removed": sorted(remove)}
    row, created = ruleset_store.save_version(
        session, version=ruleset.version, files=files, actor=actor, parent=base, note=note,
        rule_count=len(ruleset), changes=changes)
    draft_store.mark_included(rows, ruleset.version)
    return BuiltVersion(row, created, ruleset)


def _check_conflicts(session: Session, rows: Sequence[RuleDraft], base: str,
                     base_files: dict[str, str]) -> None:
    """A draft written on another version must not undo a change made to its rule since."""
    problems = []
    for i, row in enumerate(rows):
        if row.base_version == base:
            continue
        try:
            then = ruleset_store.files_of(session, row.base_version)
        except ruleset_store.UnknownVersion:
            continue
        if rule_source(then, row.rule_id) != rule_source(base_files, row.rule_id):
            problems.append((f"drafts[{i}]", f"rule {row.rule_id} changed between "
                             f"{row.base_version}, which draft {row.public_id} was written "
                             f"on, and {base}: write the draft again on {base}"))
    if problems:
        raise DraftError(problems)


def _drafts(session: Session, draft_ids: Sequence[str] | None) -> list[RuleDraft]:
    if draft_ids is None:
        return draft_store.accepted_drafts(session)
    rows = []
    for i, public_id in enumerate(draft_ids):
        row = draft_store.get_draft(session, public_id)
        if row is None:
            raise DraftError([(f"drafts[{i}]", f"no draft {public_id!r}")])
        if row.status != "accepted":
            raise DraftError([(f"drafts[{i}]", f"draft {public_id} is {row.status}, "
                                               "not accepted")])
        rows.append(row)
    return rows


def ruleset_of(session: Session, version: str | None = None) -> RuleSet:
    """A stored version (default: the active one), loaded and compiled (cached)."""
    version = version or ruleset_store.active_version(session)
    if version is None:
        raise ruleset_store.UnknownVersion("no active ruleset version")
    return load_files(ruleset_store.files_of(session, version))


def feedback_item(row: Feedback) -> LabelledText:
    """A feedback row as a labelled text. Without corrected indicators, a confirmed risk keeps
    the indicators the screening found and "not risky" has none."""
    assert row.text is not None
    label = 1 if row.label == "risk_confirmed" else 0
    if row.indicators is not None:
        indicators = tuple(row.indicators)
    else:
        indicators = tuple(row.screened_indicators) if label else ()
    return LabelledText(id=f"feedback-{row.public_id}", kind=row.kind, text=row.text,
                        label=label, indicators=indicators, language=row.language)


def feedback_set(session: Session, scope: Scope) -> tuple[list[LabelledText], int]:
    """The scope's feedback as labelled texts (newest per screening), and how many had no text."""
    rows, without_text = labelled_feedback(session, scope)
    return [feedback_item(row) for row in rows], without_text


def labelled_data(session: Session, scope: Scope, sources: Sequence[str], *,
                  split: str = "all", kind: str | None = None, jsonl: str | None = None,
                  corpus: Path | None = None) -> tuple[list[LabelledText], dict[str, Any]]:
    """The labelled texts of the named sources (corpus, feedback, upload), and a summary.

    The split applies to the corpus only. LabelledSetError names a bad upload line.
    """
    items: list[LabelledText] = []
    info: dict[str, Any] = {"sources": list(sources)}
    if "corpus" in sources:
        found = select_items(read_corpus([corpus or corpus_path()]), split, kind)
        info["corpus"] = len(found)
        items.extend(found)
    if "feedback" in sources:
        found, without_text = feedback_set(session, scope)
        found = select_items(found, "all", kind)
        info["feedback"] = len(found)
        info["feedback_without_text"] = without_text
        items.extend(found)
    if "upload" in sources:
        found = select_items(parse_jsonl(jsonl or "", "jsonl"), "all", kind)
        info["upload"] = len(found)
        items.extend(found)
    merged = list({item.id: item for item in items}.values())
    info["records"] = len(merged)
    return merged, info


def run_training_job(store: Store, job_id: str, request: TrainingRequest,
                     models_dir: Path) -> None:
    """Run one training job and record its progress and outcome on the job row."""

    def update(**changes: Any) -> None:
        with store.transaction() as session:
            row = job_store.job_by_id(session, job_id)
            if row is None:
                return
            result = changes.pop("result", None)
            error = changes.pop("error", None)
            job_store.mark(row, **changes)
            if result is not None:
                row.result = result
                audit.record(session, actor=row.created_by, action="model.trained",
                             target_type="model", target_id=result["version"],
                             tenant_id=row.tenant_id, detail={"job": job_id})
            if error is not None:
                row.error = error

    update(status="running", progress=0.01, message="started")
    try:
        result = run_training(request, models_dir,
                              lambda fraction, message: update(progress=fraction,
                                                               message=message))
    except (TrainingError, ValueError) as exc:
        update(status="failed", message="failed", error=str(exc))
    except Exception as exc:  # a job must end in a state, whatever happened
        log_failure(log, f"training job {job_id} failed", exc)
        update(status="failed", message="failed", error=f"internal error: {type(exc).__name__}")
    else:
        update(status="succeeded", progress=1.0, message=f"trained {result['version']}",
               result=result)
