"""Vetted advice content: the YAML files editors write, the checks they run, and the versioned store.

Modules (nothing here opens a file or a database at import time):

- `models`      pydantic models of `content/referrals.yml` and `content/advice/*.yml`
- `loader`      reads the YAML keeping the line of every value
- `validation`  turns the loaded files into models, with plain-English problems
- `checks`      every rule an editor must pass before publishing (`check_content`)
- `store`       database tables, `publish`, `list_versions`, `diff`, `rollback`
- `service`     what the actions call: advice and referrals of the live version
- `cli`         the `bot content ...` and `bot db ...` commands
"""
