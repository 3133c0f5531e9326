"""Evaluations' pages, by concern."""

from .home import HomeView, home_for

__all__ = ["HomeView", "home_for"]
