"""One file read and checked on its own: its YAML read into nodes, every key and value
checked against the format's table, what it holds made into the model's objects, and
every problem recorded with its line and column (nothing raises for bad content).
The references between files are assembling's to check.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from ..library import format as fmt
from ..library.format import Value
from ..library.model import (
    Archive,
    Claim,
    Dossier,
    Evidence,
    Figure,
    Link,
    Location,
    Paragraph,
    Source,
    Term,
    Version,
)
from ..library.problems import Problem, ReadProblem, shown
from ..text.suggest import Suggestions
from .files import decode_text, read_bytes
from .yamlnodes import Mapping, Node, Scalar, Sequence, compose


@dataclass(slots=True)
class ParsedFile:
    """What one file holds, checked on its own."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    source: Source | None = None
    dossier: Dossier | None = None
    # Ids written in the file whose thing was left out for its errors: references to
    # them are not reported again.
    broken_sources: set[str] = field(default_factory=set)
    broken_claims: set[str] = field(default_factory=set)
    # Claims left out for their own errors: their evidence and relations are still
    # checked, so that every problem is reported in one run.
    rejected_claims: list[Claim] = field(default_factory=list)
    # Where each (claim id, former id) of a claim's `formerly` is written.
    former_locations: dict[tuple[str, str], Location] = field(default_factory=dict)
    glossary: list[Term] = field(default_factory=list)
    # The dossier's claims and each claim's links as written: assembling keeps what the
    # rest of the library allows, and must start from these again when it changes.
    claims_written: list[Claim] = field(default_factory=list)
    links_written: list[tuple] = field(default_factory=list)

    def written_as_now(self) -> None:
        """Take the dossier's claims and links as they are now as what was written."""
        if self.dossier is not None:
            self.claims_written = list(self.dossier.claims)
            self.links_written = [claim.links for claim in self.claims_written]


def read_file(path: str, *, use_libyaml: bool = True) -> ParsedFile:
    data = None
    try:
        data = read_bytes(path)
        text = decode_text(data)
    except ReadProblem as problem:
        parsed = ParsedFile(path, [problem.at(path)])
        if data is not None:  # text that is not UTF-8 may still say which ids it holds
            _note_declared_ids(parsed, data.decode("utf-8", "replace"))
        return parsed
    return parse_file(path, text, use_libyaml=use_libyaml)


def parse_file(path: str, text: str, *, use_libyaml: bool = True) -> ParsedFile:
    """Check the `text` of one file, named `path` in problems."""
    parsed = ParsedFile(path)
    try:
        root, yaml_problems = compose(text, use_libyaml=use_libyaml)
    except ReadProblem as problem:
        parsed.problems.append(problem.at(path))
        _note_declared_ids(parsed, text)
        return parsed
    parsed.problems.extend(problem.at(path) for problem in yaml_problems)
    if root is None:
        parsed.problems.append(Problem(path, 1, 1, "the file has no content, only comments"))
        return parsed
    _FileChecker(parsed).read_root(root)
    return parsed


