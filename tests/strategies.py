"""Hypothesis strategies shared by the property tests: valid libraries as their files' data."""

from hypothesis import strategies as st

from dossier.library.format import STATUSES

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda text: text.strip() == text and text
)


@st.composite
def libraries(draw):
    """A valid library as the data of its files: sources, then one dossier citing them."""
    sources = []
    for number in range(1, draw(st.integers(1, 2)) + 1):
        paragraphs = [
            {"id": f"p{n}", "text": text} for n, text in enumerate(draw(st.lists(texts, min_size=1, max_size=3)), 1)
        ]
        source = {"id": f"source-{number}", "title": draw(texts), "paragraphs": paragraphs}
        if draw(st.booleans()):
            source["publisher"] = draw(texts)
        sources.append(source)
    claims = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        source = draw(st.sampled_from(sources))
        paragraph = draw(st.sampled_from(source["paragraphs"]))
        evidence = {"at": f"{source['id']}#{paragraph['id']}"}
        text = paragraph["text"]
        start = draw(st.integers(0, len(text) - 1))
        quote = text[start : draw(st.integers(start + 1, len(text)))].strip()
        if quote and draw(st.booleans()):
            evidence["quote"] = quote
        claim = {"id": f"claim-{number}", "text": draw(texts), "status": draw(st.sampled_from(STATUSES))}
        if draw(st.booleans()):
            claim["speaker"] = draw(texts)
        if draw(st.booleans()):
            claim["via"] = draw(st.lists(texts, min_size=1, max_size=2))
        claim["evidence"] = [evidence]
        claims.append(claim)
    dossier = {"id": "generated", "title": draw(texts), "claims": claims}
    return sources, dossier
