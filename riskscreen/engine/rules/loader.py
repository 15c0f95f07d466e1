"""Loading a rules folder: every file is validated and every problem is reported at once."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import re2  # type: ignore[import-untyped]
from marshmallow import ValidationError
from spacy.matcher import Matcher

from riskscreen.engine.catalogue import CATALOGUE_FILE, Indicator, parse_catalogue
from riskscreen.engine.errors import RuleError, RuleLoadError
from riskscreen.engine.nlp import get_nlp, lemmatizer_of
from riskscreen.engine.rules.fields import check_condition
from riskscreen.engine.rules.model import (
    Example,
    Examples,
    FieldCondition,
    Pattern,
    PhrasePattern,
    RegexPattern,
    Rule,
    TokenPattern,
)
from riskscreen.engine.rules.regex import RegexError, compile_linear, error_reason
from riskscreen.engine.rules.ruleset import RuleSet
from riskscreen.engine.rules.schema import PatternField, RuleSchema, flatten_errors
from riskscreen.engine.rules.token_stream import TokenPatternError, compile_problem
from riskscreen.engine.rules.tokens import unsupported
from riskscreen.engine.yamlio import YamlError, read_yaml

KNOWN_FALSE_POSITIVES_FILE = "known_false_positives.yaml"
RESERVED_FILES = (CATALOGUE_FILE, KNOWN_FALSE_POSITIVES_FILE)


def rule_files(path: Path) -> list[Path]:
    """The rule files under a rules folder (any depth), sorted; reserved files excluded."""
    found = []
    for file in path.rglob("*"):
        rel = file.relative_to(path)
        if file.suffix not in (".yaml", ".yml") or not file.is_file():
            continue
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() in RESERVED_FILES:
            continue
        found.append(file)
    return sorted(found, key=lambda f: f.relative_to(path).as_posix())


def ruleset_version(path: Path, files: list[Path]) -> str:
    """ "rules-" + 12 hex of sha256 over the sorted relative names and contents."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.relative_to(path).as_posix()):
        digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return "rules-" + digest.hexdigest()[:12]


def load_ruleset(path: Path) -> RuleSet:
    """Load, validate and compile a rules folder, or raise RuleLoadError listing every problem."""
    path = Path(path)
    if not path.is_dir():
        raise RuleLoadError([RuleError(str(path), "", "rules folder not found")])
    errors: list[RuleError] = []
    indicators = _load_catalogue(path / CATALOGUE_FILE, errors)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    files = rule_files(path)
    for file in files:
        rule = _load_rule(file, file.relative_to(path).as_posix(), indicators, seen, errors)
        if rule is not None:
            rules.append(rule)
    if errors:
        raise RuleLoadError(errors)
    catalogue = path / CATALOGUE_FILE
    try:
        return RuleSet(rules, indicators or {}, ruleset_version(path, [catalogue, *files]))
    except (re2.error, TokenPatternError) as exc:  # limits of all the rules together
        message = f"the rules do not compile: {error_reason(exc)}"
        raise RuleLoadError([RuleError(path.name, "", message)]) from exc


def _load_catalogue(file: Path, errors: list[RuleError]) -> dict[str, Indicator] | None:
    if not file.is_file():
        errors.append(RuleError(file.name, "", "indicator catalogue not found"))
        return None
    try:
        data = read_yaml(file)
    except YamlError as exc:
        errors.append(RuleError(file.name, "", str(exc)))
        return None
    indicators, problems = parse_catalogue(data, file.name)
    errors.extend(problems)
    return indicators


def _load_rule(
    file: Path,
    rel: str,
    indicators: dict[str, Indicator] | None,
    seen: dict[str, str],
    errors: list[RuleError],
) -> Rule | None:
    before = len(errors)

    def err(field: str, message: str) -> None:
        errors.append(RuleError(rel, field, message))

    try:
        data = read_yaml(file)
    except YamlError as exc:
        err("", str(exc))
        return None
    if not isinstance(data, dict):
        err("", "a rule file must be a mapping")
        return None
    try:
        loaded: dict[str, Any] = RuleSchema().load(data)
    except ValidationError as exc:
        for field, message in flatten_errors(exc.messages):
            err(field, message)
        loaded = exc.valid_data if isinstance(exc.valid_data, dict) else {}

    rule_id = data.get("id")
    if isinstance(rule_id, str):
        if rule_id != file.stem:
            err("id", f"id {rule_id!r} must equal the file name stem {file.stem!r}")
        if rule_id in seen:
            err("id", f"duplicate id {rule_id!r}, also in {seen[rule_id]}")
        else:
            seen[rule_id] = rel
    indicator = data.get("indicator")
    if isinstance(indicator, str) and indicators is not None and indicator not in indicators:
        err("indicator", f"unknown indicator {indicator!r}: not in {CATALOGUE_FILE}")

    languages = [lang for lang in loaded.get("languages", []) if isinstance(lang, str)]
    patterns: list[Pattern] = []
    raw_patterns = data.get("patterns")
    for i, raw in enumerate(raw_patterns if isinstance(raw_patterns, list) else []):
        try:
            parsed = PatternField().deserialize(raw)
        except ValidationError:
            continue  # already reported by the schema
        pattern = _build_pattern(parsed)
        for field, message in _check_pattern(pattern, languages):
            err(f"patterns[{i}]{field}", message)
        patterns.append(pattern)

    examples = _build_examples(loaded.get("examples"))
    if examples is not None:
        kinds = loaded.get("kinds") or []
        # no_match examples may use another kind or language, to show the rule skips it.
        for group in ("match", "known_gaps"):
            for j, example in enumerate(getattr(examples, group)):
                if example.kind is not None and example.kind not in kinds:
                    err(
                        f"examples.{group}[{j}].kind",
                        f"{example.kind!r} is not one of the rule's kinds",
                    )
                if example.language is not None and example.language not in languages:
                    err(
                        f"examples.{group}[{j}].language",
                        f"{example.language!r} is not one of the rule's languages",
                    )

    if len(errors) > before or examples is None:
        return None
    return Rule(
        id=loaded["id"],
        title=loaded["title"].strip(),
        description=" ".join(loaded["description"].split()),
        indicator=loaded["indicator"],
        status=loaded["status"],
        weight=float(loaded["weight"]),
        languages=tuple(dict.fromkeys(loaded["languages"])),
        kinds=tuple(dict.fromkeys(loaded["kinds"])),
        references=tuple(loaded["references"]),
        negatable=bool(loaded["negatable"]),
        patterns=tuple(patterns),
        examples=examples,
        file=rel,
    )


