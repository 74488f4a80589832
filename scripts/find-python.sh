#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs Python 3.8-3.10; 3.10 is used
# and pinned). Tries, in order: $PYTHON, python3.10 on PATH, pyenv's 3.10.x through
# PYENV_VERSION, then pyenv's versions folder. Fails with what to install.
set -u
ok() { "$@" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ] && ok "$PYTHON"; then command -v "$PYTHON"; exit 0; fi
if command -v python3.10 >/dev/null 2>&1 && ok python3.10; then
  python3.10 -c 'import sys; print(sys.executable)'; exit 0
fi
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for version in $(ls -1 "$root/versions" 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
    if PYENV_VERSION="$version" ok python3.10; then
      PYENV_VERSION="$version" python3.10 -c 'import sys; print(sys.executable)'; exit 0
    fi
    if ok "$root/versions/$version/bin/python3.10"; then echo "$root/versions/$version/bin/python3.10"; exit 0; fi
  done
fi
for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  if [ -x "$candidate" ] && ok "$candidate"; then echo "$candidate"; exit 0; fi
done
cat >&2 <<'MSG'
error: Python 3.10 was not found. Rasa Open Source 3.6 runs only on Python 3.8-3.10.
Install it, for example:  pyenv install 3.10.13   (or: apt-get install python3.10 python3.10-venv)
or point to one:          make PYTHON=/path/to/python3.10 run
MSG
exit 1
