"""The demo: a fresh SQLite database with made-up cases (marked 示例/虚构) and one user per role.

The cases are dated relative to the day the demo is created, so that their deadlines are live: one case has a
missed deadline and safeguard violations, one a deadline in a few days, one is at trial. Every person and every
case is invented. Passwords are random and returned once, to be printed.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pleaguard import migrations
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError
from pleaguard.services import accounts, cases

CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    password: str


def _at(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA).isoformat()


def demo_cases(today: dt.date) -> list[dict[str, Any]]:
    """Three made-up plea cases at different stages, dated relative to `today`."""

    def d(n: int) -> dt.date:
        """The day `n` days before today."""
        return today - dt.timedelta(days=n)

    theft = {
        "case_id": "示例-2026-001",
        "title": "（示例/虚构）刘某盗窃案：审查起诉期限将届满",
        "made_up": True,
        "people": [
            {"id": "s1", "role": "suspect", "name": "刘某（虚构）", "birth_date": "1990-05-20"},
            {"id": "l1", "role": "defender", "name": "张律师（虚构）", "firm": "示例律师事务所（虚构）"},
            {"id": "v1", "role": "victim", "name": "孙某（虚构）"},
        ],
        "charges": [{"person": "s1", "crime": "theft", "facts": {"amount_yuan": 12000}, "tier": 1}],
        "events": [
            {"id": "e1", "type": "detained", "at": _at(d(40), 20), "person": "s1"},
            {
                "id": "e2",
                "type": "rights_notice",
                "at": _at(d(40), 21),
                "person": "s1",
                "by": "police",
                "topics": ["litigation_rights", "plea_law", "right_to_defender"],
            },
            {
                "id": "e3",
                "type": "lawyer_assigned",
                "at": _at(d(38), 10),
                "person": "s1",
                "lawyer": "l1",
                "role": "defender_retained",
            },
            {"id": "e4", "type": "meeting", "at": _at(d(37), 14), "person": "s1", "lawyer": "l1", "minutes": 60},
            {"id": "e5", "type": "bail", "at": _at(d(30), 16), "person": "s1"},
            {"id": "e6", "type": "received_for_review", "at": _at(d(8), 9), "person": "s1"},
        ],
    }
    injury = {
        "case_id": "示例-2026-002",
        "title": "（示例/虚构）周某故意伤害案：值班律师未阅卷即在场签署具结书",
        "made_up": True,
        "people": [
            {"id": "s1", "role": "suspect", "name": "周某（虚构）", "birth_date": "1985-11-02"},
            {"id": "dl1", "role": "duty_lawyer", "name": "钱律师（虚构）", "firm": "示例区法律援助中心（虚构）"},
            {"id": "v1", "role": "victim", "name": "吴某（虚构）"},
        ],
        "charges": [{"person": "s1", "crime": "intentional_injury", "facts": {"injury": "light"}, "tier": 1}],
        "events": [
            {"id": "e1", "type": "detained", "at": _at(d(30), 22), "person": "s1"},
            {"id": "e2", "type": "arrest_requested", "at": _at(d(27), 10), "person": "s1"},
            {"id": "e3", "type": "arrested", "at": _at(d(22), 15), "person": "s1"},
            {"id": "e4", "type": "received_for_review", "at": _at(d(14), 9), "person": "s1"},
            {
                "id": "e5",
                "type": "lawyer_assigned",
                "at": _at(d(12), 9),
                "person": "s1",
                "lawyer": "dl1",
                "role": "duty_lawyer",
            },
            {
                "id": "e6",
                "type": "recommendation_proposed",
                "at": _at(d(12), 9, 30),
                "person": "s1",
                "recommendation": {"penalty_type": "fixed_term_imprisonment", "months": 14},
            },
            {
                "id": "e7",
                "type": "plea_affidavit_signed",
                "at": _at(d(12), 10),
                "person": "s1",
                "present": ["dl1"],
                "recommendation": {"penalty_type": "fixed_term_imprisonment", "months": 14},
                "procedure": "simplified",
            },
        ],
    }
    driving = {
        "case_id": "示例-2026-003",
        "title": "（示例/虚构）郑某危险驾驶案：速裁程序审理中",
        "made_up": True,
        "people": [
            {"id": "s1", "role": "suspect", "name": "郑某（虚构）", "birth_date": "1979-01-15"},
            {"id": "l1", "role": "defender", "name": "冯律师（虚构）", "firm": "示例律师事务所（虚构）"},
        ],
        "charges": [{"person": "s1", "crime": "dangerous_driving", "facts": {}, "tier": 1}],
        "events": [
            {"id": "e1", "type": "detained", "at": _at(d(60), 23), "person": "s1"},
            {
                "id": "e2",
                "type": "rights_notice",
                "at": _at(d(60), 23, 30),
                "person": "s1",
                "by": "police",
                "topics": ["litigation_rights", "plea_law"],
            },
            {"id": "e3", "type": "bail", "at": _at(d(59), 12), "person": "s1"},
            {
                "id": "e4",
                "type": "lawyer_assigned",
                "at": _at(d(50), 10),
                "person": "s1",
                "lawyer": "l1",
                "role": "defender_retained",
            },
            {"id": "e5", "type": "received_for_review", "at": _at(d(20), 9), "person": "s1"},
            {"id": "e6", "type": "file_access", "at": _at(d(18), 10), "person": "s1", "lawyer": "l1"},
            {"id": "e7", "type": "meeting", "at": _at(d(17), 15), "person": "s1", "lawyer": "l1", "minutes": 45},
            {
                "id": "e8",
                "type": "rights_notice",
                "at": _at(d(16), 9),
                "person": "s1",
                "by": "procuratorate",
                "topics": ["litigation_rights", "plea_law"],
            },
            {
                "id": "e9",
                "type": "opinions_heard",
                "at": _at(d(16), 9, 30),
                "person": "s1",
                "from_person": "l1",
                "matters": ["facts_and_charge", "leniency_proposal", "procedure", "other"],
            },
            {
                "id": "e10",
                "type": "opinions_heard",
                "at": _at(d(16), 9, 45),
                "person": "s1",
                "from_person": "s1",
                "matters": ["facts_and_charge", "leniency_proposal", "procedure", "other"],
            },
            {
                "id": "e11",
                "type": "recommendation_proposed",
                "at": _at(d(16), 10),
                "person": "s1",
                "recommendation": {
                    "penalty_type": "criminal_detention",
                    "months": 2,
                    "probation": True,
                    "probation_months": 4,
                    "fine_yuan": 4000,
                },
            },
            {
                "id": "e12",
                "type": "plea_affidavit_signed",
                "at": _at(d(16), 10, 30),
                "person": "s1",
                "present": ["l1"],
                "procedure": "speedy",
                "recommendation": {
                    "penalty_type": "criminal_detention",
                    "months": 2,
                    "probation": True,
                    "probation_months": 4,
                    "fine_yuan": 4000,
                },
            },
            {"id": "e13", "type": "indicted", "at": _at(d(10), 9), "person": "s1", "procedure": "speedy"},
            {"id": "e14", "type": "trial_accepted", "at": _at(d(7), 9), "person": "s1", "procedure": "speedy"},
        ],
    }
    return [theft, injury, driving]


#: One user per role, and the demo cases (by index) each one is assigned to.
DEMO_USERS: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("admin", "legal_aid_admin", "法律援助中心管理员（示例）", ()),
    ("lawyer", "lawyer", "张律师（示例）", (0, 2)),
    ("duty", "duty_lawyer", "钱律师（示例）", (1,)),
    ("reviewer", "reviewer", "审阅人（示例）", (0,)),
)


def example_cases_dir() -> Path | None:
    """The project's example case files (`examples/cases/` of a source checkout), if present."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples" / "cases"
        if candidate.is_dir():
            return candidate
    return None


