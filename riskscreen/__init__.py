"""riskscreen: forced-labour and human-trafficking risk screening for supply chains."""

__version__ = "0.1.0"
