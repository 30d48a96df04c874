"""The checked files put together into one Library: ids unique across the library, the
references between files checked (a claim's evidence and relations, former ids, the
glossary), and a library assembled again from the one before when one file changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..library.model import Claim, Evidence, Library, Link, Location, Paragraph, Source, Term
from ..library.problems import Problem, shown
from ..text.quotes import closest_passage, find_quote
from ..text.suggest import Suggestions
from .checking import ParsedFile, did_you_mean


def assemble(
    parsed_files: Iterable[ParsedFile], previous: Library | None = None, steady: set[str] = frozenset()
) -> Library:
    """One library from checked files: ids made unique, references resolved.

    With `previous` (the library assembled before) and `steady` (the files taken from
    it unchanged), a quote of a claim in a steady file, in a source that is the very one
    it was found in then, is taken as found then, with its problem if it had one: finding
    quotes is most of assembling, and an edit changes few of them."""
    library = Library()
    problems = library.problems
    broken_sources: set[str] = set()
    broken_claims: set[str] = set()
    rejected: list[Claim] = []
    former_locations: dict[tuple[str, str], Location] = {}
    held = [0, 0, 0]  # sources, dossiers, claims: what the files hold
    for parsed in parsed_files:
        problems.extend(parsed.problems)
        broken_sources |= parsed.broken_sources
        broken_claims |= parsed.broken_claims
        rejected += parsed.rejected_claims
        former_locations |= parsed.former_locations
        if parsed.source:
            held[0] += 1
            _add_unique(library.sources, parsed.source, "source", problems)
        if parsed.dossier:
            held[1] += 1
            held[2] += len(parsed.claims_written)
            # From what was written, not what an earlier assembly kept: assembling again
            # (as the library reloads) must give what a first one gives.
            for claim, links in zip(parsed.claims_written, parsed.links_written, strict=True):
                claim.links = links
            parsed.dossier.claims = list(parsed.claims_written)
            if _add_unique(library.dossiers, parsed.dossier, "dossier", problems):
                parsed.dossier.claims = _add_claims(library.claims, parsed.dossier.claims, problems)
            else:
                broken_claims.update(i for claim in parsed.dossier.claims for i in (claim.id, *claim.formerly))
    library.broken_ids = (frozenset(broken_sources), frozenset(broken_claims))
    kept = [len(library.sources), len(library.dossiers), len(library.claims)]
    library.whole = not (rejected or former_locations) and held == kept
    _add_former_ids(library, former_locations, problems)
    library.glossary = _glossary([term for parsed in parsed_files for term in parsed.glossary], problems)
    checks = _References(library, broken_sources, broken_claims, problems)
    same_sources = set()
    if previous is not None:
        same_sources = {key for key, source in library.sources.items() if previous.sources.get(key) is source}
    # Once for each of a hundred thousand claims: what it looks up is taken out of the loop.
    earlier_claims = previous.claims if previous is not None else {}
    earlier_anchoring = previous.anchoring if previous is not None else {}
    anchoring, citations, linked_from = library.anchoring, library.citations, library.linked_from
    named_by = library.named_by
    for claim in library.claims.values():
        steady_claim = claim.location.path in steady and earlier_claims.get(claim.id) is claim
        for number, evidence in enumerate(claim.evidence):
            key = (claim.id, number)
            before = None
            if steady_claim and evidence.at.partition("#")[0] in same_sources:  # its source_id
                before = earlier_anchoring.get(key)
            if before is None:
                count = len(problems)
                cited = checks.anchor(evidence) is not None
                before = (cited, problems[count] if len(problems) > count else None)
            elif before[1] is not None:
                problems.append(before[1])
            anchoring[key] = before
            if before[0]:
                citations.setdefault(evidence.at, []).append((claim, evidence))
        if claim.links:
            for link in claim.links:
                named_by.setdefault(link.target, []).append(claim)
            valid = tuple(link for link in claim.links if checks.link(claim, link))
            if len(valid) < len(claim.links):
                library.unresolved.append(claim)
            claim.links = valid
            for link in valid:
                linked_from.setdefault(link.target, []).append((claim, link))
    for claim in rejected:
        for evidence in claim.evidence:
            checks.anchor(evidence)
        for link in claim.links:
            checks.link(claim, link)
    library.assembly_problems = list(problems)
    return library


def assemble_again(parsed_files: list[ParsedFile], previous: Library) -> Library | None:
    """What `assemble(parsed_files)` gives, from `previous`, when one dossier file is all
    that changed since (see assemble_changed); None when more changed."""
    read = previous.read_files
    changed = [parsed for parsed in parsed_files if read.get(parsed.path, (None, None))[1] is not parsed]
    if len(changed) != 1 or [parsed.path for parsed in parsed_files] != previous.files:
        return None
    return assemble_changed(changed[0], previous)


def assemble_changed(new: ParsedFile, previous: Library) -> Library | None:
    """What `assemble` gives for `previous`'s files with `new` in its file's place: its
    claims replace the file's claims before, and only what they touch is checked again
    (their quotes and relations, the relations naming an id that came or went, and those
    that named nothing, whose "did you mean" may change). None when what changed reaches
    further (a source, a glossary, an id used twice, a former id, a claim left out for
    its errors): then assemble does it all. It takes time for what changed, not for the
    size of the library: a writer's check runs it at each save."""
    old = previous.read_files.get(new.path, (None, None))[1]
    if old is None or not (_plain_dossier_file(new) and _plain_dossier_file(old) and new.dossier.id == old.dossier.id):
        return None
    if previous.former_ids or previous.kept or not previous.whole:
        return None
    old_claims, new_claims = old.claims_written, new.claims_written
    old_ids, new_ids = [claim.id for claim in old_claims], [claim.id for claim in new_claims]
    if not old_ids or len(set(new_ids)) != len(new_ids) or any(claim.formerly for claim in new_claims):
        return None
    leaving_ids = set(old_ids)
    if any(claim_id in previous.claims and claim_id not in leaving_ids for claim_id in new_ids):
        return None

    library = Library(sources=dict(previous.sources), glossary=previous.glossary)
    library.broken_ids, library.whole = previous.broken_ids, True
    for claim, links in zip(new_claims, new.links_written, strict=True):
        claim.links = links
    new.dossier.claims = list(new_claims)
    replaced = new.dossier
    library.dossiers = {key: replaced if key == replaced.id else found for key, found in previous.dossiers.items()}
    if new_ids == old_ids:  # the same claims, each in its place
        library.claims = previous.claims.copy()
        library.claims.update(zip(new_ids, new_claims, strict=True))
    else:  # the file's claims are a run in the library's order (files in order, then lines)
        ids, claims = list(previous.claims), list(previous.claims.values())
        start = ids.index(old_ids[0])
        ids[start : start + len(old_ids)], claims[start : start + len(old_ids)] = new_ids, new_claims
        library.claims = dict(zip(ids, claims, strict=True))
    file_number: dict[str, int] = {}

    def place(claim: Claim) -> tuple[int, int]:
        """Where `claim` is in the library's order."""
        path = claim.location.path
        if path not in file_number:
            file_number[path] = previous.files.index(path)
        return file_number[path], claim.location.line

    problems = library.problems
    checks = _References(library, *previous.broken_ids, problems)

    read = previous.read_files
    leaving = {id(claim) for claim in old_claims}
    rechecked = {id(claim): claim for claim in previous.unresolved if id(claim) not in leaving}
    for target in set(old_ids) ^ set(new_ids):
        rechecked |= {id(claim): claim for claim in previous.named_by.get(target, ()) if id(claim) not in leaving}
    written = {id(claim): links for claim, links in zip(new_claims, new.links_written, strict=True)}
    for claim in rechecked.values():
        written[id(claim)] = _links_written(read[claim.location.path][1], claim)
    rechecked_at = {link.location for claim in rechecked.values() for link in written[id(claim)]}
    problems.extend(
        problem
        for problem in previous.assembly_problems
        if problem.path != new.path and Location(problem.path, problem.line, problem.column) not in rechecked_at
    )
    problems.extend(new.problems)

    anchoring = dict(previous.anchoring)
    for claim in old_claims:
        for number in range(len(claim.evidence)):
            anchoring.pop((claim.id, number), None)
    citing: dict[str, list[tuple[Claim, Evidence]]] = {}
    for claim in new_claims:
        for number, evidence in enumerate(claim.evidence):
            count = len(problems)
            cited = checks.anchor(evidence) is not None
            anchoring[(claim.id, number)] = (cited, problems[count] if len(problems) > count else None)
            if cited:
                citing.setdefault(evidence.at, []).append((claim, evidence))
    library.anchoring = anchoring
    citations = dict(previous.citations)
    for ref in {evidence.at for claim in old_claims for evidence in claim.evidence} | citing.keys():
        found = [pair for pair in citations.get(ref, ()) if id(pair[0]) not in leaving] + citing.get(ref, [])
        found.sort(key=lambda pair: place(pair[0]))  # stable: a claim's evidence stays in order
        if found:
            citations[ref] = found
        else:
            citations.pop(ref, None)
    library.citations = citations

    named_by = dict(previous.named_by)
    targets = {link.target for links in old.links_written for link in links}
    for target in targets:
        named_by[target] = [claim for claim in named_by.get(target, ()) if id(claim) not in leaving]
    for claim, links in zip(new_claims, new.links_written, strict=True):
        for link in links:
            targets.add(link.target)
            named_by[link.target] = sorted([*named_by.get(link.target, ()), claim], key=place)
    unresolved = [claim for claim in previous.unresolved if id(claim) not in leaving and id(claim) not in rechecked]
    for claim in [*new_claims, *rechecked.values()]:
        links = written[id(claim)]
        valid = tuple(link for link in links if checks.link(claim, link))
        if len(valid) < len(links):
            unresolved.append(claim)
        claim.links = valid
        targets |= {link.target for link in links}
    linked_from = dict(previous.linked_from)
    for target in targets:
        naming = {id(claim): claim for claim in named_by.get(target, ())}  # a claim naming it twice: once
        found = [(claim, link) for claim in naming.values() for link in claim.links if link.target == target]
        if found:
            linked_from[target] = found
        else:
            linked_from.pop(target, None)
        if not named_by.get(target):
            named_by.pop(target, None)
    library.linked_from = linked_from
    library.named_by = named_by
    library.unresolved = sorted(unresolved, key=place)
    library.assembly_problems = list(problems)
    return library