def create_demo(directory: Path, *, today: dt.date | None = None) -> tuple[str, list[DemoUser], list[str]]:
    """Create the demo database in `directory` (which must not hold one already).

    Returns the database URL, the users with their passwords, and the ids of the cases stored.
    """
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "pleaguard-demo.db"
    if db.exists():
        raise InputError(
            f"{db} 已存在，演示需要新的数据库 / {db} already exists; the demo needs a fresh database",
            field="--dir",
            allowed="an empty or new directory",
        )
    url = f"sqlite:///{db}"
    migrations.upgrade(url)
    engine = create_engine(url)
    try:
        uow = SqlAlchemyUnitOfWork(engine)
        stored: list[str] = []
        for case_file in demo_cases(today or dt.date.today()):
            stored.append(cases.create_case(uow, actor=None, case_file=case_file).case_id)
        examples = example_cases_dir()
        for path in sorted(examples.glob("*.json")) if examples else []:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not data.get("made_up"):
                continue  # only invented cases go into the demo
            try:
                stored.append(cases.create_case(uow, actor=None, case_file=data).case_id)
            except InputError:
                continue
        users: list[DemoUser] = []
        for username, role, name, case_indexes in DEMO_USERS:
            password = secrets.token_urlsafe(12)
            accounts.create_user(uow, actor=None, username=username, password=password, role=role, display_name=name)
            for i in case_indexes:
                accounts.assign(uow, actor=None, case_id=stored[i], username=username)
            users.append(DemoUser(username, role, name, password))
        if len(stored) > 3:  # the example files: the duty lawyer and the reviewer see them too
            for case_id in stored[3:]:
                for username in ("duty", "reviewer"):
                    accounts.assign(uow, actor=None, case_id=case_id, username=username)
    finally:
        engine.dispose()
    return url, users, stored
