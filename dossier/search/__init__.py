"""Finding claims and paragraphs from what a reader types: the query language (`query`),
how a typed word matches a word of the text (`matching`), the glossary's other words
(`glossary`), which entries hold which words (`wordindex`), the index and its ranking
(`index`), what a search found (`results`), and the index as a file a new process reads
(`searchfile`)."""
