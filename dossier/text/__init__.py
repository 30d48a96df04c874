"""Text, before there is a library: words folded and stemmed for search (`terms`), a quote
found in a paragraph as a reader would find it (`quotes`), a quote chosen word by word
(`selection`), text made safe for a terminal and counted (`textsafe`), and the nearest names
for "did you mean" (`suggest`). Imports nothing else of dossier's."""
