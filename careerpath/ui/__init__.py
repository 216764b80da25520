"""The PySide6 desktop app: the only part of careerpath that imports Qt."""
