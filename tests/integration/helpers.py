"""Made-up case data and small helpers shared by the integration tests."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def sample_case(case_id: str = "2024-刑-001") -> dict[str, Any]:
    """A made-up dangerous-driving case with a suspect, a duty lawyer and two events."""
    return {
        "case_id": case_id,
        "title": "示例案件（虚构）",
        "made_up": True,
        "people": [
            {"id": "s1", "role": "suspect", "name": "张三（虚构）", "birth_date": "1990-05-01"},
            {"id": "dl1", "role": "duty_lawyer", "name": "李律师（虚构）"},
            {"id": "v1", "role": "victim", "name": "王五（虚构）"},
        ],
        "charges": [{"person": "s1", "crime": "dangerous_driving", "facts": {"blood_alcohol_mg_per_100ml": 120}}],
        "events": [
            {"id": "e1", "type": "detained", "at": "2024-09-27T10:00:00+08:00", "person": "s1"},
            {"id": "e2", "type": "rights_notice", "at": "2024-09-27T11:00:00+08:00", "person": "s1",
             "by": "police", "topics": ["litigation_rights", "plea_law", "duty_lawyer"]},
        ],
    }


def event(event_id: str, kind: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"id": event_id, "type": kind, "at": at, "person": "s1", **fields}


def count_rows(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def isolated_postgres_url(base_url: str) -> tuple[str, str]:
    """Create a fresh schema on the server; return (url selecting it, schema name)."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_postgres_schema(base_url: str, schema: str) -> None:
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    engine.dispose()
