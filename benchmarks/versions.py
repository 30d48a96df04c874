"""How long aligning two versions of a source takes, and judging the quotes resting on it,
against the article's length; beside difflib's SequenceMatcher on the same paragraph lists
(the standard library's diff: it pairs equal paragraphs in order, and neither follows a
moved paragraph nor recognises an edited one), in the same run.

    python -m benchmarks.versions [--sizes 100 500 1000 2000 5000] [--runs 3]

Each article: paragraphs of 40 to 80 random words; the new version has 5% of its
paragraphs edited (a word changed), 2% deleted, 2% inserted, 2% moved elsewhere and one
in twenty split in two; one quote in every other paragraph. Figures: the median of the runs,
and how many ids the alignment kept, of the old paragraphs the edits left (each should keep its own).
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import string
import time

from dossier.versions.align import align
from dossier.versions.verdicts import Cited, verdicts


def article(size: int, rng: random.Random) -> list[str]:
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 10))) for _ in range(5000)]
    return [" ".join(rng.choices(vocabulary, k=rng.randint(40, 80))) for _ in range(size)]


def new_version(old: list[str], rng: random.Random) -> list[str]:
    new = list(old)
    for index in rng.sample(range(len(new)), len(new) // 20):
        words = new[index].split()
        words[rng.randrange(len(words))] = "changed"
        new[index] = " ".join(words)
    for _ in range(len(new) // 50):
        del new[rng.randrange(len(new))]
    for _ in range(len(new) // 50):
        new.insert(
            rng.randrange(len(new)), "an inserted paragraph " + " ".join(rng.choices(string.ascii_lowercase, k=40))
        )
    for _ in range(len(new) // 50):
        new.insert(rng.randrange(len(new)), new.pop(rng.randrange(len(new))))
    for index in rng.sample(range(len(new)), len(new) // 20):
        words = new[index].split()
        new[index] = " ".join(words[: len(words) // 2]) + "\n" + " ".join(words[len(words) // 2 :])
    return [part for text in new for part in text.split("\n")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    columns = f"{'paragraphs':>10} {'align':>9} {'verdicts':>9} {'quotes':>7} {'difflib':>9} {'ratio':>6}"
    print(f"{columns}  ids kept (of the old paragraphs left)")
    for size in args.sizes:
        rng = random.Random(size)
        old_texts = article(size, rng)
        new_texts = new_version(old_texts, rng)
        old = [(f"p{number}", text) for number, text in enumerate(old_texts, 1)]
        cited = [
            Cited(f"c{number}", 0, f"src#p{number}", " ".join(text.split()[5:15]))
            for number, text in enumerate(old_texts, 1)
            if number % 2
        ]
        aligning, judging, diffing = [], [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            alignment = align(old, new_texts)
            aligning.append(time.perf_counter() - started)
            new = {paragraph.id: paragraph.text for paragraph in alignment.paragraphs}
            started = time.perf_counter()
            found = verdicts("src", dict(old), new, cited)
            judging.append(time.perf_counter() - started)
            started = time.perf_counter()
            difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False).get_opcodes()
            diffing.append(time.perf_counter() - started)
        kept = sum(1 for paragraph in alignment.paragraphs if paragraph.status != "added")
        took, judged, peer = (statistics.median(times) for times in (aligning, judging, diffing))
        tally = {
            verdict: sum(1 for one in found if one.verdict == verdict)
            for verdict in ("unchanged", "moved", "edited", "removed", "ambiguous")
        }
        verdict_counts = ", ".join(f"{count} {name}" for name, count in tally.items() if count)
        print(
            f"{size:>10,} {took * 1000:>7.1f}ms {judged * 1000:>7.1f}ms {len(cited):>7,} {peer * 1000:>7.1f}ms "
            f"{took / peer if peer else 0:>6.2f}  {kept:,} of {size - size // 50:,} ({verdict_counts})"
        )


if __name__ == "__main__":
    main()
