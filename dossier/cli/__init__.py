"""The command line, a thin face on the core: the parser and which command runs (`main`),
its exit statuses and usage errors (`exits`), each command (`commands`, `search`), text for
a terminal or a pipe (`plaintext`, `layout`), exports (`report`), and the completion
scripts and man page made from the parser (`completion`, `manpage`)."""
