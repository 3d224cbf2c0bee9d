""""ändra uppföljningsplan för 2024-017" (a coordinator, one contract) and "ändra standardplan för flaskhals"
(an administrator, a segment's defaults): what to change → which setting (a card of the settings with their
values) → the new value, checked against the setting's limits → confirm → saved. Nothing is written before the
yes."""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.domain.access import Permission, allowed, may_adjust_plan
from bot.domain.contracts import Segment
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.plan_settings import LIMITS, PlanSetting, parse_setting, setting_of
from bot.i18n import Texts
from bot.plan_words import SEGMENTS, error_text, read_segment, segment_name, setting_value_text
from bot.services.follow_up_plans import (
    PlanContractNotFound,
    adjust_plan,
    change_default,
    contract_plan,
    contracts_named,
    segment_default,
)
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from cards.render import attachment, render_card
from dialogs.answers import chosen_id
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import confirm_prompt, say, text_prompt, yes_no_validator
from dialogs.turn import person_of, texts_of

SETTINGS = tuple(PlanSetting)


class NotAChoice(InvalidInput):
    code = "plan.error.choice"


class NoContractNamed(InvalidInput):
    code = "plan.no_match"


class SeveralContractsNamed(InvalidInput):
    code = "plan.several"


class _ChangePlanSetting(InterruptibleDialog):
    """The steps both dialogs share, after the one that finds what to change (`_target`)."""

    def __init__(self, dialog_id: str, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(dialog_id)
        self._unit_of_work = unit_of_work
        self.add_dialog(TextPrompt("plan.target", self._validator(self._target_answer)))
        self.add_dialog(TextPrompt("plan.setting", self._validator(_setting_answer)))
        self.add_dialog(TextPrompt("plan.value", self._validator(_value_answer)))
        self.add_dialog(TextPrompt("plan.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("plan.steps", [
            self._target, self._choose_setting, self._ask_value, self._confirm, self._save]))
        self.initial_dialog_id = "plan.steps"

    # --- what each dialog decides ---

    async def _target(self, step: WaterfallStepContext) -> DialogTurnResult:
        raise NotImplementedError

    async def _target_answer(self, prompt: PromptValidatorContext, text: str) -> Any:
        raise NotImplementedError

    async def _plan_of(self, step: WaterfallStepContext) -> tuple[str, FollowUpPlan] | None:
        """The subject in words and its plan; None (after saying why) when the user may not change it."""
        raise NotImplementedError

    async def _store(self, step: WaterfallStepContext, setting: PlanSetting, value: Any) -> str:
        """Save the change; what to tell the user."""
        raise NotImplementedError

    # --- the shared steps ---

    async def _choose_setting(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["target"] = step.result
        found = await self._plan_of(step)
        if found is None:
            return await step.end_dialog()
        subject, plan = found
        step.values["subject"] = subject
        texts = texts_of(step.context)
        choices = [{"id": setting.value, "answer": texts(f"plan.setting.{setting.value}"),
                    "value": setting_value_text(texts, setting, setting_of(plan, setting))} for setting in SETTINGS]
        card = render_card("choices", {
            "title": texts("plan.ask_setting", subject=subject),
            "choices": [{**choice, "label": f"{number}. {choice['answer']}"}
                        for number, choice in enumerate(choices, 1)],
            "question": texts("plan.ask_setting_question", count=len(choices)),
        })
        card["actions"] = []  # nine settings are more buttons than Teams shows; the numbers answer
        return await step.prompt("plan.setting", PromptOptions(prompt=MessageFactory.attachment(attachment(card)),
                                                               validations={"choices": choices}))

    async def _ask_value(self, step: WaterfallStepContext) -> DialogTurnResult:
        setting = PlanSetting(step.result)
        step.values["setting"] = setting.value
        texts = texts_of(step.context)
        _, plan = await self._plan_of(step)
        text = texts("plan.ask_value", setting=texts(f"plan.setting.{setting.value}"),
                     current=setting_value_text(texts, setting, setting_of(plan, setting)),
                     hint=_hint(texts, setting))
        return await step.prompt("plan.value", text_prompt(text, {"setting": setting.value}))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["typed"] = step.result
        texts = texts_of(step.context)
        setting = PlanSetting(step.values["setting"])
        _, plan = await self._plan_of(step)
        facts = [
            (texts("plan.fact.setting"), texts(f"plan.setting.{setting.value}")),
            (texts("plan.fact.now"), setting_value_text(texts, setting, setting_of(plan, setting))),
            (texts("plan.fact.new"), setting_value_text(texts, setting, parse_setting(setting, step.result))),
        ]
        title = texts("plan.confirm_title", subject=step.values["subject"])
        return await step.prompt("plan.confirm", confirm_prompt(texts, title, facts, texts("plan.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        setting = PlanSetting(step.values["setting"])
        texts = texts_of(step.context)
        try:
            said = await self._store(step, setting, parse_setting(setting, step.values["typed"]))
        except DomainError as error:
            said = error_text(texts, error)
        await step.context.send_activity(MessageFactory.text(said))
        return await step.end_dialog()

    def _validator(self, parse):
        async def validate(prompt: PromptValidatorContext) -> bool:
            try:
                value = await parse(prompt, prompt.recognized.value or "")
            except DomainError as error:
                await prompt.context.send_activity(MessageFactory.text(error_text(texts_of(prompt.context), error)))
                return False
            prompt.recognized.value = value
            return True

        return validate


class ChangePlanDialog(_ChangePlanSetting):
    """One contract's plan; begun with the contract's reference, title or supplier, if the command named it."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        super().__init__(ChangePlanDialog.__name__, unit_of_work)
        self._catalogue = catalogue

    async def _target(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        typed = step.options if isinstance(step.options, str) and step.options else None
        if typed is None:
            return await step.prompt("plan.target", text_prompt(texts("plan.ask_which_contract")))
        hits = await contracts_named(self._catalogue, person_of(step.context), typed)
        if not hits:
            await say(step.context, "plan.no_match", value=typed[:60])
            return await step.end_dialog()
        if len(hits) == 1:
            return await step.next(hits[0].id)
        choices = [{"id": hit.id, "answer": hit.label.split(" ", 1)[0], "value": hit.label} for hit in hits]
        card = render_card("choices", {
            "title": texts("plan.choose_title", subject=typed[:60]),
            "choices": [{**choice, "label": f"{number}."} for number, choice in enumerate(choices, 1)],
            "question": texts("plan.choose_text"),
        })
        return await step.prompt("plan.target", PromptOptions(prompt=MessageFactory.attachment(attachment(card)),
                                                              validations={"choices": choices}))

    async def _target_answer(self, prompt: PromptValidatorContext, text: str) -> int:
        choices = (prompt.options.validations or {}).get("choices")
        if choices:
            chosen = chosen_id(choices, text)
            if chosen is None:
                raise NotAChoice(value=text.strip()[:60], count=len(choices))
            return chosen
        hits = await contracts_named(self._catalogue, person_of(prompt.context), text.strip())
        if not hits:
            raise NoContractNamed(value=text.strip()[:60])
        if len(hits) > 1:
            raise SeveralContractsNamed(names=", ".join(hit.label for hit in hits))
        return hits[0].id

    async def _plan_of(self, step: WaterfallStepContext) -> tuple[str, FollowUpPlan] | None:
        person, contract_id = person_of(step.context), step.values["target"]
        try:
            shown = await contract_plan(self._unit_of_work, self._catalogue, person, contract_id)
        except PlanContractNotFound:
            await say(step.context, "plan.error.not_found")
            return None
        if not may_adjust_plan(person, contract_id):
            await say(step.context, "error.not_allowed")
            return None
        return shown.reference, shown.plan

    async def _store(self, step: WaterfallStepContext, setting: PlanSetting, value: Any) -> str:
        texts = texts_of(step.context)
        await adjust_plan(self._unit_of_work, person_of(step.context), step.values["target"], setting, value)
        return texts("plan.saved", subject=step.values["subject"], setting=texts(f"plan.setting.{setting.value}"),
                     value=setting_value_text(texts, setting, value))


class ChangeDefaultPlanDialog(_ChangePlanSetting):
    """A segment's default plan; begun with the segment's name, if the command named it. Administrators only."""

    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(ChangeDefaultPlanDialog.__name__, unit_of_work)

    async def _target(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not allowed(person_of(step.context), Permission.ADMINISTER):
            await say(step.context, "error.not_allowed")
            return await step.end_dialog()
        texts = texts_of(step.context)
        typed = step.options if isinstance(step.options, str) and step.options else None
        if typed is not None:
            try:
                return await step.next(read_segment(typed).value)
            except DomainError as error:
                await step.context.send_activity(MessageFactory.text(error_text(texts, error)))
        names = ", ".join(f"{number}. {segment_name(texts, segment)}" for number, segment in enumerate(SEGMENTS, 1))
        return await step.prompt("plan.target", text_prompt(texts("plan.ask_segment", segments=names)))

    async def _target_answer(self, _prompt: PromptValidatorContext, text: str) -> str:
        return read_segment(text).value

    async def _plan_of(self, step: WaterfallStepContext) -> tuple[str, FollowUpPlan] | None:
        texts = texts_of(step.context)
        segment = Segment(step.values["target"])
        plan = await segment_default(self._unit_of_work, person_of(step.context), segment)
        return texts("plan.default_subject", segment=segment_name(texts, segment)), plan

    async def _store(self, step: WaterfallStepContext, setting: PlanSetting, value: Any) -> str:
        texts = texts_of(step.context)
        segment = Segment(step.values["target"])
        _, kept = await change_default(self._unit_of_work, person_of(step.context), segment, setting, value)
        return texts("plan.default_saved", segment=segment_name(texts, segment),
                     setting=texts(f"plan.setting.{setting.value}"), value=setting_value_text(texts, setting, value),
                     kept=kept)


async def _setting_answer(prompt: PromptValidatorContext, text: str) -> str:
    choices = prompt.options.validations["choices"]
    chosen = chosen_id(choices, text)
    if chosen is None:
        raise NotAChoice(value=text.strip()[:60], count=len(choices))
    return chosen


async def _value_answer(prompt: PromptValidatorContext, text: str) -> str:
    parse_setting(PlanSetting(prompt.options.validations["setting"]), text)
    return text


def _hint(texts: Texts, setting: PlanSetting) -> str:
    limits = LIMITS.get(setting)
    if setting is PlanSetting.NOTICE_LEAD_MONTHS:
        return texts("plan.hint.notice_lead_months", low=limits.low, high=limits.high)
    if limits is not None:
        return texts("plan.hint.range", low=limits.low, high=limits.high)
    return texts(f"plan.hint.{setting.value}")