def _build_pattern(parsed: dict[str, Any]) -> Pattern:
    kind = parsed["kind"]
    if kind == "phrases":
        return PhrasePattern(tuple(parsed["phrases"]), parsed["attr"])
    if kind == "tokens":
        return TokenPattern(tuple(tuple(p) for p in parsed["tokens"]))
    if kind == "regex":
        return RegexPattern(parsed["regex"])
    return FieldCondition(
        parsed["field"], parsed["op"], parsed.get("value"), parsed.get("compare_to")
    )


def _build_examples(raw: Any) -> Examples | None:
    if not isinstance(raw, dict) or "match" not in raw:
        return None

    def build(items: list[dict[str, Any]]) -> tuple[Example, ...]:
        return tuple(
            Example(i["text"], dict(i.get("fields") or {}), i.get("kind"), i.get("language"))
            for i in items
        )

    return Examples(
        build(raw["match"]), build(raw.get("no_match", [])), build(raw.get("known_gaps", []))
    )


def _check_pattern(pattern: Pattern, languages: list[str]) -> list[tuple[str, str]]:
    """Problems that only compiling reveals, as (field suffix, message)."""
    if isinstance(pattern, RegexPattern):
        try:
            compile_linear(pattern.regex)
        except RegexError as exc:
            return [(".regex", str(exc))]
        return []
    if isinstance(pattern, FieldCondition):
        return [(f".{key}", message) for key, message in check_condition(pattern)]
    problems: list[tuple[str, str]] = []
    for lang in languages:
        nlp = get_nlp(lang)
        if isinstance(pattern, PhrasePattern):
            for j, phrase in enumerate(pattern.phrases):
                if not phrase.strip():
                    problems.append((f".phrases[{j}]", "empty phrase"))
        elif isinstance(pattern, TokenPattern):
            lemma_of = lemmatizer_of(nlp).lemma_of
            for j, tokens in enumerate(pattern.tokens):
                booleans = _yaml_booleans(tokens)
                if booleans:
                    problems.append((f".tokens[{j}]", booleans))
                    continue
                matcher = Matcher(nlp.vocab, validate=True)
                try:
                    matcher.add("check", [list(tokens)])
                except Exception as exc:  # spaCy raises several types for bad patterns
                    message = " ".join(str(exc).split())
                    message = re.sub(
                        r"^Invalid token patterns for matcher rule 'check'\s*(Pattern 0:\s*)?",
                        "",
                        message,
                    )
                    problems.append((f".tokens[{j}]", "invalid token pattern: " + message))
                    continue
                for message in unsupported(tokens) + _check_token_values(tokens, lemma_of, lang):
                    problems.append((f".tokens[{j}]", message))
                stream_problem = compile_problem(nlp.vocab, tokens)
                if stream_problem:
                    problems.append((f".tokens[{j}]", stream_problem))
    return list(dict.fromkeys(problems))


def _yaml_booleans(tokens: Any) -> str:
    """YAML 1.1 reads unquoted on/off/yes/no as booleans; say so rather than let spaCy puzzle."""
    for n, token in enumerate(tokens):
        if not isinstance(token, dict):
            continue
        for key, spec in token.items():
            if str(key).upper() == "OP":
                continue
            values = list(spec.values()) if isinstance(spec, dict) else [spec]
            flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
            if str(key).upper() in ("LOWER", "LEMMA", "TEXT", "ORTH", "NORM") and any(
                isinstance(v, bool) for v in flat
            ):
                return (
                    f"token {n} {key}: a value was read as a boolean; YAML turns unquoted "
                    'on/off/yes/no/true/false into booleans, so quote the word ("on")'
                )
    return ""


def _check_token_values(tokens: Any, lemma_of: Any, lang: str) -> list[str]:
    """LOWER values must be lower case and LEMMA values lemmas, or they can never match."""
    problems = []
    for token in tokens:
        for key, spec in token.items():
            attr = str(key).upper()
            if attr not in ("LOWER", "LEMMA"):
                continue
            values: list[Any] = [spec] if isinstance(spec, str) else []
            if isinstance(spec, dict):
                for op in ("IN", "NOT_IN", "=="):
                    found = spec.get(op, spec.get(op.lower()))
                    values.extend(found if isinstance(found, list) else [found] if found else [])
            for value in values:
                if not isinstance(value, str):
                    continue
                if value != value.lower():
                    problems.append(f"{attr} value {value!r} must be lower case")
                elif attr == "LEMMA" and lemma_of(value) != value:
                    lemma = lemma_of(value)
                    problems.append(
                        f"LEMMA value {value!r} is not a {lang} lemma (its lemma is {lemma!r})"
                    )
    return problems
