"""Changes to the user's own files: what a claim's addition, change or removal is and its
check (`authoring`), where in the file's text it goes (`splicing`), the all-or-nothing,
locked write (`writing`), and YAML written as people write it (`yamltext`)."""
