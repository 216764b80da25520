"""careerpath: offline planning of micro-credential paths to a target role."""

__version__ = "0.1.0"