# How a file declares its ids, read from its lines when it cannot be read as YAML.
_TOP_ID = re.compile(r"^id:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_ITEM_ID = re.compile(r"^[ \t]*-[ \t]+id:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_KIND = re.compile(r"^(paragraphs|claims)[ \t]*:", re.MULTILINE)


def _note_declared_ids(parsed: ParsedFile, text: str) -> None:
    """The ids a file that could not be read declares, from its lines: references to its
    source, or to its claims, are not reported again (the file's own problem says it all)."""
    kinds = {found.group(1) for found in _KIND.finditer(text)}
    if kinds == {"paragraphs"}:
        parsed.broken_sources.update(found.group(2) for found in _TOP_ID.finditer(text))
    elif kinds == {"claims"}:
        parsed.broken_claims.update(found.group(2) for found in _ITEM_ID.finditer(text))


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return f"'{shown(node.value)}'" if node.value else "empty"


def did_you_mean(word: str, choices: Collection[str] | Suggestions) -> str:
    suggestions = choices if isinstance(choices, Suggestions) else Suggestions(choices)
    close = suggestions.closest(word)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Invalid(Exception):
    """A value did not fit its key; the problem has been recorded."""


class _FileChecker:
    """Checks one file's nodes against the format, building model objects."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.path = parsed.path

    def location(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def error(self, node: Node, message: str) -> None:
        self.parsed.problems.append(Problem(self.path, node.line, node.column, message))

    def read_root(self, root: Node) -> None:
        if not isinstance(root, Mapping):
            self.error(root, f"expected a source, a dossier or a glossary (a mapping), not {_describe(root)}")
            return
        keys = {key.value for key, _ in root.items}
        kinds = [kind for kind in ("paragraphs", "claims", "terms") if kind in keys]
        if len(kinds) > 1:
            self.error(
                root, "a file is a source ('paragraphs'), a dossier ('claims') or a glossary ('terms'), one of them"
            )
        elif kinds == ["paragraphs"]:
            self.read_source(root)
        elif kinds == ["claims"]:
            self.read_dossier(root)
        elif kinds == ["terms"]:
            self.read_glossary(root)
        else:
            everything = fmt.SOURCE_KEYS.keys() | fmt.DOSSIER_KEYS.keys() | fmt.GLOSSARY_KEYS.keys()
            for key, _ in root.items:
                if key.value not in everything:
                    self.error(key, f"unknown key '{shown(key.value)}'{did_you_mean(key.value, everything)}")
            self.error(
                root, "not a source (it has no 'paragraphs'), a dossier (no 'claims') nor a glossary (no 'terms')"
            )

    # -- the three kinds of file

    def read_source(self, node: Mapping) -> None:
        errors_before = len(self.parsed.problems)
        values = self.read_mapping(node, "source")
        paragraphs: dict[str, Paragraph] = {}
        source_id = values.get("id")
        for item in self.nonempty_list(values.get("paragraphs"), "paragraphs"):
            fields = self.read_mapping(item, "paragraph")
            if "id" not in fields or "text" not in fields:
                continue
            paragraph_id = fields["id"]
            if paragraph_id in paragraphs:
                first = paragraphs[paragraph_id].location
                self.error(item.get("id"), f"duplicate paragraph id '{paragraph_id}' (first on line {first.line})")
                continue
            paragraphs[paragraph_id] = Paragraph(
                source_id or "", paragraph_id, fields["text"], self.location(item), fields.get("page")
            )
        archive = self.read_archive(values.get("archive"))
        versions = self.read_versions(values.get("versions"))
        if len(self.parsed.problems) > errors_before or source_id is None:
            if source_id:
                self.parsed.broken_sources.add(source_id)
            return
        self.parsed.source = Source(
            id=source_id,
            title=values["title"],
            paragraphs=paragraphs,
            location=self.location(node),
            publisher=values.get("publisher"),
            url=values.get("url"),
            published=values.get("published"),
            authors=tuple(values.get("authors") or ()),
            language=values.get("language"),
            archive=archive,
            versions=versions,
        )

    def read_archive(self, node: Node | None) -> Archive | None:
        if not isinstance(node, Mapping):
            return None
        fields = self.read_mapping(node, "archive")
        if not all(name in fields for name in ("file", "sha256", "size", "kind")):
            return None
        return Archive(
            fields["file"], fields["sha256"], fields["size"], fields["kind"], fields.get("imported"),
            fields.get("extracted_by"), self.location(node),
        )  # fmt: skip

    def read_versions(self, node: Node | None) -> tuple[Version, ...]:
        """A source's earlier versions, numbered 1, 2, … in order."""
        versions = []
        for number, item in enumerate(self.nonempty_list(node, "versions"), 1):
            fields = self.read_mapping(item, "version")
            if "version" in fields and fields["version"] != number:
                self.error(item.get("version"), f"expected version {number}: versions are numbered 1, 2, … in order")
                continue
            paragraphs: dict[str, str] = {}
            for paragraph in self.nonempty_list(fields.get("paragraphs"), "paragraphs"):
                found = self.read_mapping(paragraph, "paragraph")
                if "id" not in found or "text" not in found:
                    continue
                if found["id"] in paragraphs:
                    self.error(paragraph.get("id"), f"duplicate paragraph id '{found['id']}' in version {number}")
                    continue
                paragraphs[found["id"]] = found["text"]
            if "version" in fields and "paragraphs" in fields:
                archive = self.read_archive(fields.get("archive"))
                where = self.location(item)
                versions.append(Version(number, tuple(paragraphs.items()), fields.get("recorded"), archive, where))
        return tuple(versions)

    def read_dossier(self, node: Mapping) -> None:
        errors_before = len(self.parsed.problems)
        values = self.read_mapping(node, "dossier")
        claims_node = values.get("claims")
        dossier_ok = len(self.parsed.problems) == errors_before and "id" in values and "title" in values
        claims = []
        for item in claims_node.items if isinstance(claims_node, Sequence) else ():
            claim, ok = self.read_claim(item, values.get("id", ""))
            if ok and dossier_ok:
                claims.append(claim)
            elif claim is not None:
                self.parsed.rejected_claims.append(claim)
                if claim.id:
                    self.parsed.broken_claims.update((claim.id, *claim.formerly))
        if not dossier_ok:
            return
        self.parsed.dossier = Dossier(
            id=values["id"],
            title=values["title"],
            claims=claims,
            location=self.location(node),
            summary=values.get("summary"),
        )
        self.parsed.written_as_now()

    def read_glossary(self, node: Mapping) -> None:
        values = self.read_mapping(node, "glossary")
        for item in self.nonempty_list(values.get("terms"), "terms"):
            errors_before = len(self.parsed.problems)
            fields = self.read_mapping(item, "term")
            if not isinstance(item, Mapping) or len(self.parsed.problems) > errors_before:
                continue
            same, alias, means = fields.get("same"), fields.get("alias"), fields.get("for")
            where = self.location(item)
            if same is not None and (alias is not None or means is not None):
                self.error(item, "a term is 'same: [...]' or an 'alias' with 'for: [...]', not both")
            elif same is not None:
                if len(same) < 2:
                    self.error(item.get("same"), "'same' needs two terms or more: the ones that mean the same")
                else:
                    self.parsed.glossary.append(Term(tuple(same), where))
            elif alias is not None and means is not None:
                self.parsed.glossary.append(Term(tuple(means), where, alias))
            elif alias is not None:
                self.error(item, "an 'alias' needs 'for': the terms it stands for, e.g. for: [Some Long Name]")
            elif means is not None:
                self.error(item, "a term with 'for' needs its 'alias': the short form that stands for them")
            else:
                self.error(item, "a term is 'same: [troops, soldiers]', or 'alias: NIS' with 'for: [...]'")

    def read_claim(self, node: Node, dossier_id: str) -> tuple[Claim | None, bool]:
        """The claim (None when it is not even a mapping), and whether it is free of errors."""
        errors_before = len(self.parsed.problems)
        values = self.read_mapping(node, "claim")
        if not isinstance(node, Mapping):
            return None, False
        evidence = []
        for item in self.nonempty_list(values.get("evidence"), "evidence"):
            fields = self.read_mapping(item, "evidence")
            if "at" in fields:
                quote_node = item.get("quote") if "quote" in fields else None
                quote_location = self.location(quote_node) if quote_node else None
                evidence.append(
                    Evidence(
                        fields["at"],
                        fields.get("quote"),
                        self.location(item.get("at")),
                        quote_location,
                        was_at=fields.get("was_at"),
                        was_quote=fields.get("was_quote"),
                    )
                )
        figure = None
        if isinstance(values.get("figure"), Mapping):
            fields = self.read_mapping(values["figure"], "figure")
            if "what" in fields and "value" in fields:
                figure = Figure(
                    what=fields["what"],
                    value=fields["value"],
                    bound=fields.get("bound", fmt.DEFAULT_BOUND),
                    unit=fields.get("unit"),
                    location=self.location(values["figure"]),
                )
        links = [
            Link(kind, target, self.location(target_node))
            for kind in fmt.RELATIONS
            for target, target_node in values.get(kind, ())
        ]
        formerly = values.get("formerly", ())
        for former_id, former_node in formerly:
            self.parsed.former_locations[(values.get("id", ""), former_id)] = self.location(former_node)
        claim = Claim(
            id=values.get("id", ""),
            dossier_id=dossier_id,
            text=values.get("text", ""),
            evidence=evidence,
            location=self.location(node),
            speaker=values.get("speaker"),
            via=tuple(values.get("via", ())),
            date=values.get("date"),
            status=values.get("status", fmt.DEFAULT_STATUS),
            tags=tuple(tag for tag, _ in values.get("tags", ())),
            figure=figure,
            links=tuple(links),
            formerly=tuple(dict.fromkeys(former_id for former_id, _ in formerly)),
        )
        return claim, len(self.parsed.problems) == errors_before

    # -- generic checks

    def nonempty_list(self, node: Node | None, key: str) -> list[Node]:
        if not isinstance(node, Sequence):
            return []
        if not node.items:
            self.error(node, f"'{key}' needs at least one item")
        return node.items

    def read_mapping(self, node: Node, kind: str) -> dict:
        """The checked values of a mapping of `kind`, by key; bad ones are left out."""
        keys = fmt.MAPPINGS[kind]
        if not isinstance(node, Mapping):
            self.error(node, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} must be a mapping, not {_describe(node)}")
            return {}
        values = {}
        for key_node, value_node in node.items:
            name = key_node.value
            key = keys.get(name)
            if key is None:
                self.error(key_node, f"unknown key '{shown(name)}' in {kind}{did_you_mean(name, keys)}")
                continue
            with contextlib.suppress(_Invalid):
                values[name] = self.convert(value_node, name, key.value)
        for name, key in keys.items():
            if key.required and node.get(name) is None:
                self.error(node, f"{kind} is missing required key '{name}'")
        return values

    def convert(self, node: Node, name: str, value: Value):
        """A value of the kind `value` from `node`, or _Invalid with the problem recorded."""
        if value is Value.LIST:
            return self.expect(node, Sequence, name, value)
        if value is Value.MAPPING:
            return self.expect(node, Mapping, name, value)
        if value is Value.TEXT_LIST:
            items = self.expect(node, Sequence, name, value, example="[Yonhap]").items
            return self.each(items, lambda item: self.text(item, name))
        if value is Value.ID_LIST:
            items = self.expect(node, Sequence, name, value, example="[some-id]").items
            return self.each(items, lambda item: (self.id(item, name), item))
        if value is Value.ID:
            return self.id(node, name)
        text = self.text(node, name)
        if value is Value.DATE:
            problem = fmt.date_problem(text)
            return self.checked(node, name, text, problem is None, problem or "")
        if value is Value.URL:
            return self.checked(
                node, name, text, fmt.URL_PATTERN.match(text), "must be a URL starting http:// or https://"
            )
        if value is Value.STATUS:
            return self.choice(node, name, text, fmt.STATUSES)
        if value is Value.BOUND:
            return self.choice(node, name, text, fmt.BOUNDS)
        if value is Value.NUMBER:
            return self.number(node, name, text)
        if value is Value.REF:
            return self.checked(node, name, text, fmt.split_ref(text), "must be written source-id#paragraph-id")
        if value is Value.COUNT:
            if not node.plain:
                self.error(node, f"'{name}' must be a whole number, not quoted text: write {text} without quotes")
                raise _Invalid
            return int(self.checked(node, name, text, fmt.COUNT_PATTERN.match(text), "must be a whole number from 1"))
        if value is Value.DIGEST:
            return self.checked(
                node, name, text, fmt.DIGEST_PATTERN.match(text), "must be 64 hex digits, as sha256sum prints"
            )
        if value is Value.TIME:
            return self.checked(
                node, name, text, fmt.TIME_PATTERN.match(text), "must be a time written YYYY-MM-DDTHH:MM:SSZ"
            )
        if value is Value.KIND:
            return self.choice(node, name, text, fmt.SOURCE_KINDS)
        return text

    def each(self, items: list[Node], convert) -> list:
        """Every item converted, every bad one reported before giving up."""
        converted, failed = [], False
        for item in items:
            try:
                converted.append(convert(item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        return converted

    def expect(self, node: Node, node_type: type, name: str, value: Value, example: str = ""):
        if isinstance(node, node_type):
            return node
        hint = f", e.g. {name}: {example}" if example else ""
        self.error(node, f"'{name}' must be {value.value}{hint}, not {_describe(node)}")
        raise _Invalid

    def text(self, node: Node, name: str) -> str:
        if not isinstance(node, Scalar):
            self.error(node, f"'{name}' must be text, not {_describe(node)}")
            raise _Invalid
        if not node.value.strip():
            self.error(node, f"'{name}' is empty: give it a value or remove the key")
            raise _Invalid
        return node.value

    def id(self, node: Node, name: str) -> str:
        text = self.text(node, name)
        message = "must be an id: lowercase letters, digits and hyphens, starting with a letter or digit"
        return self.checked(node, name, text, fmt.ID_PATTERN.match(text), message)

    def checked(self, node: Node, name: str, text: str, ok: object, requirement: str) -> str:
        if not ok:
            self.error(node, f"'{name}' {requirement}, not '{shown(text)}'")
            raise _Invalid
        return text

    def choice(self, node: Node, name: str, text: str, choices: tuple[str, ...]) -> str:
        if text not in choices:
            suggestion = did_you_mean(text, choices)
            self.error(node, f"'{name}' must be one of {', '.join(choices)}, not '{shown(text)}'{suggestion}")
            raise _Invalid
        return text

    def number(self, node: Scalar, name: str, text: str) -> int | float:
        if not fmt.NUMBER_PATTERN.match(text):
            self.error(node, f"'{name}' must be a number such as 11000 (digits, no separators), not '{shown(text)}'")
            raise _Invalid
        if not node.plain:
            self.error(node, f"'{name}' must be a number, not quoted text: write {text} without quotes")
            raise _Invalid
        digits = sum(char.isdigit() for char in text)
        if digits > fmt.MAX_DIGITS:
            # Past this a number is not exact in JSON or in a spreadsheet (and Python will
            # not read an integer of thousands of digits; a long decimal would be infinite).
            self.error(node, f"'{name}' has {digits:,} digits; a figure has at most {fmt.MAX_DIGITS}")
            raise _Invalid
        return float(text) if "." in text else int(text)
