"""Sources that change under you: a new version of a source recorded beside the old
(`recording`), its paragraphs aligned with the old ones so that each keeps its id
(`align`), what became of every quote resting on it (`verdicts`), and the changes
between the two versions, with what accepting each verdict writes (`changes`)."""
