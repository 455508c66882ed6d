"""Criminal judgments: extraction of plea and sentencing facts (`pleaguard.judgments.extract.extract`), corpus
processing (streaming, resumable, on Dask) and research statistics."""
