"""The library as dossier knows it once checked: the format's table of keys (`format`), the
checked model (`model`), problems with their file, line and column (`problems`), and what is
said of it: citations and relation words (`citation`), the analyst views' data (`analysis`),
the fixed vocabularies (`choices`), an id looked up (`lookup`). Imports only `text`."""
