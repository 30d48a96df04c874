"""dossier: browse research dossiers whose every claim points at its source paragraph."""

__version__ = "0.1.0"
