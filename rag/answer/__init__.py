"""Answers: the minimal cited span, chat turns, optional LLM replies."""
