"""The machine and the reader: which library a command opens and `init` (`discovery`), the
settings file (`config`), the editor (`editor`), the clipboard (`clipboard`), and what
differs between systems (`system`)."""
