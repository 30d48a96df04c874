"""Bringing sources in: a saved web page, a PDF, plain text or Markdown read into the
paragraphs and fields of a source file, its original archived beside it and verified later.

- `kinds`: what a file is, from its bytes; gzip and charsets
- `webpage/`, `pdf/`, `plain`: each kind read into paragraphs (and the fields it holds); a
  web page's article chosen in `webpage/article` (on `webpage/layout`'s segments), its title
  in `webpage/headline`, a date it shows only in `webpage/dateline`; a PDF's lines in
  `pdf/lines`, its paragraphs in `pdf/paragraphs`; a date as a text writes it, read by
  both, in `dates`
- `original`: any of them, as one `Original` (what `dossier import` writes from)
- `archive`: the original kept, compressed, beside the source; `dossier verify` reads it again

The libraries they use (trafilatura, pypdfium2, markdown-it) are imported by the functions that need
them: the app's start and `dossier --version` never pay for them.
"""
