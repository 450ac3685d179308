from surveys.models.bank import BankMode, BankQuestion, BankRole, QuestionBank
from surveys.models.invitations import Invitation
from surveys.models.organizations import Membership, Organization, OrganizationInvitation
from surveys.models.reminders import ScheduledReminder
from surveys.models.responses import Response
from surveys.models.surveys import Survey
from surveys.models.teams import Team

__all__ = [
    "BankMode",
    "BankQuestion",
    "BankRole",
    "Invitation",
    "Membership",
    "Organization",
    "OrganizationInvitation",
    "QuestionBank",
    "Response",
    "ScheduledReminder",
    "Survey",
    "Team",
]
