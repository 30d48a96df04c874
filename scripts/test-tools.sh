#!/bin/sh
# What dossier's tests need from the system, installed where it is missing: tmux (the
# tests in a real terminal), jq (the README's examples), zsh and fish (the completion
# scripts), groff with its PDF output (the PDFs the import tests read are typeset by it),
# and Python's venv (a separate package on Debian and Ubuntu). On Debian and
# Ubuntu it installs them with apt-get, through sudo when not run as root; elsewhere it
# names what to install by hand, and fails. Nothing is done when all are there.
set -eu

missing=""
for tool in tmux jq zsh fish; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
# groff-base (which man needs) has groff but not gropdf, its PDF output: the groff package does.
command -v gropdf >/dev/null 2>&1 || missing="$missing groff"
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$missing python3-venv"
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "dossier's tests need:$missing. This system has no apt-get: install them with its own" \
        "package manager (macOS: brew install tmux jq zsh fish groff; Fedora: sudo dnf install tmux jq zsh fish" \
        "groff-perl; Arch: sudo pacman -S tmux jq zsh fish groff), then run the tests again." >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "dossier's tests need:$missing. Installing them takes root, and there is no sudo:" \
            "as root, run: apt-get install$missing" >&2
        exit 1
    fi
    sudo="sudo"
fi
echo "Installing what the tests need:$missing (apt-get)" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
