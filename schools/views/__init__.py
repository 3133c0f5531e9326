"""Schools' and sponsors' pages (IPAE staff). Views parse, call the services, render."""

from .imports import SchoolImportView

__all__ = ["SchoolImportView"]
