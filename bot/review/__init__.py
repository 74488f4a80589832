"""The reviewer dashboard: force and partner staff audit what residents asked and what the assistant answered.

- `conversations`: read model over Rasa's tracker store + feedback and reviews (product database)
- `app`: the Sanic web app (`python -m bot.review`), GOV.UK Design System, sign-in, CSRF, audit
- `accounts`, `passwords`: reviewers, scrypt hashes, lock-out, server-side sessions, audit log
- `reviews`: "reviewed" marks, flagged turns and their Rasa NLU YAML export
- `insights`, `charts`: weekly numbers and their inline SVG charts
- `retention`, `cli`: `bot logs purge`, `bot reviewers ...`
"""
