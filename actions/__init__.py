"""Rasa custom actions of the Meldcode-assistent.

The domain logic lives in `actions.meldcode` (plain Python, no Rasa); the
modules beside it are thin Rasa glue.
"""

from bot.privacy import logfilter

logfilter.install()  # the action server process: no user text in its logs either
