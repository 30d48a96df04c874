"""What one run of dossier keeps for the next: the cache of checked libraries and their
index (`cache`), and the app's first screen of a large library (`firstscreen`)."""
