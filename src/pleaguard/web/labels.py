"""User-facing names of code values (roles, severities, penalty types…), as message ids for the catalogs.

`N_` only marks a string for extraction; pages translate it with the request's gettext at render time.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


ROLES: dict[str, str] = {
    "lawyer": N_("Lawyer"),
    "duty_lawyer": N_("Duty lawyer"),
    "legal_aid_admin": N_("Legal-aid administrator"),
    "reviewer": N_("Reviewer (read-only)"),
}

SEVERITIES: dict[str, str] = {
    "violation": N_("Violation"),
    "risk": N_("Risk"),
    "info": N_("Note"),
}

PENALTY_TYPES: dict[str, str] = {
    "public_surveillance": N_("Public surveillance"),
    "criminal_detention": N_("Criminal detention"),
    "fixed_term_imprisonment": N_("Fixed-term imprisonment"),
    "life_imprisonment": N_("Life imprisonment"),
    "death": N_("Death penalty"),
    "fine_only": N_("Fine only"),
    "exemption": N_("Exemption from punishment"),
}

BASES: dict[str, str] = {
    "law": N_("Law"),
    "interpretation": N_("Interpretation"),
    "policy": N_("Policy choice (not law)"),
    "fitted": N_("Fitted on judgments (not law)"),
}

PLEA_STAGES: dict[str, str] = {
    "investigation": N_("Investigation"),
    "prosecution_review": N_("Prosecution review"),
    "trial": N_("Trial"),
    "appeal": N_("Appeal"),
}


#: Sentencing circumstances (glossary code names) offered as checkboxes on the calculator, in the order lawyers
#: meet them; the engine accepts more (see `rules/sentencing/case_input.py`), reachable through the JSON field.
CIRCUMSTANCES: dict[str, str] = {
    "surrender": N_("Surrender"),
    "confession": N_("Confession"),
    "in_court_plea": N_("Plea in court"),
    "meritorious_service": N_("Meritorious service"),
    "restitution": N_("Restitution"),
    "compensation": N_("Compensation"),
    "forgiveness": N_("Victim's forgiveness"),
    "reconciliation": N_("Criminal reconciliation"),
    "good_custody_behaviour": N_("Good behaviour in custody"),
    "accessory": N_("Accessory"),
    "coerced_accomplice": N_("Coerced accomplice"),
    "attempt": N_("Attempt"),
    "preparation": N_("Preparation"),
    "abandonment": N_("Abandonment"),
    "recidivism": N_("Recidivism"),
    "prior_record": N_("Prior record"),
    "vulnerable_victim": N_("Vulnerable victim"),
    "disaster_period": N_("During a disaster"),
}


EVENT_TYPES: dict[str, str] = {
    "detained": N_("Detained"),
    "arrest_requested": N_("Arrest requested"),
    "arrested": N_("Arrested"),
    "bail": N_("Bail"),
    "residential_surveillance": N_("Residential surveillance"),
    "released": N_("Released"),
    "rights_notice": N_("Rights notice"),
    "lawyer_assigned": N_("Lawyer assigned"),
    "lawyer_ended": N_("Lawyer ended"),
    "meeting": N_("Meeting with the lawyer"),
    "file_access": N_("File review"),
    "received_for_review": N_("Received for prosecution review"),
    "opinions_heard": N_("Opinions heard"),
    "plea_objection": N_("Objection to the plea"),
    "recommendation_proposed": N_("Sentencing recommendation proposed"),
    "plea_affidavit_signed": N_("Plea affidavit signed"),
    "indicted": N_("Indicted"),
    "not_prosecuted": N_("Not prosecuted"),
    "trial_accepted": N_("Case accepted for trial"),
    "procedure_converted": N_("Procedure converted"),
    "judgment": N_("Judgment"),
    "plea_withdrawn": N_("Plea withdrawn"),
    "appeal": N_("Appeal"),
    "correction": N_("Correction"),
}

DEADLINE_STATUS: dict[str, str] = {
    "open": N_("Open"),
    "extension_needed": N_("Past the basic period: lawful only if an extension applies"),
    "missed": N_("Missed"),
    "met": N_("Met"),
    "met_within_extension": N_("Met within the extension"),
    "met_late": N_("Met late"),
    "expired": N_("Expired without appeal"),
}

#: Names of the fields of event forms and of the values of their choices.
FIELDS: dict[str, str] = {
    "at": N_("Date and time"),
    "person": N_("Suspect or defendant"),
    "note": N_("Note"),
    "lawyer": N_("Lawyer"),
    "minutes": N_("Minutes"),
    "role": N_("Role"),
    "by": N_("By"),
    "topics": N_("Topics"),
    "from_person": N_("Heard from"),
    "matters": N_("Matters"),
    "opinion": N_("Opinion"),
    "by_person": N_("Objecting person"),
    "recommendation": N_("Recommendation"),
    "revises": N_("Revises the proposal"),
    "present": N_("Present at signing"),
    "confession": N_("Records a truthful confession"),
    "procedure": N_("Procedure"),
    "to_procedure": N_("New procedure"),
    "reason": N_("Reason"),
    "kind": N_("Kind"),
    "penalty": N_("Penalty"),
    "served_at": N_("Served on"),
    "recommendation_adopted": N_("Recommendation adopted"),
    "roving_repeated_or_gang": N_("Roving, repeated or gang crime suspected"),
    "major_or_complex": N_("Major or complex case"),
    "corrects": N_("Corrected event"),
    "fields": N_("Corrected fields (JSON)"),
    "void": N_("Void the event"),
    "penalty_type": N_("Penalty"),
    "months": N_("Months (fixed)"),
    "months_min": N_("Months from"),
    "months_max": N_("Months to"),
    "probation": N_("Probation"),
    "probation_months": N_("Probation months"),
    "fine_yuan": N_("Fine (yuan)"),
}

CHOICES: dict[str, str] = {
    "defender_retained": N_("Retained defender"),
    "defender_legal_aid": N_("Legal-aid defender"),
    "duty_lawyer": N_("Duty lawyer"),
    "police": N_("Police"),
    "procuratorate": N_("Procuratorate"),
    "court": N_("Court"),
    "detention_house": N_("Detention house"),
    "litigation_rights": N_("Litigation rights"),
    "plea_law": N_("The law on plea leniency"),
    "legal_aid": N_("Legal aid"),
    "right_to_defender": N_("Right to a defender"),
    "facts_and_charge": N_("Facts and charge"),
    "leniency_proposal": N_("Proposed leniency"),
    "procedure": N_("Procedure"),
    "other": N_("Other"),
    "speedy": N_("Speedy procedure"),
    "simplified": N_("Simplified procedure"),
    "ordinary": N_("Ordinary procedure"),
    "defendant": N_("Defendant"),
    "judgment": N_("Judgment"),
    "ruling": N_("Ruling"),
    "not_a_crime": N_("Not a crime"),
    "involuntary_plea": N_("Involuntary plea"),
    "denies_facts": N_("Denies the facts"),
    "complex_or_disputed": N_("Complex or disputed"),
    "possible_over_three_years": N_("Possibly more than three years"),
    "suspect": N_("Suspect"),
    "victim": N_("Victim"),
    "defender": N_("Defender"),
    "legal_representative": N_("Legal representative"),
    "victim_agent": N_("Victim's agent"),
    **PENALTY_TYPES,
}


VERDICTS: dict[str, str] = {
    "object": N_("Object: the recommendation is outside what the law and the plea discount allow"),
    "argue": N_("Within the range, but there are points to argue"),
    "acceptable": N_("Within what the law allows; no point to argue found"),
}

POSITIONS: dict[str, str] = {
    "above": N_("above the lawful range"),
    "inside": N_("inside the lawful range"),
    "below": N_("below the lawful range"),
}

POINT_SEVERITIES: dict[str, str] = {
    "object": N_("Object"),
    "argue": N_("Argue"),
}


#: The actions of a case's audit trail (`pleaguard.adapters.db.orm.AUDIT_ACTIONS`).
AUDIT_ACTIONS: dict[str, str] = {
    "create": N_("Case created"),
    "import": N_("Case imported"),
    "read": N_("Case read"),
    "add_event": N_("Event added"),
    "verify": N_("Hash chain verified"),
    "export": N_("Case exported"),
    "assign": N_("User assigned"),
    "unassign": N_("User unassigned"),
    "refused": N_("Access refused"),
}

#: What a refused user asked for (the `attempted` of a "refused" audit entry; see `pleaguard.services.access`).
ATTEMPTS: dict[str, str] = {
    "read": N_("read the case"),
    "timeline": N_("read the timeline"),
    "verify": N_("verify the hash chain"),
    "export": N_("export the case file"),
    "audit": N_("read the audit trail"),
    "head_hash": N_("read the head hash"),
    "assignees": N_("see who is assigned"),
    "add_event": N_("add an event"),
    "assign": N_("assign a user"),
    "unassign": N_("unassign a user"),
}

#: Why an attempt was refused (the `reason` of a "refused" audit entry).
REFUSAL_REASONS: dict[str, str] = {
    "not_assigned": N_("not assigned to the case"),
    "inactive": N_("account deactivated"),
    "read_only": N_("reviewers are read-only"),
    "not_admin": N_("only a legal-aid administrator may do this"),
}


def all_labels() -> dict[str, dict[str, str]]:
    return {
        "roles": ROLES,
        "severities": SEVERITIES,
        "penalty_types": PENALTY_TYPES,
        "bases": BASES,
        "plea_stages": PLEA_STAGES,
        "circumstances": CIRCUMSTANCES,
        "event_types": EVENT_TYPES,
        "deadline_status": DEADLINE_STATUS,
        "fields": FIELDS,
        "choices": CHOICES,
        "verdicts": VERDICTS,
        "positions": POSITIONS,
        "point_severities": POINT_SEVERITIES,
        "audit_actions": AUDIT_ACTIONS,
        "attempts": ATTEMPTS,
        "refusal_reasons": REFUSAL_REASONS,
    }
