"""Batch: a spreadsheet of residents in, one folder of papers per row out."""
