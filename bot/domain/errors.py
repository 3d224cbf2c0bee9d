"""Errors of the core, typed; the edge turns each into words in the user's language by its `code`."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the follow-up domain said no. `code` names a text in the catalogues; `params` fill it."""

    code = "error.domain"

    def __init__(self, **params: object) -> None:
        super().__init__(self.code, params)
        self.params = params


class InvalidInput(DomainError):
    code = "error.invalid_input"


class InvalidOrgNumber(InvalidInput):
    code = "error.org_number_invalid"


class NotFound(DomainError):
    code = "error.not_found"


class AlreadyExists(DomainError):
    code = "error.already_exists"


class SupplierExists(AlreadyExists):
    code = "error.supplier_exists"


class NotAllowed(DomainError):
    code = "error.not_allowed"
