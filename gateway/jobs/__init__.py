"""Durable jobs: questions (one or a batch) and ingests stored in the database and run by any gateway's workers."""

from gateway.jobs.runner import JobRunner, open_job_runner
from gateway.jobs.settings import JobSettings

__all__ = ["JobRunner", "JobSettings", "open_job_runner"]
