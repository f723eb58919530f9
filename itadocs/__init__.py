"""itadocs: Thai ITA measure and progress documents from the divisions' Excel workbooks."""

__version__ = "0.1.0"
