"""The base of every dialog: "avbryt"/"cancel" ends it with nothing saved, "hjälp"/"help" explains the
step the user is on and keeps waiting for the answer, and another command of more than one word ("visa
uppföljningsplan för …", "rapportera KPI") ends it and is then carried out, so nobody is stuck in a dialog they
left. A single word is always taken as the answer: a KPI may well be called "Reklamationer"."""

from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus
from botbuilder.schema import ActivityTypes

from bot.commands import Command, is_cancel, parse_command
from dialogs.turn import SWITCHED, texts_of


class InterruptibleDialog(ComponentDialog):
    # what the user is told when "avbryt" or another command ends the dialog; a dialog that stores as it goes
    # says instead what it kept
    cancelled_text = "cancel.done"
    left_text = "dialog.left"

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        interrupted = await self._interrupt(inner_dc)
        if interrupted is not None:
            return interrupted
        return await super().on_continue_dialog(inner_dc)

    async def _interrupt(self, inner_dc: DialogContext) -> DialogTurnResult | None:
        activity = inner_dc.context.activity
        if activity.type != ActivityTypes.message or not activity.text:
            return None
        texts = texts_of(inner_dc.context)
        if is_cancel(activity.text):
            await inner_dc.context.send_activity(MessageFactory.text(texts(self.cancelled_text)))
            return await inner_dc.cancel_all_dialogs()
        command = parse_command(activity.text)
        if command is Command.HELP:
            await inner_dc.context.send_activity(MessageFactory.text(texts("dialog.help")))
            return DialogTurnResult(DialogTurnStatus.Waiting)
        if command is not None and len(activity.text.split()) > 1:  # one word ("Reklamationer") is an answer
            await inner_dc.context.send_activity(MessageFactory.text(texts(self.left_text)))
            inner_dc.context.turn_state[SWITCHED] = True
            return await inner_dc.cancel_all_dialogs()
        return None
