"""`pleaguard eval …`: reproducible evaluations. Commands are added by the modules they evaluate
(`eval extract` in cli/judgments.py, `eval predict` in cli/predict.py) through `eval_app`."""

from __future__ import annotations

import typer

eval_app = typer.Typer(help="可复现的评测：裁判文书抽取、刑期预测。", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
