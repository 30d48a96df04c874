"""The mutation fuzzer (tests/fuzzing.py), a bounded run: a few hundred mutants of the
bundled library and of the hostile corpus, each through validate, export and search,
with both YAML parsers. `python -m tests.fuzzing --inputs N` runs longer."""

from .fuzzing import fuzz

INPUTS = 240


def test_mutants_of_the_libraries_keep_every_promise():
    count, findings = fuzz(INPUTS, seed=20261201)
    assert count == INPUTS
    assert not findings, "\n".join(map(str, findings[:5]))
