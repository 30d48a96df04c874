"""The library as one run of dossier holds it: the cache of checked libraries and their
index, kept for the next run (`cache`), the app's first screen of a large library
(`firstscreen`), the helper process a large library is read in (`reading`), and the live
library the app drives, loaded, kept current, written to and cached (`live`)."""
