"""The 律师和基层法律服务 line's models, one module per part of the line's work (registers,
annual inspection, discipline, village advisers), all collected here for Django."""

from sifa.practice.models.advisers import AdviserContract, ServiceLog
from sifa.practice.models.discipline import Complaint, ComplaintEvent, Sanction, SanctionEvent
from sifa.practice.models.inspection import (
    Assessment,
    Inspection,
    Material,
    Submission,
    SubmissionEvent,
)
from sifa.practice.models.integrity import ComplaintPublication, PublicService, Reward
from sifa.practice.models.registers import Institution, Matter, Practitioner, Transfer

__all__ = ["AdviserContract", "Institution", "Matter", "Practitioner", "ServiceLog", "Transfer"]
__all__ += ["Complaint", "ComplaintEvent", "Sanction", "SanctionEvent"]
__all__ += ["Assessment", "Inspection", "Material", "Submission", "SubmissionEvent"]
__all__ += ["ComplaintPublication", "PublicService", "Reward"]
