"""Sentencing: the three-step method of the SPC/SPP guidelines (starting point → base sentence → adjustment)."""