def _plain_dossier_file(parsed: ParsedFile) -> bool:
    """A dossier file and nothing else, that loaded whole: what assemble_again takes."""
    return (
        parsed.dossier is not None
        and parsed.source is None
        and not (parsed.glossary or parsed.broken_sources or parsed.broken_claims)
        and not (parsed.rejected_claims or parsed.former_locations)
    )


def _links_written(parsed: ParsedFile, claim: Claim) -> tuple:
    """`claim`'s relations as its file wrote them."""
    number = next(number for number, written in enumerate(parsed.claims_written) if written is claim)
    return parsed.links_written[number]


def _glossary(terms: list[Term], problems: list[Problem]) -> list[Term]:
    """The glossaries' entries, each term in one group only and each alias once."""
    seen: dict[str, Term] = {}
    kept = []
    for term in terms:
        written = [term.alias] if term.alias else list(term.terms)
        names = [" ".join(name.casefold().split()) for name in written]
        again = next((name for name in names if name in seen), None)
        if again is not None:
            first = seen[again].location
            kind = "alias" if term.alias else "term"
            message = f"{kind} '{shown(again)}' is already in the glossary at {first.path}:{first.line}"
            problems.append(_problem(term.location, message))
            continue
        seen.update(dict.fromkeys(names, term))
        kept.append(term)
    return kept


