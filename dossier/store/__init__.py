"""The library's files on disk: finding and reading them (`files`), YAML read into nodes
with positions (`yamlnodes`), each file checked against the format and the whole assembled
(`loader`), the helper process that reads for a large library (`reading`), and knowing
when files change (`watching`, `freshness`)."""
