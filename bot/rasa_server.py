"""The Rasa server process: `python -m rasa`, with two performance fixes applied first.

Measured with py-spy on this assistant under load (10 conversations at once):

1. Rasa 3.6 checks every reply of the action server against its JSON schema
   with `jsonschema.validate`, which also checks the schema itself against the
   JSON-Schema meta-schema on every call: a third of the Rasa server's CPU
   time. `install()` makes the same check with a validator built once: the
   same schema, the same errors, the same message.
2. Rebuilding a conversation from the tracker store looks up the class of
   every event by walking all subclasses of `Event` (`Event.resolve_by_type`):
   a tenth of the CPU time. `install()` remembers each name's class once found;
   unknown names still go to Rasa's own lookup (and its error).

The launcher starts the Rasa server as `python -m bot.rasa_server run ...`;
everything else is Rasa's own command line.
"""

from __future__ import annotations

from typing import Any


def compiled_validator(schema: dict[str, Any]) -> Any:
    """The validator `jsonschema.validate` would build for `schema`, after the same schema check."""
    from jsonschema.validators import validator_for

    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def install() -> None:
    """Route RemoteAction's response check through a validator built once."""
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    validator = compiled_validator(RemoteAction.action_response_format_spec())  # a fixed schema

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        # Rasa 3.6's method, with jsonschema.validate(result, schema) spelled out
        try:
            error = best_match(validator.iter_errors(result))
            if error is not None:
                raise error
            return True
        except ValidationError as e:
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    RemoteAction._validate_action_result = _validate_action_result
    _remember_event_classes()


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    lookup = Event.__dict__["resolve_by_type"].__func__  # Rasa's own, not an earlier install()
    lookup = getattr(lookup, "rasa_original", lookup)
    known: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        if type_name in known:
            return known[type_name]
        cls = lookup(type_name, default)
        if cls is not None and getattr(cls, "type_name", None) == type_name:
            known[type_name] = cls
        return cls

    resolve_by_type.rasa_original = lookup
    Event.resolve_by_type = staticmethod(resolve_by_type)


if __name__ == "__main__":
    install()
    from rasa.__main__ import main

    main()