def _add_former_ids(library: Library, locations: dict[tuple[str, str], Location], problems: list[Problem]) -> None:
    """Each claim's former ids into `library.former_ids`: an id leads to one claim only."""
    for claim in library.claims.values():
        for former_id in claim.formerly:
            location = locations.get((claim.id, former_id), claim.location)
            if former_id == claim.id:
                problems.append(_problem(location, "a claim cannot name itself in 'formerly'"))
            elif former_id in library.claims:
                where = library.claims[former_id].location
                message = f"'formerly' names '{former_id}', the id of the claim at {where.path}:{where.line}"
                problems.append(_problem(location, message))
            elif former_id in library.former_ids:
                other = library.claims[library.former_ids[former_id]]
                message = f"'{former_id}' is already a former id of claim '{other.id}' ({other.location.path}:"
                problems.append(_problem(location, message + f"{other.location.line})"))
            else:
                library.former_ids[former_id] = claim.id


def _add_claims(table: dict[str, Claim], claims: list[Claim], problems: list[Problem]) -> list[Claim]:
    """`claims` added to `table`, those whose id is already used reported and left out;
    the others. Most files' ids are all new: they go in at once."""
    ids = [claim.id for claim in claims]
    if len(set(ids)) == len(ids) and table.keys().isdisjoint(ids):
        table.update(zip(ids, claims, strict=True))
        return claims
    return [claim for claim in claims if _add_unique(table, claim, "claim", problems)]


