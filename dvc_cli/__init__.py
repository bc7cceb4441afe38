"""dvc (dịch vụ công): fill Vietnamese public-service forms and checklists."""

__version__ = "0.1.0"
