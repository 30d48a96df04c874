"""A seeded generator of synthetic libraries that read like news reporting.

Every source is an article of paragraphs built from sentence patterns filled with
words drawn with a Zipf-like skew from generated vocabularies (people, places,
organisations, outlets, numbers written as reporters write them), so that the text
varies as prose does instead of repeating. Every claim paraphrases a sentence of one
paragraph and quotes it exactly; some cite two or three reports, some are relayed,
carry figures, or update, contradict or support an earlier claim.

    python -m benchmarks.generate --claims 10000 OUT_DIR

The same seed and size always give the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
from pathlib import Path

PARAGRAPHS_PER_CLAIM = 5
PARAGRAPHS_PER_SOURCE = 20
CLAIMS_PER_DOSSIER = 50


def _pool(text: str) -> list[str]:
    return text.split()


_SYLLABLES = _pool(
    "ka ri mo sa le vin dra to ne ko ba yu shen lo mar ti eva no gor han sel ben "
    "ju wen pa ra do kim mi zel ski ov ana bel fi ro cha li tan dem ush ol ger ny"
)
_COMMON = _pool(
    "officials troops soldiers forces ministry government agency report reports region border "
    "village city capital talks ceasefire negotiations agreement sanctions drones missiles "
    "artillery casualties prisoners intelligence statement briefing interview estimate figures "
    "attack offensive defence supplies equipment convoy aid refugees civilians hospital "
    "election parliament president minister spokesperson commander general officers "
    "deployment withdrawal frontline positions territory infrastructure energy grid port "
    "shipment weapons ammunition battalion brigade unit operation mission envoy delegation "
    "summit proposal plan deadline warning threat response investigation evidence footage "
    "photos documents satellite images analysts observers diplomats lawmakers"
)
_VERBS = _pool(
    "said stated claimed confirmed denied reported estimated warned announced suggested "
    "acknowledged insisted argued noted added told wrote disclosed revealed alleged"
)
_ACTIONS = _pool(
    "captured seized deployed withdrew attacked defended shelled reached crossed destroyed "
    "evacuated delivered intercepted recovered lost gained rebuilt blocked inspected"
)
_ADJECTIVES = _pool(
    "heavy fresh major renewed limited significant unverified preliminary official "
    "independent northern southern eastern western remote strategic coastal disputed"
)
_ROLES = _pool(
    "spokesperson adviser analyst commander minister deputy minister envoy researcher "
    "official lawmaker governor mayor colonel general director"
)
_ORGANISATIONS = ("Ministry of {}", "{} Institute", "{} Command", "{} Council", "{} Agency")
_OUTLETS = ("{} News", "The {} Times", "{} Daily", "{} Radio", "{} Press")
_UNITS = ("soldiers", "troops", "civilians", "drones", "missiles", "tanks", "people", "prisoners", "shells")
_MONTHS = _pool("January February March April May June July August September October November December")
_DAYS = _pool("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_TEMPLATES = (
    "{org} {verb} on {day} that {number} {unit} had been {action} near {place}.",
    "According to {outlet}, {person} {verb} the {term} {noun} in {place} was {adjective}.",
    "“{Clause},” {person}, a {role} at the {org}, told {outlet}.",
    "{person} {verb} that {org} {action} {number} {unit} between {date} and {date2}.",
    "The {adjective} {noun} in {place} follows weeks of {term} {noun2} along the {noun3}.",
    "{outlet} could not independently verify the {noun} or the {noun2}.",
    "In {place}, {number} {unit} were {action} after the {adjective} {noun}, {person} {verb}.",
    "The {org} has not commented on the {term} {noun}, and {person} declined to give figures.",
    "{person}'s office {verb} that the {noun} would be {action} by {date}.",
    "Analysts at the {org} put the figure at {number} {unit}, well above {person}'s estimate.",
    "On {date}, {person} {verb} on X that the {noun} had {action} {place}.",
    "Neither {org} nor {org2} has confirmed the {adjective} {noun} near {place}.",
)
_LOWERED = {"The", "In", "On", "Neither", "According", "Analysts"}
_CLAUSES = (
    "we have {action} {number} {unit} in {place}",
    "the {noun} is {adjective} and the {term} {noun2} continues",
    "there is no {noun} without {noun2}",
    "{org} will answer for the {noun}",
)


class _Vocabulary:
    """Word pools, each drawn with a Zipf-like skew: a few names recur, most are rare."""

    def __init__(self, rng: random.Random, scale: int) -> None:
        self.rng = rng

        def word(low: int, high: int) -> str:
            return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()

        self.pools = {
            "person": [f"{word(1, 2)} {word(2, 3)}" for _ in range(max(200, scale // 4))],
            "place": [word(2, 4) for _ in range(max(100, scale // 2))],
            # The long tail of prose: rare words, most of which occur once or twice.
            "term": [word(2, 4).lower() for _ in range(max(500, scale))],
            "org": [rng.choice(_ORGANISATIONS).format(word(2, 3)) for _ in range(max(60, scale // 50))],
            "outlet": [rng.choice(_OUTLETS).format(word(2, 3)) for _ in range(max(40, scale // 100))],
            "noun": _COMMON,
            "verb": _VERBS,
            "action": _ACTIONS,
            "adjective": _ADJECTIVES,
            "role": _ROLES,
            "unit": list(_UNITS),
        }
        self._weights = {
            name: list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(pool))))
            for name, pool in self.pools.items()
        }

    def pick(self, name: str) -> str:
        return self.rng.choices(self.pools[name], cum_weights=self._weights[name])[0]

    def number(self) -> tuple[int, str]:
        """A figure and how a reporter writes it: 12, 3,000, 11000."""
        value = int(10 ** self.rng.uniform(0.5, 5.2))
        if value >= 1000 and self.rng.random() < 0.3:
            value = round(value, -3)
        written = f"{value:,}" if self.rng.random() < 0.8 else str(value)
        return value, written

    def date(self) -> tuple[str, str]:
        month, day = self.rng.randrange(12), self.rng.randint(1, 28)
        return f"2024-{month + 1:02d}-{day:02d}", f"{_MONTHS[month]} {day}"


def _sentence(vocabulary: _Vocabulary) -> tuple[str, dict]:
    """One sentence and the facts in it (person, figure, date) for a claim to carry."""
    rng = vocabulary.rng
    value, number = vocabulary.number()
    iso_date, date = vocabulary.date()
    slots = {name: vocabulary.pick(name) for name in vocabulary.pools}
    slots |= {
        "org2": vocabulary.pick("org"),
        "noun2": vocabulary.pick("noun"),
        "noun3": vocabulary.pick("noun"),
        "number": number,
        "date": date,
        "date2": vocabulary.date()[1],
        "day": rng.choice(_DAYS),
    }
    slots["Clause"] = rng.choice(_CLAUSES).format(**slots).capitalize()
    template = rng.choice(_TEMPLATES)
    facts = {"person": slots["person"], "date": iso_date if "{date}" in template else None}
    if "{number}" in template:
        facts["figure"] = (value, slots["unit"])
    return template.format(**slots), facts


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def generate(claims: int, out: Path, seed: int = 1) -> Path:
    """Write a library of `claims` claims (and five paragraphs for each) under `out`."""
    rng = random.Random(seed)
    vocabulary = _Vocabulary(rng, claims)
    paragraph_count = claims * PARAGRAPHS_PER_CLAIM
    source_count = -(-paragraph_count // PARAGRAPHS_PER_SOURCE)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "dossiers").mkdir(parents=True, exist_ok=True)
    # Every source's sentences, kept so that claims can quote them.
    sentences: list[list[list[tuple[str, dict]]]] = []
    for number in range(source_count):
        source_id = f"report-{number:06d}"
        paragraphs = [[_sentence(vocabulary) for _ in range(rng.randint(4, 8))] for _ in range(PARAGRAPHS_PER_SOURCE)]
        sentences.append(paragraphs)
        lines = [
            f"id: {source_id}",
            f"title: {_quoted(paragraphs[0][0][0].rstrip('.'))}",
            f"publisher: {_quoted(vocabulary.pick('outlet'))}",
            f"url: https://example.org/{source_id}",
            f"published: {vocabulary.date()[0]}",
            "paragraphs:",
        ]
        for index, paragraph in enumerate(paragraphs, 1):
            lines += [f"  - id: p{index}", f"    text: {_quoted(' '.join(text for text, _ in paragraph))}"]
        _write(out / "sources" / f"{source_id}.yaml", lines)

    claim_number = itertools.count()
    for dossier_number in range(-(-claims // CLAIMS_PER_DOSSIER)):
        dossier_id = f"dossier-{dossier_number:05d}"
        title = f"Reporting on {vocabulary.pick('place')} and the {vocabulary.pick('noun')}"
        lines = [
            f"id: {dossier_id}",
            f"title: {_quoted(title)}",
            "claims:",
        ]
        written: list[str] = []
        for _ in range(min(CLAIMS_PER_DOSSIER, claims - dossier_number * CLAIMS_PER_DOSSIER)):
            claim_id = f"claim-{next(claim_number):06d}"
            lines += _claim(rng, vocabulary, claim_id, sentences, written)
            written.append(claim_id)
        _write(out / "dossiers" / f"{dossier_id}.yaml", lines)
    return out


def _claim(rng: random.Random, vocabulary: _Vocabulary, claim_id: str, sentences, written: list[str]) -> list[str]:
    source = rng.randrange(len(sentences))
    paragraph = rng.randrange(PARAGRAPHS_PER_SOURCE)
    text, facts = rng.choice(sentences[source][paragraph])
    speaker = facts["person"] if rng.random() < 0.7 else None
    said = rng.choice(("said", "reported", "claimed", "estimated"))
    first, _, rest = text.partition(" ")
    if first in _LOWERED:  # "… said that the agency …", but never "that ka Firo"
        first = first.lower()
    claim_text = f"{speaker} {said} that {first} {rest}" if speaker else text
    lines = [f"  - id: {claim_id}", f"    text: {_quoted(claim_text)}"]
    if speaker:
        lines.append(f"    speaker: {_quoted(speaker)}")
        if rng.random() < 0.3:
            lines.append(f"    via: [{_quoted(vocabulary.pick('outlet'))}]")
    if facts["date"]:
        lines.append(f"    date: {facts['date']}")
    lines.append(f"    status: {rng.choices(('reported', 'confirmed', 'disputed', 'denied'), (6, 2, 1, 1))[0]}")
    lines.append(f"    tags: [{', '.join(sorted({vocabulary.pick('noun') for _ in range(rng.randint(1, 3))}))}]")
    if "figure" in facts:
        value, unit = facts["figure"]
        what = f"{unit}-{rng.choice(('lost', 'deployed', 'captured', 'evacuated'))}"
        lines += ["    figure:", f"      what: {what}", f"      value: {value}", f"      unit: {unit}"]
    lines.append("    evidence:")
    cited = [(source, paragraph, text)]
    for _ in range(rng.choices((0, 1, 2), (7, 2, 1))[0]):
        other, other_paragraph = rng.randrange(len(sentences)), rng.randrange(PARAGRAPHS_PER_SOURCE)
        cited.append((other, other_paragraph, rng.choice(sentences[other][other_paragraph])[0]))
    for cited_source, cited_paragraph, quote in cited:
        words = quote.split()
        start = rng.randrange(max(1, len(words) - 6))
        lines += [
            f"      - at: report-{cited_source:06d}#p{cited_paragraph + 1}",
            f"        quote: {_quoted(' '.join(words[start : start + rng.randint(6, 14)]))}",
        ]
    if written and rng.random() < 0.1:
        kind = rng.choice(("updates", "contradicts", "supports"))
        lines.append(f"    {kind}: [{rng.choice(written[-20:])}]")
    return lines


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def cached_library(claims: int, seed: int = 1) -> Path:
    """A generated library in the user's cache, generated once per size, seed and
    version of this generator."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier-benchmarks"
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    out = root / f"library-{claims}-seed{seed}-{version}"
    done = out / ".complete"
    if not done.exists():
        generate(claims, out, seed)
        done.write_text("generated\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic library for benchmarks.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.claims, args.out, args.seed)


if __name__ == "__main__":
    main()
