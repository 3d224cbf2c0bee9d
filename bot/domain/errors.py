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


# --- editing the register: typed answers and the rules they break ---


class TextEmpty(InvalidInput):
    code = "error.text_empty"


class TextTooLong(InvalidInput):
    code = "error.text_too_long"


class InvalidDate(InvalidInput):
    code = "edit.error.date"


class EndBeforeStart(InvalidInput):
    code = "edit.error.end_before_start"


class InvalidAmount(InvalidInput):
    code = "edit.error.amount"


class InvalidNoticeMonths(InvalidInput):
    code = "edit.error.notice_months"


class InvalidEmail(InvalidInput):
    code = "edit.error.email"


class InvalidPhone(InvalidInput):
    code = "edit.error.phone"


class InvalidReference(InvalidInput):
    code = "contract.error.reference"


class InvalidStatus(InvalidInput):
    code = "contract.error.status"


class InvalidParty(InvalidInput):
    code = "contact.error.party"


class InvalidRole(InvalidInput):
    code = "contact.error.role"


class ContractExists(AlreadyExists):
    code = "contract.error.exists"


class ContractNotFound(NotFound):
    code = "contract.error.not_found"


class SupplierNotFound(NotFound):
    code = "contract.error.supplier_not_found"


class SupplierAmbiguous(DomainError):
    code = "contract.error.supplier_ambiguous"


class AlreadyOnTeam(AlreadyExists):
    code = "contact.error.already_on_team"


# --- reporting KPIs ---


class InvalidMeasure(InvalidInput):
    code = "kpi.error.value"