def _add_unique(table: dict, item, kind: str, problems: list[Problem]) -> bool:
    first = table.setdefault(item.id, item)
    if first is item:
        return True
    where = f"{first.location.path}:{first.location.line}"
    problems.append(_problem(item.location, f"{kind} id '{item.id}' is already used at {where}"))
    return False


class _References:
    """Checks of what claims point at, reporting what is missing with the nearest
    existing ids (each set of ids indexed once, for every mistake)."""

    def __init__(
        self, library: Library, broken_sources: set[str], broken_claims: set[str], problems: list[Problem]
    ) -> None:
        self.library, self.problems = library, problems
        self.broken_sources, self.broken_claims = broken_sources, broken_claims
        self.claim_ids = Suggestions(library.claims)
        self.source_ids = Suggestions(library.sources)
        self.paragraph_ids: dict[str, Suggestions] = {}

    def link(self, claim: Claim, link: Link) -> bool:
        """Whether `link` leads to a claim; what is wrong with it reported if not."""
        library, problems = self.library, self.problems
        if link.target == claim.id:
            problems.append(_problem(link.location, f"a claim cannot name itself in '{link.kind}'"))
            return False
        if link.target in library.claims:
            return True
        if link.target in library.former_ids:
            now = library.former_ids[link.target]
            message = f"'{link.kind}' names '{link.target}', a former id of claim '{now}': write '{now}'"
            problems.append(_problem(link.location, message))
            return False
        if link.target not in self.broken_claims:
            suggestion = did_you_mean(link.target, self.claim_ids)
            problems.append(_problem(link.location, f"'{link.kind}' names unknown claim '{link.target}'{suggestion}"))
        return False

    def anchor(self, evidence: Evidence) -> Paragraph | None:
        """Find the paragraph and quote `evidence` points at, reporting what is missing."""
        evidence.quote_span, evidence.anchored = None, False  # as if never assembled before
        source = self.library.sources.get(evidence.source_id)
        if source is None:
            if evidence.source_id not in self.broken_sources:
                suggestion = did_you_mean(evidence.source_id, self.source_ids)
                message = f"no source with id '{evidence.source_id}'{suggestion}"
                self.problems.append(_problem(evidence.location, message))
            return None
        paragraph = source.paragraphs.get(evidence.paragraph_id)
        if paragraph is None:
            earlier = _earlier(source, evidence)
            if earlier:  # a new version of the source has it no more: the analyst decides
                where = f"{earlier} of {source.id}"
                message = f"paragraph '{evidence.paragraph_id}' is in {where}, not in version {source.version}"
            else:
                ids = self.paragraph_ids.setdefault(source.id, Suggestions(source.paragraphs))
                suggestion = did_you_mean(evidence.paragraph_id, ids)
                message = f"source '{source.id}' has no paragraph '{evidence.paragraph_id}'{suggestion}"
            self.problems.append(_problem(evidence.location, message + _see_changes(source)))
            return None
        if evidence.quote is None:
            evidence.anchored = True
            return paragraph
        evidence.quote_span = find_quote(paragraph.text, evidence.quote)
        evidence.anchored = evidence.quote_span is not None
        if not evidence.anchored:
            earlier = _earlier(source, evidence)
            if earlier:
                message = f"the quote is in {earlier} of {paragraph.ref}, not in version {source.version}"
            else:
                passage = closest_passage(paragraph.text, evidence.quote)
                message = f'quote not found in {paragraph.ref}; closest passage: "{passage}"'
            message += _see_changes(source)
            self.problems.append(_problem(evidence.quote_location or evidence.location, message))
        return paragraph


def _earlier(source: Source, evidence: Evidence) -> str | None:
    """`version 1`: the earlier version of `source` that holds what `evidence` cites."""
    version = source.version_holding(evidence.paragraph_id, evidence.quote)
    return f"version {version.number}" if version is not None else None


def _see_changes(source: Source) -> str:
    return f" ('dossier changes {source.id}' says where its words are now)" if source.versions else ""


def _problem(location: Location, message: str) -> Problem:
    return Problem(location.path, location.line, location.column, message)
