"""What the app's first screen shows of a large library, kept in the cache ahead of the
rest, so that the screen is drawn before the whole library is read.

At 100,000 claims the cache holds a million objects, and unpickling them takes seconds.
The first screen shows a list of the first hundred claims or so, one claim and one
source. `first_screen` cuts out of a checked library what that needs: the claims the
list shows at start (whole dossiers, as the list groups them), the sources they cite,
and, so that what is shown of them is true, every claim that cites a paragraph of those
sources or that names, or is named by, a listed claim (what a paragraph's "cited by"
and a claim's relations count). Those other claims are there to be counted and named,
not opened: their own sources are not kept (see `FirstScreen.opens`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..library.model import Claim, Dossier, Library, pickled_as_call

# A tall screen's worth of claims (whole dossiers): the first screen shows these, the
# list the rest once the library is read.
LISTED = 100


@pickled_as_call
@dataclass(slots=True)
class FirstScreen:
    library: Library  # the listed claims, and what showing them needs
    listed: tuple[str, ...]  # the ids of the claims the list shows at start, in order
    claims: int  # in the whole library

    def opens(self, claim_id: str) -> bool:
        """Whether the claim can be shown as the whole library shows it: a listed one
        (what names the others, or what their sources are, is not all here)."""
        return claim_id in self.listed


def first_screen(library: Library, listed: int | None = None) -> FirstScreen | None:
    """The part of `library` that its first screen shows, the list at least `listed`
    claims long (LISTED by default); None where the library is no larger than that: it is
    read in the time the part would take."""
    listed = LISTED if listed is None else listed
    if len(library.claims) <= listed:
        return None
    shown: list[Claim] = []
    for claim in library.claims.values():
        if shown and len(shown) >= listed and claim.dossier_id != shown[-1].dossier_id:
            break  # whole dossiers: the list's headings count their claims
        shown.append(claim)
    sources = {evidence.source_id: None for claim in shown for evidence in claim.evidence}
    sources = {source_id: library.sources[source_id] for source_id in sources if source_id in library.sources}
    claims = {claim.id: claim for claim in shown}
    refs = [
        f"{source_id}#{paragraph_id}" for source_id, source in sources.items() for paragraph_id in source.paragraphs
    ]
    for ref in refs:
        for citing, _ in library.citing(ref):
            claims.setdefault(citing.id, citing)
    for claim in shown:
        for link in claim.links:
            claims.setdefault(link.target, library.claims[link.target])
        for naming, _ in library.naming(claim.id):
            claims.setdefault(naming.id, naming)
    dossiers = {}
    whole = {claim.dossier_id for claim in shown}
    for claim in claims.values():
        if claim.dossier_id not in dossiers and claim.dossier_id in library.dossiers:
            dossier = library.dossiers[claim.dossier_id]
            if claim.dossier_id not in whole:  # named, not listed: its other claims are not needed
                dossier = Dossier(dossier.id, dossier.title, [], dossier.location, dossier.summary)
            dossiers[claim.dossier_id] = dossier
    part = Library(
        sources=sources,
        dossiers=dossiers,
        claims=claims,
        files=[],
        citations={ref: library.citations[ref] for ref in refs if ref in library.citations},
        linked_from={claim.id: library.naming(claim.id) for claim in shown if library.naming(claim.id)},
        former_ids={former: now for former, now in library.former_ids.items() if now in claims},
    )
    return FirstScreen(part, tuple(claim.id for claim in shown), len(library.claims))
